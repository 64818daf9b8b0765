package io.hashslot.testkit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Runs conformance cases against a real redis-server and a Hashslot node and reports the first difference. */
public final class ConformanceRunner {
    private final int redisPort;
    private final int hashslotPort;

    public ConformanceRunner(int redisPort, int hashslotPort) {
        this.redisPort = redisPort;
        this.hashslotPort = hashslotPort;
    }

    /** Returns null when both servers replied the same to every step, else a description of the difference. */
    public String run(ConformanceCase c) {
        try (RawClient admin1 = new RawClient(redisPort); RawClient admin2 = new RawClient(hashslotPort)) {
            admin1.callRaw(RawClient.args("FLUSHALL"));
            admin2.callRaw(RawClient.args("FLUSHALL"));
        }
        try (RawClient redis = new RawClient(redisPort); RawClient hs = new RawClient(hashslotPort)) {
            for (ConformanceCase.Step s : c.steps()) {
                switch (s.kind()) {
                    case SLEEP -> sleep(s.sleepMillis());
                    case RESP3 -> {
                        redis.callRaw(RawClient.args("HELLO", "3"));
                        hs.callRaw(RawClient.args("HELLO", "3"));
                    }
                    case NOCOMPARE -> {
                        redis.callRaw(s.args());
                        hs.callRaw(s.args());
                    }
                    case RAW -> {
                        byte[] bytes = join(s.args());
                        redis.sendRaw(bytes);
                        hs.sendRaw(bytes);
                        byte[] a = drain(redis);
                        byte[] b = drain(hs);
                        if (!java.util.Arrays.equals(a, b)) {
                            return diff(c, s, a, b);
                        }
                    }
                    case COMMAND -> {
                        byte[] a = redis.callRaw(s.args());
                        byte[] b = hs.callRaw(s.args());
                        if (!java.util.Arrays.equals(a, b)) {
                            return diff(c, s, a, b);
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
        }
        return null;
    }

    private static byte[] join(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < args.size(); i++) {
            out.writeBytes(args.get(i));
        }
        return out.toByteArray();
    }

    /** Reads everything until the connection is quiet for 200 ms or closed. */
    private static byte[] drain(RawClient c) {
        return c.drain(200);
    }

    private static String diff(ConformanceCase c, ConformanceCase.Step s, byte[] redis, byte[] hashslot) {
        return c.file() + ":" + s.line() + " [" + c.name() + "] " + s.text() + "\n  redis:    " + escape(redis)
            + "\n  hashslot: " + escape(hashslot);
    }

    public static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int v = x & 0xff;
            if (v == '\r') {
                sb.append("\\r");
            } else if (v == '\n') {
                sb.append("\\n");
            } else if (v < 32 || v > 126) {
                sb.append(String.format("\\x%02x", v));
            } else {
                sb.append((char) v);
            }
        }
        return sb.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** All case files on the classpath under conformance/ named in {@code names}. */
    public static List<ConformanceCase> loadAll(List<String> names) {
        List<ConformanceCase> all = new ArrayList<>();
        for (String n : names) {
            all.addAll(ConformanceCase.load("conformance/" + n));
        }
        return all;
    }
}
