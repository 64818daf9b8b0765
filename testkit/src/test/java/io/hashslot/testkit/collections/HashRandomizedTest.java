package io.hashslot.testkit.collections;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * The same random sequence of hash commands sent to real Redis and to Hashslot, with small listpack limits so
 * hashes convert often. Deterministic replies must be equal (listpack order exactly, hashtable order as a
 * multiset); HRANDFIELD replies are checked against the hash's contents. After every command the type and
 * encoding of every key must be the same on both.
 */
class HashRandomizedTest {
    private static final String[] KEYS = {"h1", "h2", "h3"};
    private static final String[] FIELDS = {"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "1", "-2", "007", "",
        "a-field-longer-than-16"};
    private static final String[] VALUES = {"v", "0", "1", "-5", "10.5", "1e3", "9223372036854775807",
        "-9223372036854775808", "abc", "", "a-value-longer-than-16", "3.0000000000000001", "inf", " 1"};
    private static DualServer servers;

    @BeforeContainer
    static void start() {
        if (RealRedis.available()) {
            servers = new DualServer("hash-max-listpack-entries", "6", "hash-max-listpack-value", "16");
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
        servers.call(List.of("HELLO", resp3 ? "3" : "2"));
        try {
            for (int op : ops) {
                step(new Random(op), op % 20);
                for (String k : KEYS) {
                    assertThat(servers.hashslotShape(k)).as("shape of %s after op %d", k, op)
                        .isEqualTo(servers.redisShape(k));
                }
            }
            for (String k : KEYS) {
                RespValue[] m = servers.call(List.of("HGETALL", k));
                assertThat(DualServer.renderUnordered(m[1], 2)).isEqualTo(DualServer.renderUnordered(m[0], 2));
            }
        } finally {
            servers.call(List.of("HELLO", "2"));
        }
    }

    private static String key(Random rnd) {
        return rnd.nextInt(12) == 0 ? "str" : KEYS[rnd.nextInt(KEYS.length)];
    }

    private static String field(Random rnd) {
        return FIELDS[rnd.nextInt(FIELDS.length)];
    }

    private static String value(Random rnd) {
        return VALUES[rnd.nextInt(VALUES.length)];
    }

    private void step(Random rnd, int kind) {
        String key = key(rnd);
        switch (kind) {
            case 0, 1, 2 -> {
                List<String> c = new ArrayList<>(List.of(rnd.nextInt(4) == 0 ? "HMSET" : "HSET", key));
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    c.add(field(rnd));
                    c.add(value(rnd));
                }
                exact(c);
            }
            case 3 -> exact(List.of("HSETNX", key, field(rnd), value(rnd)));
            case 4 -> {
                List<String> c = new ArrayList<>(List.of("HDEL", key));
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    c.add(field(rnd));
                }
                exact(c);
            }
            case 5 -> exact(List.of("HGET", key, field(rnd)));
            case 6 -> exact(List.of("HMGET", key, field(rnd), field(rnd), field(rnd)));
            case 7 -> byEncoding(key, List.of(List.of("HGETALL", "HKEYS", "HVALS").get(rnd.nextInt(3)), key));
            case 8 -> exact(List.of("HLEN", key));
            case 9 -> exact(List.of("HSTRLEN", key, field(rnd)));
            case 10 -> exact(List.of("HEXISTS", key, field(rnd)));
            case 11 -> exact(List.of("HINCRBY", key, field(rnd), String.valueOf(rnd.nextInt(200) - 100)));
            case 12 -> exact(List.of("HINCRBYFLOAT", key, field(rnd),
                List.of("1.5", "-0.1", "1e2", "3", "0.3333333333333333333", "-1e-5").get(rnd.nextInt(6))));
            case 13, 14 -> hrandfield(key, rnd);
            case 15 -> scan(key, rnd);
            case 16 -> exact(List.of("DEL", KEYS[rnd.nextInt(KEYS.length)]));
            case 17 -> exact(List.of("SET", "str", "x"));
            default -> exact(List.of("HSET", key, field(rnd), value(rnd)));
        }
    }

    private static void exact(List<String> c) {
        RespValue[] v = servers.call(c);
        assertThat(DualServer.render(v[1])).as("%s", c).isEqualTo(DualServer.render(v[0]));
    }

    /** Listpack replies keep insertion order; hashtable order is Redis's hash function's, so compare as bags. */
    private static void byEncoding(String key, List<String> c) {
        if (!servers.redisShape(key).equals("hash/hashtable")) {
            exact(c);
            return;
        }
        RespValue[] v = servers.call(c);
        int stride = c.get(0).equals("HGETALL") ? 2 : 1;
        assertThat(DualServer.renderUnordered(v[1], stride)).as("%s", c)
            .isEqualTo(DualServer.renderUnordered(v[0], stride));
    }

    private static void scan(String key, Random rnd) {
        List<String> opts = new ArrayList<>();
        if (rnd.nextBoolean()) {
            opts.addAll(List.of("COUNT", String.valueOf(1 + rnd.nextInt(4))));
        }
        if (rnd.nextBoolean()) {
            opts.addAll(List.of("MATCH", List.of("f*", "*", "?", "[0-9]*", "*field*").get(rnd.nextInt(5))));
        }
        if (!servers.redisShape(key).equals("hash/hashtable")) {
            List<String> c = new ArrayList<>(List.of("HSCAN", key, "0"));
            c.addAll(opts);
            exact(c);
            return;
        }
        assertThat(scanAll(servers.h, key, opts)).isEqualTo(scanAll(servers.r, key, opts));
    }

    private static Set<String> scanAll(RawClient client, String key, List<String> opts) {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int rounds = 0;
        do {
            List<String> c = new ArrayList<>(List.of("HSCAN", key, cursor));
            c.addAll(opts);
            RespValue.Array reply = (RespValue.Array) client.call(c.toArray(new String[0]));
            cursor = ((RespValue.Bulk) reply.items().get(0)).text();
            List<String> items = DualServer.strings(reply.items().get(1));
            for (int i = 0; i < items.size(); i += 2) {
                seen.add(items.get(i) + "=" + items.get(i + 1));
            }
            assertThat(++rounds).isLessThan(10_000);
        } while (!cursor.equals("0"));
        return seen;
    }

    /** The hash on Redis as field -> value (empty when missing), or null when the key holds another type. */
    private static Map<String, String> redisHash(String key) {
        RespValue v = servers.r.call("HGETALL", key);
        if (v instanceof RespValue.Error) {
            return null;
        }
        List<RespValue> items = v instanceof RespValue.MapValue m ? m.items() : ((RespValue.Array) v).items();
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            out.put(((RespValue.Bulk) items.get(i)).text(), ((RespValue.Bulk) items.get(i + 1)).text());
        }
        return out;
    }

    private void hrandfield(String key, Random rnd) {
        Map<String, String> hash = redisHash(key);
        boolean withCount = rnd.nextInt(4) != 0;
        boolean withValues = withCount && rnd.nextBoolean();
        long count = withCount ? rnd.nextInt(25) - 12 : 1;
        List<String> c = new ArrayList<>(List.of("HRANDFIELD", key));
        if (withCount) {
            c.add(String.valueOf(count));
        }
        if (withValues) {
            c.add("WITHVALUES");
        }
        if (hash == null || hash.isEmpty() || count == 0) {
            exact(c);
            return;
        }
        RespValue[] v = servers.call(c);
        for (RespValue side : v) {
            List<String[]> pairs = new ArrayList<>();
            if (!withCount) {
                pairs.add(new String[] {((RespValue.Bulk) side).text(), null});
            } else {
                List<RespValue> items = ((RespValue.Array) side).items();
                for (int i = 0; i < items.size(); i++) {
                    RespValue it = items.get(i);
                    if (withValues && it instanceof RespValue.Array pair) {
                        pairs.add(new String[] {((RespValue.Bulk) pair.items().get(0)).text(),
                            ((RespValue.Bulk) pair.items().get(1)).text()});
                    } else if (withValues) {
                        pairs.add(new String[] {((RespValue.Bulk) it).text(),
                            ((RespValue.Bulk) items.get(++i)).text()});
                    } else {
                        pairs.add(new String[] {((RespValue.Bulk) it).text(), null});
                    }
                }
            }
            Set<String> distinct = new HashSet<>();
            for (String[] p : pairs) {
                assertThat(hash).containsKey(p[0]);
                if (p[1] != null) {
                    assertThat(p[1]).isEqualTo(hash.get(p[0]));
                }
                distinct.add(p[0]);
            }
            if (count > 0) {
                assertThat(pairs).hasSize((int) Math.min(count, hash.size()));
                assertThat(distinct).hasSize(pairs.size());
            } else {
                assertThat(pairs).hasSize((int) -count);
            }
        }
        // same reply structure (nesting, lengths) whatever fields were picked; no field or value holds , or ]
        assertThat(DualServer.render(v[1]).replaceAll("\\$[^,\\]]*", "\\$"))
            .isEqualTo(DualServer.render(v[0]).replaceAll("\\$[^,\\]]*", "\\$"));
        if (withCount && count >= hash.size() && !servers.redisShape(key).equals("hash/hashtable")) {
            assertThat(DualServer.render(v[1])).isEqualTo(DualServer.render(v[0]));
        }
    }
}
