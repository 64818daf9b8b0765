package io.hashslot.testkit.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RealRedis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Encodings Redis picks for hashes and sets (listpack/hashtable, intset/hashtable), compared after each command
 * of hand-written scenarios around the thresholds, with the defaults and with every threshold at 0 or 1. Redis's
 * side is read with OBJECT ENCODING, Hashslot's from the stored value.
 */
class CollectionEncodingTest {
    private static final String LONG65 = "x".repeat(65);
    private static final String LONG64 = "y".repeat(64);

    private static String ints(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }

    private static String fields(int n) {
        return IntStream.range(0, n).mapToObj(i -> "f" + i + " v" + i).collect(Collectors.joining(" "));
    }

    private static void check(DualServer s, List<String> script, String... keys) {
        s.flush();
        for (String line : script) {
            List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
            RespValue[] v = s.call(args);
            assertThat(DualServer.renderUnordered(v[1], 1)).as(line).isEqualTo(DualServer.renderUnordered(v[0], 1));
            for (String k : keys) {
                assertThat(s.hashslotShape(k)).as("%s after %s", k, line).isEqualTo(s.redisShape(k));
            }
        }
    }

    @Test
    void defaultThresholds() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (DualServer s = new DualServer()) {
            check(s, List.of("HSET h a 1", "HSET h b " + LONG64, "HSET h c " + LONG65, "HDEL h c b",
                "HSET h2 " + LONG65 + " 1", "HSETNX h3 a " + LONG65, "HSET h4 " + fields(512), "HSET h4 x y",
                "HDEL h4 x f1 f2 f3", "HINCRBY h5 " + LONG65 + " 1", "HINCRBYFLOAT h6 " + LONG65 + " 1.5",
                "HSET h7 a 1 b 2 c " + LONG65 + " d 4", "HMSET h8 " + fields(513)), "h", "h2", "h3", "h4", "h5",
                "h6", "h7", "h8");
            check(s, List.of("SADD s 1 2 3", "SADD s -9223372036854775808 9223372036854775807", "SADD s 01",
                "SREM s 01", "SADD t " + ints(1, 512), "SADD t 513", "SREM t 513", "SADD u a", "SADD v 1 a",
                "SADD w 9223372036854775808", "SADD x " + ints(1, 600)), "s", "t", "u", "v", "w", "x");
        }
    }

    @Test
    void storeResultsAndPopRebuilds() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (DualServer s = new DualServer()) {
            check(s, List.of("SADD a 1 2 3 x", "SADD b 1 2 3 y", "SINTERSTORE d a b", "SUNIONSTORE e a b",
                "SREM a x", "SUNIONSTORE e a", "SDIFFSTORE f b a", "SADD c y", "SDIFFSTORE f b c",
                "SDIFFSTORE g a c c", "SADD big " + ints(1, 600), "SINTERSTORE h big a", "SUNIONSTORE i big a",
                "SDIFFSTORE j a big", "SMOVE b k 1", "SMOVE b l y", "SADD m z", "SMOVE a m 2"),
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m");
            // SDIFF picking its second algorithm: the first set is copied, then the others are removed
            check(s, List.of("SADD p " + ints(1, 10) + " x", "SADD q x", "SADD r 99", "SDIFFSTORE d p q r",
                "SDIFFSTORE e p q", "SADD big " + ints(1, 600), "SADD one 5", "SDIFFSTORE f big one one one"),
                "d", "e", "f");
            // SPOP leaving few members builds a new set from them: an intset when they are all integers
            check(s, List.of("SADD p a 1 2 3 4 5 6 7 8 9", "SREM p a", "SADD q 1 2 3 4 5 6 7 8 9 10 11 12",
                "SADD q z", "SREM q z"), "p", "q");
            for (String key : List.of("p", "q")) {
                s.h.call("SPOP", key, "8");
                s.r.call("SPOP", key, "8");
                String members = String.join(",", DualServer.strings(s.r.call("SMEMBERS", key)));
                assertThat(s.hashslotShape(key)).as("%s with %s", key, members).isEqualTo(s.redisShape(key));
            }
        }
    }

    @Test
    void zeroThresholds() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (DualServer s = new DualServer("hash-max-listpack-entries", "0", "hash-max-listpack-value", "0",
            "set-max-intset-entries", "0")) {
            check(s, List.of("HSET h a 1", "HSETNX h2 a 1", "HINCRBY h3 a 1", "HSET h4 \"\" \"\"", "SADD s 1",
                "SADD t a", "SADD a 1 2", "SADD b 2 3", "SINTERSTORE d a b", "SMOVE a e 1"),
                "h", "h2", "h3", "h4", "s", "t", "d", "e");
        }
        try (DualServer s = new DualServer("hash-max-listpack-entries", "1", "hash-max-listpack-value", "1",
            "set-max-intset-entries", "1")) {
            check(s, List.of("HSET h a 1", "HSET h a 22", "HSET h2 a 1", "HSET h2 b 1", "HSET h3 ab 1",
                "HINCRBY h4 a 5", "HINCRBY h4 a 5", "SADD s 1", "SADD s 2", "SADD t 1", "SADD u 1", "SADD u 2",
                "SREM u 2", "SUNIONSTORE d t", "SUNIONSTORE e t u"), "h", "h2", "h3", "h4", "s", "t", "u", "d", "e");
        }
    }
}
