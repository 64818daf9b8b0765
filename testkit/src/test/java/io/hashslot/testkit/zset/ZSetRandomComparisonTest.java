package io.hashslot.testkit.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of sorted set commands sent to a real redis-server and to a Hashslot node, both with small
 * listpack limits (8 entries, 10 bytes) so that sets are created in, and converted between, both encodings. Every
 * reply must be byte-identical (in RESP2 or RESP3), and so must every key's final ZRANGE 0 -1 WITHSCORES and
 * OBJECT ENCODING.
 *
 * <p>Lex-range commands only touch the key "lex", whose members all have score 0: with unequal scores Redis's
 * skiplist answer depends on its random node levels.
 */
class ZSetRandomComparisonTest {
    private static final String[] KEYS = {"k1", "k2", "k3"};
    private static final String[] MEMBERS = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
        "1", "2", "10", "-5", "", "longmember1", "longmember2", "longermember3", "zz"};
    private static final String[] SCORES = {"0", "-0", "1", "2", "3", "1.5", "-1", "-2.25", "10", "100", "1e3",
        "+inf", "-inf", "0.1", "0.2", "0.3", "3.0000000000000004", "1e17", "4611686018427387904", "-7"};
    private static final String[] BOUNDS = {"-inf", "+inf", "0", "1", "(1", "2", "(2", "3", "-1", "(-1", "10",
        "(100", "1.5", "-0", "(0", "inf", "-2.25"};
    private static final String[] LEX = {"-", "+", "[a", "(a", "[c", "(c", "[f", "(f", "[m", "[zz", "(zz", "[",
        "[1", "(10"};
    private static final String[] RANKS = {"0", "1", "2", "-1", "-2", "-3", "5", "10", "-100", "100"};

    private static RealRedis redis;
    private static TestNode node;

    @BeforeContainer
    static void start() {
        if (!RealRedis.available()) {
            return;
        }
        redis = RealRedis.start("--zset-max-listpack-entries", "8", "--zset-max-listpack-value", "10");
        node = TestNode.start("zset-max-listpack-entries", "8", "zset-max-listpack-value", "10");
    }

    @AfterContainer
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Arbitrary<String> key() {
        return Arbitraries.of(KEYS);
    }

    private static Arbitrary<String> member() {
        return Arbitraries.of(MEMBERS);
    }

    private static Arbitrary<String> score() {
        return Arbitraries.of(SCORES);
    }

    private static Arbitrary<List<String>> pairs(int max) {
        return Combinators.combine(score(), member()).as((s, m) -> List.of(s, m)).list().ofMinSize(1)
            .ofMaxSize(max).map(l -> {
                List<String> out = new ArrayList<>();
                l.forEach(out::addAll);
                return out;
            });
    }

    private static List<String> cmd(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(x -> out.add((String) x));
            } else if (p != null) {
                out.add((String) p);
            }
        }
        return out;
    }

    private static Arbitrary<String> opt(String... choices) {
        return Arbitraries.of(choices);
    }

    private static Arbitrary<List<String>> zadd() {
        return Combinators.combine(key(), Arbitraries.of("", "NX", "XX").list().ofMaxSize(1),
                Arbitraries.of("GT", "LT").list().ofMaxSize(1), Arbitraries.of("CH", "INCR").list().ofMaxSize(2),
                pairs(12))
            .as((k, a, b, c, p) -> {
                List<String> l = new ArrayList<>(List.of("ZADD", k));
                a.stream().filter(x -> !x.isEmpty()).forEach(l::add);
                l.addAll(b);
                l.addAll(c);
                if (c.contains("INCR")) {
                    l.addAll(p.subList(0, 2));
                } else {
                    l.addAll(p);
                }
                return l;
            });
    }

    private static Arbitrary<List<String>> range() {
        Arbitrary<List<String>> byRank = Combinators.combine(key(), Arbitraries.of(RANKS), Arbitraries.of(RANKS),
                opt("", "REV"), opt("", "WITHSCORES"))
            .as((k, a, b, rev, ws) -> cmd("ZRANGE", k, a, b, nonEmpty(rev), nonEmpty(ws)));
        Arbitrary<List<String>> byScore = Combinators.combine(key(), Arbitraries.of(BOUNDS), Arbitraries.of(BOUNDS),
                opt("", "REV"), opt("", "WITHSCORES"), limit())
            .as((k, a, b, rev, ws, lim) -> cmd("ZRANGE", k, a, b, "BYSCORE", nonEmpty(rev), nonEmpty(ws), lim));
        Arbitrary<List<String>> old = Combinators.combine(opt("ZRANGEBYSCORE", "ZREVRANGEBYSCORE"), key(),
                Arbitraries.of(BOUNDS), Arbitraries.of(BOUNDS), opt("", "WITHSCORES"), limit())
            .as((c, k, a, b, ws, lim) -> cmd(c, k, a, b, nonEmpty(ws), lim));
        Arbitrary<List<String>> lex = Combinators.combine(opt("ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZLEXCOUNT",
                "ZREMRANGEBYLEX"), Arbitraries.of(LEX), Arbitraries.of(LEX), limit())
            .as((c, a, b, lim) -> c.startsWith("ZRANGE") || c.startsWith("ZREVRANGE") ? cmd(c, "lex", a, b, lim)
                : cmd(c, "lex", a, b));
        Arbitrary<List<String>> store = Combinators.combine(key(), key(), Arbitraries.of(RANKS),
                Arbitraries.of(RANKS), opt("", "REV"))
            .as((d, k, a, b, rev) -> cmd("ZRANGESTORE", d, k, a, b, nonEmpty(rev)));
        Arbitrary<List<String>> storeScore = Combinators.combine(key(), key(), Arbitraries.of(BOUNDS),
                Arbitraries.of(BOUNDS), limit())
            .as((d, k, a, b, lim) -> cmd("ZRANGESTORE", d, k, a, b, "BYSCORE", lim));
        return Arbitraries.oneOf(byRank, byScore, old, lex, store, storeScore);
    }

    private static String nonEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    private static Arbitrary<List<String>> limit() {
        return Combinators.combine(Arbitraries.of("0", "1", "2", "-1", "5"), Arbitraries.of("0", "1", "3", "-1"),
                Arbitraries.of(true, false))
            .as((o, c, use) -> use ? List.of("LIMIT", o, c) : List.of());
    }

    private static Arbitrary<List<String>> others() {
        Arbitrary<List<String>> incr = Combinators.combine(key(), score(), member())
            .as((k, s, m) -> cmd("ZINCRBY", k, s, m));
        Arbitrary<List<String>> rem = Combinators.combine(key(), member().list().ofMinSize(1).ofMaxSize(4))
            .as((k, ms) -> cmd("ZREM", k, ms));
        Arbitrary<List<String>> point = Combinators.combine(opt("ZSCORE", "ZRANK", "ZREVRANK"), key(), member())
            .as((c, k, m) -> cmd(c, k, m));
        Arbitrary<List<String>> mscore = Combinators.combine(key(), member().list().ofMinSize(1).ofMaxSize(4))
            .as((k, ms) -> cmd("ZMSCORE", k, ms));
        Arbitrary<List<String>> card = key().map(k -> cmd("ZCARD", k));
        Arbitrary<List<String>> count = Combinators.combine(key(), Arbitraries.of(BOUNDS), Arbitraries.of(BOUNDS))
            .as((k, a, b) -> cmd("ZCOUNT", k, a, b));
        Arbitrary<List<String>> remRange = Combinators.combine(key(), opt("RANK", "SCORE"), Arbitraries.of(RANKS),
                Arbitraries.of(BOUNDS), Arbitraries.of(RANKS), Arbitraries.of(BOUNDS))
            .as((k, t, r1, b1, r2, b2) -> t.equals("RANK") ? cmd("ZREMRANGEBYRANK", k, r1, r2)
                : cmd("ZREMRANGEBYSCORE", k, b1, b2));
        Arbitrary<List<String>> pop = Combinators.combine(opt("ZPOPMIN", "ZPOPMAX"), key(),
                opt("", "0", "1", "2", "5"))
            .as((c, k, n) -> cmd(c, k, nonEmpty(n)));
        Arbitrary<List<String>> mpop = Combinators.combine(key(), key(), opt("MIN", "MAX"), opt("", "1", "3"))
            .as((k1, k2, w, n) -> n.isEmpty() ? cmd("ZMPOP", "2", k1, k2, w) : cmd("ZMPOP", "2", k1, k2, w,
                "COUNT", n));
        Arbitrary<List<String>> bpop = Combinators.combine(opt("BZPOPMIN", "BZPOPMAX"), key(), key())
            .as((c, k1, k2) -> cmd(c, k1, k2, "0.01"));
        Arbitrary<List<String>> setop = Combinators.combine(opt("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE",
                "ZUNION", "ZINTER", "ZDIFF"), key(), key().list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of("0", "1", "2", "-1", "0.5", "inf").list().ofSize(3), opt("", "SUM", "MIN", "MAX"),
                Arbitraries.of(true, false))
            .as((c, dst, srcs, w, agg, weights) -> {
                List<String> l = new ArrayList<>();
                l.add(c);
                if (c.endsWith("STORE")) {
                    l.add(dst);
                }
                l.add(String.valueOf(srcs.size()));
                l.addAll(srcs);
                if (!c.startsWith("ZDIFF")) {
                    if (weights) {
                        l.add("WEIGHTS");
                        l.addAll(w.subList(0, srcs.size()));
                    }
                    if (!agg.isEmpty()) {
                        l.add("AGGREGATE");
                        l.add(agg);
                    }
                }
                if (!c.endsWith("STORE")) {
                    l.add("WITHSCORES");
                }
                return l;
            });
        Arbitrary<List<String>> card2 = Combinators.combine(key(), key(), opt("", "1", "2"))
            .as((a, b, lim) -> lim.isEmpty() ? cmd("ZINTERCARD", "2", a, b) : cmd("ZINTERCARD", "2", a, b, "LIMIT",
                lim));
        Arbitrary<List<String>> rand = key().map(k -> cmd("ZRANDMEMBER", k, "1000", "WITHSCORES"));
        Arbitrary<List<String>> lexAdd = member().list().ofMinSize(1).ofMaxSize(6).map(ms -> {
            List<String> l = new ArrayList<>(List.of("ZADD", "lex"));
            ms.forEach(m -> {
                l.add("0");
                l.add(m);
            });
            return l;
        });
        Arbitrary<List<String>> del = key().map(k -> cmd("DEL", k));
        return Arbitraries.oneOf(incr, rem, point, mscore, card, count, remRange, pop, mpop, bpop, setop, card2,
            rand, lexAdd, del);
    }

    @Provide
    Arbitrary<List<List<String>>> commands() {
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, zadd()),
            net.jqwik.api.Tuple.of(3, range()),
            net.jqwik.api.Tuple.of(4, others())).list().ofMinSize(1).ofMaxSize(60);
    }

    private static List<byte[]> bytes(List<String> cmd) {
        List<byte[]> out = new ArrayList<>(cmd.size());
        for (String s : cmd) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Property(tries = 300)
    void sameRepliesAsRedis(@ForAll("commands") List<List<String>> commands, @ForAll boolean resp3) {
        assumeTrue(redis != null, RealRedis.unavailableMessage());
        try (RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(node.port())) {
            a.callRaw(bytes(List.of("FLUSHALL")));
            b.callRaw(bytes(List.of("FLUSHALL")));
            if (resp3) {
                a.callRaw(bytes(List.of("HELLO", "3")));
                b.callRaw(bytes(List.of("HELLO", "3")));
            }
            List<String> done = new ArrayList<>();
            for (List<String> cmd : commands) {
                done.add(String.join(" ", cmd));
                byte[] ra = a.callRaw(bytes(cmd));
                byte[] rb = b.callRaw(bytes(cmd));
                assertThat(ConformanceRunner.escape(rb)).as("reply to %s after %s", cmd, done)
                    .isEqualTo(ConformanceRunner.escape(ra));
            }
            for (String k : List.of("k1", "k2", "k3", "lex")) {
                for (List<String> check : List.of(List.of("ZRANGE", k, "0", "-1", "WITHSCORES"),
                        List.of("OBJECT", "ENCODING", k))) {
                    byte[] ra = a.callRaw(bytes(check));
                    byte[] rb = b.callRaw(bytes(check));
                    assertThat(Arrays.equals(ra, rb)).as("final %s after %s", check, done).isTrue();
                }
            }
        }
    }
}
