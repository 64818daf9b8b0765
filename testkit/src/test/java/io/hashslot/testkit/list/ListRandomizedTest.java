package io.hashslot.testkit.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Assumptions;

/**
 * The same random sequence of list commands (pushes, pops with counts, positional and value commands, moves,
 * LMPOP, non-waiting blocking forms, SORT with and without BY weights, type errors) sent to real Redis and to a
 * Hashslot node. Two nodes take turns: one with 3 elements per quicklist node, so node splits and merges are
 * frequent, one with 4 KB nodes.
 * Every reply must be byte-identical, and so must every list at the end.
 */
class ListRandomizedTest {
    private static final String[] KEYS = {"l1", "l2", "l3"};
    private static final String[] VALUES = {"a", "b", "c", "1", "2", "10", "-3", "", "x".repeat(40),
        "y".repeat(70), "2.5", "\u0000"};
    private static final String[] INDEXES = {"0", "1", "2", "-1", "-2", "-5", "3", "7", "20", "-20",
        "9223372036854775807", "-9223372036854775808"};
    private static RealRedis redis;
    private static TestNode smallNodes;
    private static TestNode byteNodes;
    private static RawClient toRedis;
    private static RawClient toSmall;
    private static RawClient toBytes;
    private RawClient toNode;

    @BeforeContainer
    static void start() {
        if (!RealRedis.available()) {
            return;
        }
        redis = RealRedis.start();
        smallNodes = TestNode.start("list-max-listpack-size", "3");
        byteNodes = TestNode.start("list-max-listpack-size", "-1");
        toRedis = new RawClient(redis.port());
        toSmall = smallNodes.client();
        toBytes = byteNodes.client();
    }

    @AfterContainer
    static void stop() {
        if (toRedis != null) {
            toRedis.close();
            toSmall.close();
            toBytes.close();
            smallNodes.close();
            byteNodes.close();
            redis.close();
        }
    }

    @Property(tries = 100)
    void sameRepliesAsRedis(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int length,
                            @ForAll boolean resp3, @ForAll boolean byteSizedNodes) {
        Assumptions.assumeTrue(redis != null, RealRedis.unavailableMessage());
        toNode = byteSizedNodes ? toBytes : toSmall;
        both("FLUSHALL");
        both("HELLO", resp3 ? "3" : "2");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> log = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            List<String> cmd = command(rnd, rnd.nextInt(26));
            log.add(String.join(" ", cmd));
            compare(cmd, log);
        }
        for (String k : KEYS) {
            compare(List.of("LRANGE", k, "0", "-1"), log);
        }
        compare(List.of("GET", "str"), log);
    }

    private void both(String... args) {
        toRedis.callRaw(RawClient.args(args));
        toNode.callRaw(RawClient.args(args));
    }

    private void compare(List<String> cmd, List<String> log) {
        List<byte[]> args = new ArrayList<>();
        for (String a : cmd) {
            args.add(a.getBytes(StandardCharsets.ISO_8859_1));
        }
        String expected = ConformanceRunner.escape(toRedis.callRaw(args));
        String actual = ConformanceRunner.escape(toNode.callRaw(args));
        assertThat(actual).as("reply to %s after:%n%s", cmd, String.join("\n", log)).isEqualTo(expected);
    }

    private static String key(SplittableRandom rnd) {
        return rnd.nextInt(15) == 0 ? "str" : KEYS[rnd.nextInt(KEYS.length)];
    }

    private static String value(SplittableRandom rnd) {
        return VALUES[rnd.nextInt(VALUES.length)];
    }

    private static String index(SplittableRandom rnd) {
        return rnd.nextInt(3) == 0 ? INDEXES[rnd.nextInt(INDEXES.length)] : String.valueOf(rnd.nextInt(14) - 7);
    }

    private static String side(SplittableRandom rnd) {
        return rnd.nextBoolean() ? "LEFT" : "RIGHT";
    }

    private static List<String> command(SplittableRandom rnd, int kind) {
        String key = key(rnd);
        List<String> c = new ArrayList<>();
        switch (kind) {
            case 0, 1, 2, 3 -> {
                c.add(List.of("LPUSH", "RPUSH", "LPUSHX", "RPUSHX").get(rnd.nextInt(4)));
                c.add(key);
                int n = 1 + rnd.nextInt(kind == 0 ? 12 : 4);
                for (int i = 0; i < n; i++) {
                    c.add(value(rnd));
                }
            }
            case 4 -> {
                c.add(rnd.nextBoolean() ? "LPOP" : "RPOP");
                c.add(key);
                if (rnd.nextBoolean()) {
                    c.add(List.of("0", "1", "2", "5", "100", "-1").get(rnd.nextInt(6)));
                }
            }
            case 5 -> c.addAll(List.of("LRANGE", key, index(rnd), index(rnd)));
            case 6 -> c.addAll(List.of("LINDEX", key, index(rnd)));
            case 7 -> c.addAll(List.of("LSET", key, index(rnd), value(rnd)));
            case 8 -> c.addAll(List.of("LINSERT", key, rnd.nextBoolean() ? "BEFORE" : "AFTER", value(rnd),
                value(rnd)));
            case 9 -> c.addAll(List.of("LLEN", key));
            case 10 -> c.addAll(List.of("LREM", key, String.valueOf(rnd.nextInt(7) - 3), value(rnd)));
            case 11 -> c.addAll(List.of("LTRIM", key, index(rnd), index(rnd)));
            case 12 -> {
                c.addAll(List.of("LPOS", key, value(rnd)));
                if (rnd.nextBoolean()) {
                    c.addAll(List.of("RANK", List.of("1", "2", "-1", "-2", "3", "0").get(rnd.nextInt(6))));
                }
                if (rnd.nextBoolean()) {
                    c.addAll(List.of("COUNT", String.valueOf(rnd.nextInt(4))));
                }
                if (rnd.nextBoolean()) {
                    c.addAll(List.of("MAXLEN", String.valueOf(rnd.nextInt(6))));
                }
            }
            case 13 -> c.addAll(List.of("LMOVE", key, key(rnd), side(rnd), side(rnd)));
            case 14 -> c.addAll(List.of("RPOPLPUSH", key, key(rnd)));
            case 15 -> {
                c.addAll(List.of("LMPOP", "2", key, key(rnd), side(rnd)));
                if (rnd.nextBoolean()) {
                    c.addAll(List.of("COUNT", String.valueOf(1 + rnd.nextInt(5))));
                }
            }
            case 16 -> c.addAll(List.of(rnd.nextBoolean() ? "BLPOP" : "BRPOP", key, key(rnd), "0.001"));
            case 17 -> c.addAll(List.of("BLMOVE", key, key(rnd), side(rnd), side(rnd), "0.001"));
            case 18 -> c.addAll(List.of("BLMPOP", "0.001", "1", key, side(rnd), "COUNT",
                String.valueOf(1 + rnd.nextInt(3))));
            case 19 -> {
                c.addAll(List.of("SORT", key));
                if (rnd.nextBoolean()) {
                    c.add("ALPHA");
                }
                if (rnd.nextBoolean()) {
                    c.add("DESC");
                }
                if (rnd.nextBoolean()) {
                    c.addAll(List.of("LIMIT", index(rnd), index(rnd)));
                }
                if (rnd.nextInt(3) == 0) {
                    c.addAll(List.of("STORE", key(rnd)));
                }
            }
            case 20 -> c.addAll(List.of("SORT", key, "BY", "nosort", rnd.nextBoolean() ? "ASC" : "DESC", "LIMIT",
                index(rnd), index(rnd)));
            case 21 -> c.addAll(List.of("DEL", KEYS[rnd.nextInt(KEYS.length)]));
            case 23 -> c.addAll(List.of("SET", "w_" + value(rnd),
                List.of("1", "2", "x", "y", "1.5").get(rnd.nextInt(5))));
            case 24 -> {
                c.addAll(List.of("SORT", key, "BY", "w_*"));
                if (rnd.nextInt(3) > 0) {
                    c.add("ALPHA");
                }
                if (rnd.nextBoolean()) {
                    c.add("DESC");
                }
                if (rnd.nextInt(3) > 0) {
                    c.addAll(List.of("LIMIT", index(rnd), index(rnd)));
                }
                if (rnd.nextBoolean()) {
                    c.addAll(List.of("GET", "#", "GET", "w_*"));
                }
            }
            case 22 -> c.addAll(List.of("SET", "str", value(rnd)));
            default -> c.addAll(List.of("RPUSH", key, value(rnd), value(rnd)));
        }
        return c;
    }
}
