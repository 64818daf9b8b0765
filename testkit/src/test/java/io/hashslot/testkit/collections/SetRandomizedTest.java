package io.hashslot.testkit.collections;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RealRedis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Assumptions;

/**
 * The same random sequence of set commands sent to real Redis and to Hashslot (small set-max-intset-entries so
 * sets change encoding often). Deterministic replies must be equal (as multisets where Redis's order depends on
 * its hash function); SPOP and SRANDMEMBER replies are checked against the set's contents, and after SPOP the
 * same members are removed on Redis so both keep the same data. After every command the type and encoding of
 * every key must be the same on both.
 */
class SetRandomizedTest {
    private static final int MAX_INTSET = 8;
    private static final String[] KEYS = {"s1", "s2", "s3", "dst"};
    private static final String[] MEMBERS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
        "-3", "100000", "9223372036854775807", "-9223372036854775808", "a", "b", "c", "xyz", "007", "", "1.5"};
    private static DualServer servers;

    @BeforeContainer
    static void start() {
        if (RealRedis.available()) {
            servers = new DualServer("set-max-intset-entries", String.valueOf(MAX_INTSET));
        }
    }

    @AfterContainer
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Property(tries = 100)
    void sameRepliesAndEncodingsAsRedis(@ForAll @Size(min = 40, max = 200) List<@IntRange(min = 0, max = 999_999)
        Integer> ops, @ForAll boolean resp3) {
        Assumptions.assumeTrue(servers != null, RealRedis.unavailableMessage());
        servers.flush();
        String protocol = resp3 ? "3" : "2";
        servers.call(List.of("HELLO", protocol));
        try {
            for (int op : ops) {
                step(new Random(op), op % 20);
                for (String k : KEYS) {
                    assertThat(servers.hashslotShape(k)).as("shape of %s after op %d", k, op)
                        .isEqualTo(servers.redisShape(k));
                }
            }
            for (String k : KEYS) {
                RespValue[] m = servers.call(List.of("SMEMBERS", k));
                assertThat(DualServer.renderUnordered(m[1], 1)).isEqualTo(DualServer.renderUnordered(m[0], 1));
            }
        } finally {
            servers.call(List.of("HELLO", "2"));
        }
    }

    private static String key(Random rnd) {
        return rnd.nextInt(12) == 0 ? "str" : KEYS[rnd.nextInt(3)];
    }

    private static String member(Random rnd) {
        return MEMBERS[rnd.nextInt(MEMBERS.length)];
    }

    private static List<String> cmd(String name, Random rnd, int minKeys, int maxKeys) {
        List<String> c = new ArrayList<>(List.of(name));
        int n = minKeys + rnd.nextInt(maxKeys - minKeys + 1);
        for (int i = 0; i < n; i++) {
            c.add(key(rnd));
        }
        return c;
    }

    private static List<String> withMembers(List<String> c, Random rnd, int max) {
        int n = 1 + rnd.nextInt(max);
        for (int i = 0; i < n; i++) {
            c.add(member(rnd));
        }
        return c;
    }

    private void step(Random rnd, int kind) {
        switch (kind) {
            case 0, 1, 2 -> exact(withMembers(new ArrayList<>(List.of("SADD", key(rnd))), rnd, 4));
            case 3 -> exact(withMembers(new ArrayList<>(List.of("SREM", key(rnd))), rnd, 3));
            case 4 -> exact(List.of("SMOVE", key(rnd), key(rnd), member(rnd)));
            case 5 -> exact(List.of("SISMEMBER", key(rnd), member(rnd)));
            case 6 -> exact(withMembers(new ArrayList<>(List.of("SMISMEMBER", key(rnd))), rnd, 4));
            case 7 -> exact(List.of("SCARD", key(rnd)));
            case 8 -> members(key(rnd));
            case 9 -> unordered(cmd(List.of("SINTER", "SUNION", "SDIFF").get(rnd.nextInt(3)), rnd, 1, 3));
            case 10 -> {
                List<String> c = cmd(List.of("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE").get(rnd.nextInt(3)), rnd,
                    2, 4);
                c.set(1, "dst");
                exact(c);
            }
            case 11 -> {
                int n = 1 + rnd.nextInt(3);
                List<String> c = new ArrayList<>(List.of("SINTERCARD", String.valueOf(n)));
                for (int i = 0; i < n; i++) {
                    c.add(key(rnd));
                }
                if (rnd.nextBoolean()) {
                    c.addAll(List.of("LIMIT", String.valueOf(rnd.nextInt(6))));
                }
                exact(c);
            }
            case 12 -> scan(key(rnd), rnd);
            case 13, 14 -> spop(key(rnd), rnd);
            case 15 -> srandmember(key(rnd), rnd);
            case 16 -> exact(List.of("DEL", KEYS[rnd.nextInt(KEYS.length)]));
            case 17 -> exact(List.of("SET", "str", "x"));
            default -> exact(withMembers(new ArrayList<>(List.of("SADD", key(rnd))), rnd, 2));
        }
    }

    private static void exact(List<String> c) {
        RespValue[] v = servers.call(c);
        assertThat(DualServer.render(v[1])).as("%s", c).isEqualTo(DualServer.render(v[0]));
    }

    private static void unordered(List<String> c) {
        RespValue[] v = servers.call(c);
        assertThat(DualServer.renderUnordered(v[1], 1)).as("%s", c).isEqualTo(DualServer.renderUnordered(v[0], 1));
    }

    /** SMEMBERS: exact when Redis's set is an intset (ascending order), else as a multiset. */
    private static void members(String key) {
        if (servers.redisShape(key).equals("set/intset")) {
            exact(List.of("SMEMBERS", key));
        } else {
            unordered(List.of("SMEMBERS", key));
        }
    }

    /** Full SSCAN iteration on each side; the members seen must be the same (an intset in one call). */
    private static void scan(String key, Random rnd) {
        List<String> opts = new ArrayList<>();
        if (rnd.nextBoolean()) {
            opts.addAll(List.of("COUNT", String.valueOf(1 + rnd.nextInt(5))));
        }
        if (rnd.nextBoolean()) {
            opts.addAll(List.of("MATCH", List.of("1*", "*", "?", "[a-c]", "*0*").get(rnd.nextInt(5))));
        }
        if (!servers.redisShape(key).equals("set/hashtable")) {
            List<String> c = new ArrayList<>(List.of("SSCAN", key, "0"));
            c.addAll(opts);
            exact(c);
            return;
        }
        assertThat(scanAll(servers.h, key, opts)).isEqualTo(scanAll(servers.r, key, opts));
    }

    private static Set<String> scanAll(io.hashslot.testkit.RawClient client, String key, List<String> opts) {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int rounds = 0;
        do {
            List<String> c = new ArrayList<>(List.of("SSCAN", key, cursor));
            c.addAll(opts);
            RespValue.Array reply = (RespValue.Array) client.call(c.toArray(new String[0]));
            cursor = ((RespValue.Bulk) reply.items().get(0)).text();
            seen.addAll(DualServer.strings(reply.items().get(1)));
            assertThat(++rounds).isLessThan(10_000);
        } while (!cursor.equals("0"));
        return seen;
    }

    /** The members of a set on Redis (empty when missing), or null when the key holds another type. */
    private static List<String> redisMembers(String key) {
        RespValue v = servers.r.call("SMEMBERS", key);
        return v instanceof RespValue.Error ? null : DualServer.strings(v);
    }

    private static List<String> items(RespValue v) {
        List<String> out = new ArrayList<>();
        for (RespValue x : ((RespValue.Array) v).items()) {
            out.add(((RespValue.Bulk) x).text());
        }
        return out;
    }

    private void spop(String key, Random rnd) {
        List<String> before = redisMembers(key);
        boolean withCount = rnd.nextBoolean();
        long count = withCount ? rnd.nextInt(14) : 1;
        List<String> c = new ArrayList<>(List.of("SPOP", key));
        if (withCount) {
            c.add(String.valueOf(count));
        }
        if (before == null || before.isEmpty() || count == 0) {
            exact(c);
            return;
        }
        RespValue got = servers.h.call(c.toArray(new String[0]));
        List<String> popped = withCount ? items(got) : List.of(((RespValue.Bulk) got).text());
        assertThat(popped).hasSize((int) Math.min(count, before.size()));
        assertThat(new HashSet<>(popped)).hasSize(popped.size());
        assertThat(before).containsAll(popped);
        List<String> remaining = new ArrayList<>(before);
        remaining.removeAll(popped);
        List<String> srem = new ArrayList<>(List.of("SREM", key));
        srem.addAll(popped);
        servers.r.call(srem.toArray(new String[0]));
        boolean rebuilt = withCount && !remaining.isEmpty() && remaining.size() * 5L <= count;
        if (rebuilt) {
            // Redis builds a new set of the kept members: an intset exactly when they are all integers and few
            boolean allInts = remaining.stream().allMatch(SetRandomizedTest::isCanonicalLong);
            String expected = allInts && remaining.size() <= MAX_INTSET ? "set/intset" : "set/hashtable";
            assertThat(servers.hashslotShape(key)).isEqualTo(expected);
            for (io.hashslot.testkit.RawClient side : List.of(servers.r, servers.h)) {
                side.call("DEL", key);
                List<String> sadd = new ArrayList<>(List.of("SADD", key));
                sadd.addAll(remaining);
                side.call(sadd.toArray(new String[0]));
            }
        }
    }

    private static boolean isCanonicalLong(String s) {
        try {
            return Long.toString(Long.parseLong(s)).equals(s);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void srandmember(String key, Random rnd) {
        List<String> before = redisMembers(key);
        boolean withCount = rnd.nextInt(4) != 0;
        long count = withCount ? rnd.nextInt(31) - 15 : 1;
        List<String> c = new ArrayList<>(List.of("SRANDMEMBER", key));
        if (withCount) {
            c.add(String.valueOf(count));
        }
        if (before == null || before.isEmpty() || count == 0) {
            exact(c);
            return;
        }
        RespValue[] v = servers.call(c);
        for (RespValue side : v) {
            List<String> got = withCount ? items(side) : List.of(((RespValue.Bulk) side).text());
            assertThat(before).containsAll(got);
            if (count > 0) {
                assertThat(got).hasSize((int) Math.min(count, before.size()));
                assertThat(new HashSet<>(got)).hasSize(got.size());
            } else {
                assertThat(got).hasSize((int) -count);
            }
        }
        if (withCount && count >= before.size() && servers.redisShape(key).equals("set/intset")) {
            assertThat(DualServer.render(v[1])).isEqualTo(DualServer.render(v[0]));
        }
    }
}
