package io.hashslot.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Frames and nodes.conf files captured from a real redis-server 7.0.15 by dev/capture-cluster-frames.py. */
public final class Golden {
    public static final String[] FRAMES = {
        "meet-hostname", "ping-2nodes", "pong-gossip", "publish", "publishshard", "update", "fail", "auth-ack",
        "mfstart", "auth-request"
    };

    private Golden() {
    }

    public static byte[] frame(String name) {
        return HexFormat.of().parseHex(text("/golden/" + name + ".hex").trim());
    }

    public static String nodesConf(String name) {
        return text("/golden/" + name + ".nodes.conf");
    }

    private static String text(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
