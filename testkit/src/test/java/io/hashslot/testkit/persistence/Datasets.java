package io.hashslot.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The dataset persistence tests write to both servers (every type, every encoding Redis 7.0 uses, expiries,
 * several databases, binary keys) and a key-by-key comparison of two servers' datasets.
 */
final class Datasets {
    private Datasets() {
    }

    static String call(RawClient c, String... args) {
        RespValue v = c.call(args);
        if (v instanceof RespValue.Error e) {
            throw new AssertionError(String.join(" ", args) + " -> " + e.text());
        }
        return v instanceof RespValue.Bulk b ? b.text() : v instanceof RespValue.Simple s ? s.text()
            : v instanceof RespValue.Int i ? Long.toString(i.value()) : String.valueOf(v);
    }

    /** Writes the same commands to every client (so their datasets are equal). */
    static void fill(RawClient... clients) {
        List<String[]> cmds = commands();
        for (RawClient c : clients) {
            for (String[] cmd : cmds) {
                call(c, cmd);
            }
        }
    }

    static List<String[]> commands() {
        List<String[]> l = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(42);
        l.add(new String[] {"SELECT", "0"});
        l.add(new String[] {"SET", "str", "hello"});
        l.add(new String[] {"SET", "int", "12345"});
        l.add(new String[] {"SET", "bigint", "12345678901234"});
        l.add(new String[] {"SET", "neg", "-5"});
        l.add(new String[] {"SET", "compressible", "a".repeat(300)});
        l.add(new String[] {"SET", "bin key\u0001", "v\u0000v"});
        l.add(new String[] {"SET", "app", "x"});
        l.add(new String[] {"APPEND", "app", "yz".repeat(40)});
        l.add(new String[] {"SET", "random", randomText(r, 500)});
        l.add(new String[] {"RPUSH", "list:small", "a", "b", "7", "-100", "1000000", "3.5"});
        List<String> big = new ArrayList<>(List.of("RPUSH", "list:big"));
        for (int i = 0; i < 3000; i++) {
            big.add(i % 500 == 0 ? randomText(r, 9000) : "e" + i);
        }
        l.add(big.toArray(new String[0]));
        l.add(new String[] {"SADD", "set:int", "1", "2", "3", "-5", "100000", "-70000", "5000000000"});
        l.add(new String[] {"SADD", "set:str", "a", "b", "c", "dd"});
        List<String> bigSet = new ArrayList<>(List.of("SADD", "set:bigint"));
        for (int i = 0; i < 700; i++) {
            bigSet.add(Integer.toString(i * 3));
        }
        l.add(bigSet.toArray(new String[0]));
        l.add(new String[] {"HSET", "hash:small", "f", "v", "n", "1", "neg", "-2"});
        List<String> bigHash = new ArrayList<>(List.of("HSET", "hash:big"));
        for (int i = 0; i < 600; i++) {
            bigHash.add("field" + i);
            bigHash.add("value" + i);
        }
        l.add(bigHash.toArray(new String[0]));
        l.add(new String[] {"HSET", "hash:longvalue", "f", "x".repeat(100)});
        l.add(new String[] {"ZADD", "zset:small", "1", "a", "2.5", "b", "-inf", "c", "+inf", "d", "0.1", "e"});
        List<String> bigZ = new ArrayList<>(List.of("ZADD", "zset:big"));
        for (int i = 0; i < 300; i++) {
            bigZ.add(Double.toString(i * 1.25 - 100));
            bigZ.add("m" + i);
        }
        l.add(bigZ.toArray(new String[0]));
        l.add(new String[] {"ZADD", "zset:longmember", "3", "y".repeat(80)});
        l.add(new String[] {"SET", "exp:str", "v", "PX", "100000000"});
        l.add(new String[] {"HSET", "exp:hash", "a", "b"});
        l.add(new String[] {"PEXPIREAT", "exp:hash", "4102444800000"});
        l.add(new String[] {"SELECT", "3"});
        l.add(new String[] {"SET", "in3", "three"});
        l.add(new String[] {"RPUSH", "list3", "x"});
        l.add(new String[] {"SELECT", "15"});
        l.add(new String[] {"SADD", "s15", "m"});
        l.add(new String[] {"SELECT", "0"});
        return l;
    }

    private static String randomText(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('!' + r.nextInt(90)));
        }
        return sb.toString();
    }

    static List<String> keys(RawClient c) {
        TreeSet<String> keys = new TreeSet<>();
        String cursor = "0";
        do {
            RespValue.Array a = (RespValue.Array) c.call("SCAN", cursor, "COUNT", "1000");
            cursor = ((RespValue.Bulk) a.items().get(0)).text();
            for (RespValue k : ((RespValue.Array) a.items().get(1)).items()) {
                keys.add(((RespValue.Bulk) k).text());
            }
        } while (!cursor.equals("0"));
        return new ArrayList<>(keys);
    }

    /**
     * Asserts that two servers hold the same dataset: same keys per database, and per key the same type,
     * encoding, DEBUG DIGEST-VALUE, expiry presence, and for order-defined encodings the same DUMP payload.
     */
    static void assertSameData(RawClient expected, RawClient actual) {
        for (int db = 0; db < 16; db++) {
            call(expected, "SELECT", Integer.toString(db));
            call(actual, "SELECT", Integer.toString(db));
            List<String> keys = keys(expected);
            assertThat(keys(actual)).as("keys of db %d", db).isEqualTo(keys);
            for (String k : keys) {
                assertThat(call(actual, "TYPE", k)).as("type of %s", k).isEqualTo(call(expected, "TYPE", k));
                String enc = call(expected, "OBJECT", "ENCODING", k);
                assertThat(call(actual, "OBJECT", "ENCODING", k)).as("encoding of %s", k).isEqualTo(enc);
                assertThat(actual.call("DEBUG", "DIGEST-VALUE", k)).as("digest of %s", k)
                    .isEqualTo(expected.call("DEBUG", "DIGEST-VALUE", k));
                boolean expires = !call(expected, "PTTL", k).equals("-1");
                assertThat(!call(actual, "PTTL", k).equals("-1")).as("expiry of %s", k).isEqualTo(expires);
                if (!enc.equals("hashtable") && !enc.equals("skiplist")) {
                    RespValue d1 = expected.call("DUMP", k);
                    RespValue d2 = actual.call("DUMP", k);
                    assertThat(((RespValue.Bulk) d2).bytes()).as("DUMP of %s", k)
                        .isEqualTo(((RespValue.Bulk) d1).bytes());
                }
            }
        }
        call(expected, "SELECT", "0");
        call(actual, "SELECT", "0");
        assertThat(call(actual, "DEBUG", "DIGEST")).isEqualTo(call(expected, "DEBUG", "DIGEST"));
    }
}
