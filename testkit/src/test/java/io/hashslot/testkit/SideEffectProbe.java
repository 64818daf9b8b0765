package io.hashslot.testkit;

import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Watches what a command does on a running server beyond its reply: the keyspace events it sends (the server
 * must run with notify-keyspace-events), keyspace_hits, keyspace_misses, rdb_changes_since_last_save, and what
 * it appends to the AOF (the server must run with appendonly yes and appendfsync always). Works the same on a
 * redis-server and on a Hashslot node, so side effects can be compared command by command.
 */
public final class SideEffectProbe implements AutoCloseable {
    /** What one command did. */
    public record Step(byte[] reply, List<String> events, long hits, long misses, long dirty,
                       List<byte[][]> propagated) {
    }

    private final RawClient main;
    private final RawClient sub;
    private final RawClient admin; // INFO on its own connection: main may be inside MULTI
    private final Path aof;
    private long aofOffset;

    /** Connects to the server on {@code port} whose working directory is {@code dir}. */
    public SideEffectProbe(int port, Path dir) throws IOException {
        main = new RawClient(port);
        sub = new RawClient(port);
        admin = new RawClient(port);
        sub.call("PSUBSCRIBE", "__keyevent@*__:*");
        aof = waitForAof(dir.resolve("appendonlydir"));
        aofOffset = Files.size(aof);
    }

    public Step run(List<byte[]> args) throws IOException {
        String[] before = counters(admin);
        byte[] reply = main.callRaw(args);
        String[] after = counters(admin);
        List<String> events = drainEvents(sub);
        byte[] chunk = readFrom(aof, aofOffset);
        aofOffset += chunk.length;
        return new Step(reply, events, delta(before[0], after[0]), delta(before[1], after[1]),
            delta(before[2], after[2]), aofCommands(chunk));
    }

    @Override
    public void close() {
        main.close();
        sub.close();
        admin.close();
    }

    private static long delta(String before, String after) {
        return Long.parseLong(after) - Long.parseLong(before);
    }

    /** keyspace_hits, keyspace_misses, rdb_changes_since_last_save. */
    private static String[] counters(RawClient c) {
        String stats = ((RespValue.Bulk) c.call("INFO", "stats")).text();
        String persistence = ((RespValue.Bulk) c.call("INFO", "persistence")).text();
        return new String[] {field(stats, "keyspace_hits"), field(stats, "keyspace_misses"),
            field(persistence, "rdb_changes_since_last_save")};
    }

    private static String field(String info, String name) {
        for (String l : info.split("\r\n")) {
            if (l.startsWith(name + ":")) {
                return l.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name);
    }

    /** Everything the subscriber received so far, as "event key", using a PING as a barrier. */
    private static List<String> drainEvents(RawClient sub) {
        sub.send(RawClient.args("PING"));
        List<String> events = new ArrayList<>();
        while (true) {
            RespValue.Array msg = (RespValue.Array) sub.read();
            String kind = ((RespValue.Bulk) msg.items().get(0)).text();
            if (kind.equals("pong")) {
                return events;
            }
            String channel = latin1(((RespValue.Bulk) msg.items().get(2)).bytes());
            String key = latin1(((RespValue.Bulk) msg.items().get(3)).bytes());
            events.add(channel.substring(channel.indexOf("__:") + 3) + " " + key);
        }
    }

    private static Path waitForAof(Path dir) throws IOException {
        for (int i = 0; i < 500; i++) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    Path p = files.filter(f -> f.toString().endsWith(".incr.aof")).findFirst().orElse(null);
                    if (p != null) {
                        return p;
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IllegalStateException("no AOF in " + dir);
    }

    private static byte[] readFrom(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, (int) offset, all.length);
    }

    /** The commands in an AOF chunk, without SELECT. */
    private static List<byte[][]> aofCommands(byte[] chunk) {
        List<byte[][]> commands = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(chunk);
        RespReader reader = new RespReader(in);
        try {
            while (in.available() > 0) {
                List<RespValue> items = ((RespValue.Array) reader.read()).items();
                byte[][] argv = new byte[items.size()][];
                for (int i = 0; i < argv.length; i++) {
                    argv[i] = ((RespValue.Bulk) items.get(i)).bytes();
                }
                if (!latin1(argv[0]).equalsIgnoreCase("SELECT")) {
                    commands.add(argv);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return commands;
    }

    /** Commands as text with timestamps near now replaced by "<now+Ns>" (two servers' clocks differ slightly). */
    public static String normalize(List<byte[][]> commands) {
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        for (byte[][] argv : commands) {
            StringBuilder sb = new StringBuilder();
            for (byte[] a : argv) {
                String s = latin1(a);
                try {
                    long v = Long.parseLong(s);
                    if (Math.abs(v - now) < 86_400_000L) {
                        s = "<now+" + Math.round((v - now) / 10000.0) * 10 + "s>";
                    }
                } catch (NumberFormatException e) {
                    // not a number
                }
                sb.append(sb.length() == 0 ? "" : " ").append(s);
            }
            out.add(sb.toString().toUpperCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** Adds "line -> what: redis X hashslot Y" to {@code diffs} when the two differ. */
    public static void check(List<String> diffs, String line, String what, Object real, Object ours) {
        if (!String.valueOf(real).equals(String.valueOf(ours))) {
            diffs.add(line + " -> " + what + ": redis " + real + " hashslot " + ours);
        }
    }

    /** A reply with its CRLFs made visible. */
    public static String text(byte[] b) {
        return latin1(b).replace("\r\n", "\\r\\n");
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
