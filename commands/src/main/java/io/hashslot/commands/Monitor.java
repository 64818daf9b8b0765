package io.hashslot.commands;

import io.hashslot.common.config.ConfigText;
import java.nio.charset.StandardCharsets;

/** Feeds executed commands to MONITOR clients in Redis's line format. */
final class Monitor {
    private Monitor() {
    }

    static void feed(ServerContext server, Client source, byte[][] argv) {
        long micros = server.clock().currentTimeMillis() * 1000;
        StringBuilder sb = new StringBuilder();
        sb.append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000));
        sb.append(" [").append(source.dbIndex()).append(' ');
        sb.append(source.connection() == ClientConnection.NONE ? "lua" : source.connection().remoteAddress());
        sb.append(']');
        for (byte[] a : argv) {
            sb.append(' ').append(ConfigText.repr(new String(a, StandardCharsets.ISO_8859_1)));
        }
        String line = sb.toString();
        for (Client m : server.monitors()) {
            if (m != source) {
                m.encoder().simple(line);
                m.connection().requestFlush();
            }
        }
    }
}
