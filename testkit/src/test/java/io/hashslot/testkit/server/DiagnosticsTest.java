package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SLOWLOG, LATENCY, DEBUG OBJECT and COMMAND GETKEYS against a real redis-server: the same scenario on both, the
 * replies compared after removing what depends on time and addresses.
 */
class DiagnosticsTest {
    private static RealRedis redis;
    private static TestNode node;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start();
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Slow log entries without id, time, duration and address: [arguments, client name]. */
    @SuppressWarnings("unchecked")
    private static List<Object> slowlog(RawClient c) {
        List<Object> out = new ArrayList<>();
        for (Object e : (List<Object>) CommandMetadataTest.plain(c.call("SLOWLOG", "GET", "-1"))) {
            List<Object> entry = (List<Object>) e;
            assertThat(entry).hasSize(6);
            assertThat(entry.get(1)).isInstanceOf(Long.class);
            assertThat((Long) entry.get(2)).isNotNegative();
            assertThat((String) entry.get(4)).matches("127\\.0\\.0\\.1:\\d+");
            out.add(List.of(entry.get(3), entry.get(5)));
        }
        return out;
    }

    private static List<Object> slowScenario(int port) {
        try (RawClient c = new RawClient(port)) {
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            c.call("SLOWLOG", "RESET");
            c.call("CLIENT", "SETNAME", "slowpoke");
            List<String> many = new ArrayList<>(List.of("DEL"));
            for (int i = 0; i < 40; i++) {
                many.add("k" + i);
            }
            c.call(many.toArray(new String[0]));
            c.call("ECHO", "A".repeat(129));
            c.call("CONFIG", "SET", "masterauth", "secret", "slowlog-max-len", "128");
            c.call("MULTI");
            c.call("PING");
            c.call("EXEC");
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1");
            List<Object> log = slowlog(c);
            c.call("CONFIG", "SET", "masterauth", "", "slowlog-log-slower-than", "10000");
            c.call("SLOWLOG", "RESET");
            return log;
        }
    }

    @Test
    void slowlogEntriesAsRedis() {
        List<Object> ours = slowScenario(node.port());
        assertThat(ours).isEqualTo(slowScenario(redis.port()));
        assertThat(ours.toString()).contains("(redacted)").doesNotContain("secret").contains("more arguments")
            .contains("more bytes").contains("slowpoke");
    }

    @Test
    void slowlogMaxLenTrimsOldEntries() {
        try (RawClient c = node.client()) {
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "10");
            for (int i = 0; i < 50; i++) {
                c.call("PING");
            }
            assertThat(c.call("SLOWLOG", "LEN")).isEqualTo(new RespValue.Int(10));
            assertThat((List<?>) CommandMetadataTest.plain(c.call("SLOWLOG", "GET", "5"))).hasSize(5);
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128");
            c.call("SLOWLOG", "RESET");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> latencyScenario(int port) {
        try (RawClient c = new RawClient(port)) {
            c.call("CONFIG", "SET", "latency-monitor-threshold", "20");
            c.call("LATENCY", "RESET");
            c.call("CONFIG", "RESETSTAT");
            c.call("DEBUG", "SLEEP", "0.04");
            c.call("CLIENT", "ID");
            List<Object> latest = (List<Object>) CommandMetadataTest.plain(c.call("LATENCY", "LATEST"));
            List<Object> history = (List<Object>) CommandMetadataTest.plain(c.call("LATENCY", "HISTORY", "command"));
            Map<Object, Object> histogram = toMap(CommandMetadataTest.plain(c.call("LATENCY", "HISTOGRAM", "debug")));
            Map<Object, Object> clientHisto = toMap(CommandMetadataTest.plain(c.call("LATENCY", "HISTOGRAM",
                "client")));
            c.call("CONFIG", "SET", "latency-monitor-threshold", "0");
            long resets = ((RespValue.Int) c.call("LATENCY", "RESET")).value();
            List<Object> event = (List<Object>) latest.get(0);
            List<Object> sample = (List<Object>) history.get(0);
            Map<Object, Object> debug = toMap(histogram.get("debug"));
            return List.of(latest.size(), event.get(0), (Long) event.get(2) >= 40, event.get(3).equals(event.get(2)),
                history.size(), sample.get(0).equals(event.get(1)), debug.get("calls"),
                toMap(debug.get("histogram_usec")).keySet(), clientHisto.keySet(), resets);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> toMap(Object flat) {
        Map<Object, Object> m = new java.util.LinkedHashMap<>();
        List<Object> l = (List<Object>) flat;
        for (int i = 0; i < l.size(); i += 2) {
            m.put(l.get(i), l.get(i + 1));
        }
        return m;
    }

    @Test
    void latencyEventsAndHistogramsAsRedis() {
        List<Object> ours = latencyScenario(node.port());
        List<Object> real = latencyScenario(redis.port());
        assertThat(ours).isEqualTo(real);
    }

    private static String debugObject(RawClient c, String key) {
        return ((RespValue.Simple) c.call("DEBUG", "OBJECT", key)).text()
            .replaceAll("Value at:0x[0-9a-f]+", "Value at:X").replaceAll(" lru:\\d+", " lru:N");
    }

    @Test
    void debugObjectLinesAsRedisForStrings() {
        try (RawClient r = new RawClient(redis.port()); RawClient h = node.client()) {
            for (String[] kv : new String[][] {{"s", "abc"}, {"i", "12345"}, {"big", "123456789012"},
                {"neg", "-5"}, {"e", ""}, {"mixed", "Hq9x-Lm2Zr7Tq0Pw5Ny8Vb3Kc6Jd1Gf4Xs"}}) {
                r.call("SET", kv[0], kv[1]);
                h.call("SET", kv[0], kv[1]);
                assertThat(debugObject(h, kv[0])).as(kv[1]).isEqualTo(debugObject(r, kv[0]));
            }
            assertThat(h.call("DEBUG", "OBJECT", "nosuch")).isEqualTo(r.call("DEBUG", "OBJECT", "nosuch"));
        }
    }

    /** Registers do-nothing handlers, on the node's thread, for commands other families have not written yet. */
    private static void stubs(String... names) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.server().execute(() -> {
            for (String n : names) {
                if (node.server().context().commands().spec(n).subcommands().isEmpty()) {
                    if (node.server().context().commands().lookupTop(n.getBytes()) == null) {
                        node.server().context().commands().register(n, (c, argv) -> c.reply().ok());
                    }
                }
            }
            done.complete(null);
        });
        done.get();
    }

    @Test
    void getkeysAndFlagsAsRedis() throws Exception {
        stubs("mset", "lmove", "lcs", "zunionstore", "eval", "xread", "georadius", "bitfield", "memory|usage",
            "xgroup|create");
        List<List<String>> calls = new ArrayList<>(List.of(
            List.of("set", "k1", "v1"), List.of("set", "k1", "v1", "get"), List.of("mset", "k1", "v1", "k2", "v2"),
            List.of("lmove", "k1", "k2", "left", "right"), List.of("lcs", "key1", "key2"),
            List.of("eval", "return 1", "1", "key"), List.of("eval", "return 1", "0"),
            List.of("eval", "return 1", "x"), List.of("xread", "count", "2", "streams", "s1", "s2", "0", "0"),
            List.of("georadius", "src", "1", "2", "3", "km", "store", "dst"),
            List.of("bitfield", "b", "get", "u8", "0"), List.of("bitfield", "b", "set", "u8", "0", "1"),
            List.of("memory", "usage", "key"), List.of("xgroup", "create", "key", "groupname", "$"),
            List.of("mset", "k1"), List.of("get")));
        List<String> zunion = new ArrayList<>(List.of("zunionstore", "target", "260"));
        for (int i = 1; i <= 260; i++) {
            zunion.add("key" + i);
        }
        calls.add(zunion);
        try (RawClient r = new RawClient(redis.port()); RawClient h = node.client()) {
            for (List<String> call : calls) {
                for (String sub : new String[] {"GETKEYS", "GETKEYSANDFLAGS"}) {
                    List<String> args = new ArrayList<>(List.of("COMMAND", sub));
                    args.addAll(call);
                    String[] a = args.toArray(new String[0]);
                    assertThat(h.callRawString(a)).as(String.join(" ", args)).isEqualTo(r.callRawString(a));
                }
            }
        }
    }
}
