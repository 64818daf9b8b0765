package io.hashslot.testkit.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.common.ArgSplitter;
import io.hashslot.protocol.RespValue;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.TypedValue;
import io.hashslot.store.types.SetValue;
import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encodings chosen by the sorted set commands (Redis's OBJECT ENCODING against the node's value, read on its
 * execution thread) under several listpack limits, and sets as inputs of the set operations (created with SADD on
 * Redis and placed directly in the node's keyspace, as this branch has no set commands).
 */
class ZSetEncodingTest {
    private static String longMember(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static String many(String key, int n) {
        StringBuilder sb = new StringBuilder("ZADD " + key);
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(i).append(" m").append(i);
        }
        return sb.toString();
    }

    private static final String[] SCRIPT = {
        "ZADD small 1 a 2 b", "ZADD l64 1 " + longMember('x', 64), "ZADD l65 1 " + longMember('x', 65),
        "ZADD mixed 1 a 2 " + longMember('y', 65), "ZADD first 1 " + longMember('y', 65) + " 2 a",
        "ZADD empty 1 \"\"", many("n128", 128), many("n129", 129), "ZADD grow 1 a",
        "ZADD grow 2 " + longMember('z', 70),
        "ZREM grow " + longMember('z', 70), "ZINCRBY inc 1 a", "ZINCRBY incl 1 " + longMember('q', 65),
        "ZADD n128 INCR 1 m0", "ZADD n128 500 extra", "ZREMRANGEBYRANK n128 0 100", "ZUNIONSTORE u1 1 n129",
        "ZRANGESTORE r1 n129 0 9", "ZRANGESTORE r2 n129 0 -1", "ZRANGESTORE r3 n129 0 +inf BYSCORE",
        "ZRANGESTORE r4 n129 0 5 BYSCORE", "ZRANGESTORE r5 l65 0 -1", "ZRANGESTORE r6 mixed 0 0",
        "ZINTERSTORE i1 2 n129 n129", "ZINTERSTORE i2 2 n129 small", "ZDIFFSTORE d1 2 n129 small",
        "ZDIFFSTORE d2 2 mixed small", "ZUNIONSTORE u2 2 small l64", "ZUNIONSTORE u3 2 small l65",
        "ZUNIONSTORE u4 2 grow small", "ZRANGESTORE r7 grow 0 -1", "ZPOPMIN n129 120", "ZMPOP 1 mixed MAX COUNT 1",
        "ZADD z0 0 \"\"", "ZADD z0 1 b", "ZADD e5 1 a 2 b 3 c 4 d 5 e", "ZUNIONSTORE u5 1 e5",
        "ZUNIONSTORE u6 1 inc", many("n128b", 128), "ZUNIONSTORE u7 1 n128b", "ZRANGESTORE r8 n128b 0 -1",
        "ZRANGESTORE r9 e5 0 -1", "ZRANGESTORE r10 n128b -inf +inf BYSCORE", "ZADD e6 1 a 2 b 3 c 4 d 5 e 6 f",
        "ZRANGESTORE r11 e6 0 -1", "ZRANGESTORE r12 e6 -inf +inf BYSCORE",
    };

    private static final String[] KEYS = {"small", "l64", "l65", "mixed", "first", "empty", "n128", "n129",
        "grow", "inc", "incl", "u1", "r1", "r2", "r3", "r4", "r5", "r6", "i1", "i2", "d1", "d2", "u2", "u3", "u4",
        "r7", "z0", "e5", "u5", "u6", "n128b", "u7", "r8", "r9", "r10", "e6", "r11", "r12"};

    static Stream<Arguments> limits() {
        return Stream.of(Arguments.of("128", "64"), Arguments.of("0", "64"), Arguments.of("128", "0"),
            Arguments.of("1", "1"), Arguments.of("5", "100"));
    }

    @ParameterizedTest(name = "zset-max-listpack-entries {0}, value {1}")
    @MethodSource("limits")
    void encodingsAsRedis(String entries, String value) {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (RealRedis redis = RealRedis.start("--zset-max-listpack-entries", entries, "--zset-max-listpack-value",
                value);
             TestNode node = TestNode.start("zset-max-listpack-entries", entries, "zset-max-listpack-value", value);
             RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(node.port())) {
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (String cmd : SCRIPT) {
                List<byte[]> args = ArgSplitter.split(cmd.getBytes(StandardCharsets.UTF_8));
                expected.add(cmd + " -> " + ConformanceRunner.escape(a.callRaw(args)));
                actual.add(cmd + " -> " + ConformanceRunner.escape(b.callRaw(args)));
            }
            for (String k : KEYS) {
                String enc = new String(a.callRaw(List.of("OBJECT".getBytes(), "ENCODING".getBytes(), k.getBytes())),
                    StandardCharsets.ISO_8859_1);
                String name = enc.startsWith("$-1") ? "$-1" : "+" + enc.substring(enc.indexOf('\n') + 1).trim();
                expected.add(k + " " + name);
                String mine = onLoop(node, () -> {
                    Entry e = node.server().context().keyspace().db(0).find(k.getBytes());
                    return e == null ? "$-1" : "+" + ((TypedValue) e.value()).encoding();
                });
                actual.add(k + " " + mine);
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static <T> T onLoop(TestNode node, Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        node.server().execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String[][] SETS = {{"si", "1", "2", "3", "10"}, {"sh", "a", "b", "2", "zz"},
        {"sbig", "1", "3", "5", "7", "9", "b", "m1", "m3"}};

    private static final String[] SET_OPS = {
        "ZADD z 1 a 2 b 3 1 4 2 5 m1", "ZUNION 2 z si WITHSCORES", "ZUNION 3 si sh z WITHSCORES",
        "ZUNION 2 si si WEIGHTS 2 3 WITHSCORES", "ZINTER 2 z si WITHSCORES", "ZINTER 2 sh z WITHSCORES",
        "ZINTER 3 z sh sbig WEIGHTS 1 10 100 AGGREGATE MAX WITHSCORES", "ZDIFF 2 z si WITHSCORES",
        "ZDIFF 2 si z WITHSCORES", "ZDIFF 3 sbig si sh WITHSCORES", "ZINTERCARD 2 z sh", "ZINTERCARD 2 si sbig",
        "ZINTERCARD 3 si sbig z LIMIT 1", "ZUNIONSTORE d 2 si sh", "ZRANGE d 0 -1 WITHSCORES",
        "ZINTERSTORE d 2 si sbig AGGREGATE MIN", "ZRANGE d 0 -1 WITHSCORES", "ZDIFFSTORE d 2 sh z",
        "ZRANGE d 0 -1 WITHSCORES", "ZUNION 2 si missing WITHSCORES", "ZINTER 2 si missing",
        "ZUNION 1 sh WEIGHTS inf WITHSCORES", "ZUNION 2 sh z WEIGHTS 0 1 AGGREGATE MIN WITHSCORES",
        "ZRANGESTORE x si 0 -1", "ZADD si 1 a", "ZRANGE si 0 -1", "ZCARD sh",
    };

    @org.junit.jupiter.api.Test
    void setsAsInputs() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (RealRedis redis = RealRedis.start(); TestNode node = TestNode.start();
             RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(node.port())) {
            for (String[] set : SETS) {
                List<byte[]> sadd = new ArrayList<>();
                sadd.add("SADD".getBytes());
                for (String m : set) {
                    sadd.add(m.getBytes());
                }
                a.callRaw(sadd);
                onLoop(node, () -> {
                    SetValue s = null;
                    for (int i = 1; i < set.length; i++) {
                        byte[] m = set[i].getBytes();
                        if (s == null) {
                            s = SetValue.forFirstMember(m, 512);
                        }
                        s.add(m, 512);
                    }
                    Db db = node.server().context().keyspace().db(0);
                    db.add(set[0].getBytes(), s);
                    return null;
                });
            }
            for (String cmd : SET_OPS) {
                List<byte[]> args = ArgSplitter.split(cmd.getBytes(StandardCharsets.UTF_8));
                assertThat(ConformanceRunner.escape(b.callRaw(args))).as(cmd)
                    .isEqualTo(ConformanceRunner.escape(a.callRaw(args)));
            }
        }
    }

    /** Every member/score pair a full ZSCAN returns, sorted (skiplist scan order depends on hashing). */
    private static List<String> fullScan(RawClient c, String key) {
        List<String> pairs = new ArrayList<>();
        String cursor = "0";
        do {
            RespValue.Array v = (RespValue.Array) c.call("ZSCAN", key, cursor, "COUNT", "7");
            cursor = ((RespValue.Bulk) v.items().get(0)).text();
            List<RespValue> items = ((RespValue.Array) v.items().get(1)).items();
            for (int i = 0; i < items.size(); i += 2) {
                pairs.add(((RespValue.Bulk) items.get(i)).text() + " " + ((RespValue.Bulk) items.get(i + 1)).text());
            }
        } while (!cursor.equals("0"));
        pairs.sort(null);
        return pairs;
    }

    @org.junit.jupiter.api.Test
    void zscanScoreTextsInBothEncodings() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        String scores = "ZADD %s 1 a 2.5 b -3 c 4611686018427387904 d 4611686018427387903 e 1e20 f +inf g -inf h "
            + "0.1 i -0 j 1e-5 k 123456789012345678 l 3.0000000000000004 m -4611686018427387904 n 1e17 o 99999.5 p";
        try (RealRedis redis = RealRedis.start(); TestNode node = TestNode.start();
             RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(node.port())) {
            for (RawClient c : List.of(a, b)) {
                c.callRaw(ArgSplitter.split(String.format(scores, "packed").getBytes(StandardCharsets.UTF_8)));
                c.callRaw(ArgSplitter.split(String.format(scores, "list").getBytes(StandardCharsets.UTF_8)));
                c.call("ZADD", "list", "0", "x".repeat(65));
            }
            assertThat(fullScan(b, "packed")).isEqualTo(fullScan(a, "packed"));
            assertThat(fullScan(b, "list")).isEqualTo(fullScan(a, "list")).hasSize(17);
        }
    }
}
