package io.hashslot.testkit.hll;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.common.hll.HyperLogLog;
import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random PFADD / PFMERGE / PFCOUNT / PFDEBUG TODENSE sequences (element sets of 1 to 100,000 elements, and small
 * sets picked to hash into a window of 8 adjacent registers so that sparse VAL runs form, merge and split) sent
 * to a real redis-server and to a Hashslot node: every reply and, after every command, the raw bytes (GET) of every
 * key must be identical. Run with the default hll-sparse-max-bytes and with a small one (200) that makes sparse
 * values turn dense in the middle of PFADD and PFMERGE. Skipped when no redis-server is installed.
 */
class HllDifferentialTest {
    private static final String[] KEYS = {"a", "b", "c"};
    private static final int SMALL_SPARSE_LIMIT = 200;
    private static final int NEAR_WIDTH = 8;

    private static RealRedis redis;
    private static RealRedis redisSmall;
    private static TestNode node;
    private static TestNode nodeSmall;

    @BeforeContainer
    static void start() {
        if (RealRedis.available()) {
            redis = RealRedis.start();
            redisSmall = RealRedis.start("--hll-sparse-max-bytes", String.valueOf(SMALL_SPARSE_LIMIT));
            node = TestNode.start();
            nodeSmall = TestNode.start("hll-sparse-max-bytes", String.valueOf(SMALL_SPARSE_LIMIT));
        }
    }

    @AfterContainer
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {node, nodeSmall, redis, redisSmall}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** One command of a generated sequence; elements are expanded from a seed when the command is sent. */
    record Op(String kind, String key, List<String> sources, int elements, int universe, long seed) {
        List<byte[]> command() {
            List<byte[]> args = new ArrayList<>();
            switch (kind) {
                case "PFADD" -> {
                    args.add(bytes("PFADD"));
                    args.add(bytes(key));
                    SplittableRandom r = new SplittableRandom(seed);
                    for (int i = 0; i < elements; i++) {
                        args.add(bytes("el:" + r.nextInt(universe)));
                    }
                }
                case "NEAR" -> {
                    // elements whose registers fall in [universe, universe + 8): runs of adjacent registers
                    args.add(bytes("PFADD"));
                    args.add(bytes(key));
                    SplittableRandom r = new SplittableRandom(seed);
                    while (args.size() < elements + 2) {
                        byte[] e = bytes("near:" + r.nextLong());
                        int index = HyperLogLog.indexAndCount(e, 0, e.length) >>> 8;
                        if (index >= universe && index < universe + NEAR_WIDTH) {
                            args.add(e);
                        }
                    }
                }
                case "PFMERGE" -> {
                    args.add(bytes("PFMERGE"));
                    args.add(bytes(key));
                    sources.forEach(s -> args.add(bytes(s)));
                }
                case "PFCOUNT" -> {
                    args.add(bytes("PFCOUNT"));
                    args.add(bytes(key));
                    sources.forEach(s -> args.add(bytes(s)));
                }
                case "TODENSE" -> {
                    args.add(bytes("PFDEBUG"));
                    args.add(bytes("TODENSE"));
                    args.add(bytes(key));
                }
                default -> throw new IllegalStateException(kind);
            }
            return args;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case "PFADD" -> "PFADD " + key + " <" + elements + " elements of " + universe + ", seed " + seed + ">";
                case "NEAR" -> "PFADD " + key + " <" + elements + " elements for registers " + universe + ".."
                    + (universe + NEAR_WIDTH - 1) + ", seed " + seed + ">";
                case "TODENSE" -> "PFDEBUG TODENSE " + key;
                default -> kind + " " + key + " " + String.join(" ", sources);
            };
        }
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(1, 10)),
            Tuple.of(4, Arbitraries.integers().between(10, 500)),
            Tuple.of(3, Arbitraries.integers().between(500, 5000)),
            Tuple.of(1, Arbitraries.integers().between(5000, 100_000)));
        Arbitrary<Op> add = Combinators.combine(key, size, Arbitraries.integers().between(1, 4), Arbitraries.longs())
            .as((k, n, spread, seed) -> new Op("PFADD", k, List.of(), n, Math.max(1, n * spread / 2), seed));
        Arbitrary<Integer> window = Arbitraries.oneOf(Arbitraries.integers().between(0, 16384 - NEAR_WIDTH),
            Arbitraries.of(0, 60, 16384 - NEAR_WIDTH));
        Arbitrary<Op> near = Combinators.combine(key, Arbitraries.integers().between(1, 12), window,
            Arbitraries.longs()).as((k, n, start, seed) -> new Op("NEAR", k, List.of(), n, start, seed));
        Arbitrary<List<String>> sources = key.list().ofMinSize(0).ofMaxSize(3);
        Arbitrary<Op> merge = Combinators.combine(key, sources)
            .as((k, s) -> new Op("PFMERGE", k, s, 0, 0, 0));
        Arbitrary<Op> count = Combinators.combine(key, sources)
            .as((k, s) -> new Op("PFCOUNT", k, s, 0, 0, 0));
        Arbitrary<Op> toDense = key.map(k -> new Op("TODENSE", k, List.of(), 0, 0, 0));
        Arbitrary<Op> op = Arbitraries.frequencyOf(
            Tuple.of(6, add), Tuple.of(5, near), Tuple.of(3, merge), Tuple.of(3, count), Tuple.of(1, toDense));
        return op.list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 80)
    void sameRepliesAndBytesAsRedis(@ForAll("sequences") List<Op> ops) {
        if (redis == null) {
            return;
        }
        compare(redis.port(), node.port(), ops);
    }

    @Property(tries = 60)
    void sameRepliesAndBytesWithASmallSparseLimit(@ForAll("sequences") List<Op> ops) {
        if (redis == null) {
            return;
        }
        compare(redisSmall.port(), nodeSmall.port(), ops);
    }

    private static void compare(int redisPort, int nodePort, List<Op> ops) {
        try (RawClient r = new RawClient(redisPort); RawClient h = new RawClient(nodePort)) {
            r.callRaw(RawClient.args("FLUSHALL"));
            h.callRaw(RawClient.args("FLUSHALL"));
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                List<byte[]> cmd = op.command();
                String where = "op " + i + " of " + ops + ": " + op;
                sameBytes(r.callRaw(cmd), h.callRaw(cmd), where);
                for (String k : KEYS) {
                    List<byte[]> get = RawClient.args("GET", k);
                    sameBytes(r.callRaw(get), h.callRaw(get), "GET " + k + " after " + where);
                }
            }
        }
    }

    /** Fails with the first differing offset and the bytes around it (whole replies can be 12 KB). */
    static void sameBytes(byte[] redisReply, byte[] nodeReply, String what) {
        int n = Math.min(redisReply.length, nodeReply.length);
        int at = 0;
        while (at < n && redisReply[at] == nodeReply[at]) {
            at++;
        }
        if (at == n && redisReply.length == nodeReply.length) {
            return;
        }
        int from = Math.max(0, at - 24);
        assertThat(excerpt(nodeReply, from)).as(what + ": first difference at reply byte " + at + " (lengths "
            + redisReply.length + " / " + nodeReply.length + ")").isEqualTo(excerpt(redisReply, from));
    }

    private static String excerpt(byte[] b, int from) {
        int to = Math.min(b.length, from + 64);
        return ConformanceRunner.escape(java.util.Arrays.copyOfRange(b, Math.min(from, b.length), to));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
