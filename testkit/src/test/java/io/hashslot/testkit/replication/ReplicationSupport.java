package io.hashslot.testkit.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.awaitility.Awaitility;

/**
 * Shared by the replication tests: a random write workload over every value type and several databases, a
 * key-by-key fingerprint of a dataset (type, content, exact expire time), INFO field reading and waiting until a
 * replica has applied everything its master streamed.
 */
final class ReplicationSupport {
    static final int DBS = 3;

    private ReplicationSupport() {
    }

    static String text(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        }
        if (v instanceof RespValue.Simple s) {
            return s.text();
        }
        if (v instanceof RespValue.Int i) {
            return Long.toString(i.value());
        }
        if (v instanceof RespValue.Error e) {
            return "ERR:" + e.text();
        }
        if (v instanceof RespValue.Null) {
            return "(nil)";
        }
        if (v instanceof RespValue.Array a) {
            List<String> items = new ArrayList<>();
            for (RespValue x : a.items()) {
                items.add(text(x));
            }
            return items.toString();
        }
        return String.valueOf(v);
    }

    static List<String> items(RespValue v) {
        List<String> out = new ArrayList<>();
        for (RespValue x : ((RespValue.Array) v).items()) {
            out.add(text(x));
        }
        return out;
    }

    /** One field of INFO (all sections), or null. */
    static String info(RawClient c, String field) {
        String all = text(c.call("INFO", "all"));
        for (String line : all.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    static long infoLong(RawClient c, String field) {
        String v = info(c, field);
        return v == null ? -1 : Long.parseLong(v);
    }

    /**
     * Waits until no key of the first {@link #DBS} databases expires within a minute. The workload sets
     * millisecond TTLs; a master that expires such a key later writes a DEL into its stream, so a test that
     * compares replication offsets across a promotion must let those keys go first.
     */
    static void awaitShortExpiriesGone(RawClient master) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            boolean settled = true;
            for (int db = 0; db < DBS; db++) {
                master.call("SELECT", Integer.toString(db));
                for (String key : items(master.call("KEYS", "*"))) {
                    long ttl = ((RespValue.Int) master.call("PTTL", key)).value();
                    settled &= ttl < 0 || ttl > 60_000;
                }
            }
            master.call("SELECT", "0");
            return settled;
        });
    }

    /** Waits until the replica is linked and has applied the master's whole stream so far. */
    static void awaitInSync(RawClient master, RawClient replica) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
            "up".equals(info(replica, "master_link_status"))
                && infoLong(master, "master_repl_offset") == infoLong(replica, "slave_repl_offset"));
    }

    /** Every key of the first {@link #DBS} databases: type, content and PEXPIRETIME, sorted by db and key. */
    static TreeMap<String, String> fingerprint(RawClient c) {
        TreeMap<String, String> out = new TreeMap<>();
        for (int db = 0; db < DBS; db++) {
            c.call("SELECT", Integer.toString(db));
            for (String key : items(c.call("KEYS", "*"))) {
                String type = text(c.call("TYPE", key));
                String content = switch (type) {
                    case "string" -> text(c.call("GET", key));
                    case "list" -> items(c.call("LRANGE", key, "0", "-1")).toString();
                    case "set" -> new TreeSet<>(items(c.call("SMEMBERS", key))).toString();
                    case "hash" -> {
                        List<String> kv = items(c.call("HGETALL", key));
                        TreeMap<String, String> m = new TreeMap<>();
                        for (int i = 0; i + 1 < kv.size(); i += 2) {
                            m.put(kv.get(i), kv.get(i + 1));
                        }
                        yield m.toString();
                    }
                    case "zset" -> items(c.call("ZRANGE", key, "0", "-1", "WITHSCORES")).toString();
                    default -> "?";
                };
                out.put(db + "/" + key, type + " " + content + " ttl@" + text(c.call("PEXPIRETIME", key)));
            }
        }
        c.call("SELECT", "0");
        return out;
    }

    /** Lazily expires whatever is due on the master (KEYS touches every key), so DELs reach the replicas. */
    static void expireDue(RawClient master) {
        for (int db = 0; db < DBS; db++) {
            master.call("SELECT", Integer.toString(db));
            master.call("KEYS", "*");
        }
        master.call("SELECT", "0");
    }

    static void assertSameData(RawClient master, RawClient replica) {
        expireDue(master);
        awaitInSync(master, replica);
        TreeMap<String, String> m = fingerprint(master);
        TreeMap<String, String> r = fingerprint(replica);
        assertThat(m.size()).as("keys compared").isGreaterThan(30);
        List<String> diff = new ArrayList<>();
        for (String k : new TreeSet<>(m.keySet()) {{ addAll(r.keySet()); }}) {
            if (!java.util.Objects.equals(m.get(k), r.get(k)) && diff.size() < 10) {
                diff.add(k + ": master=" + m.get(k) + " replica=" + r.get(k));
            }
        }
        assertThat(diff).as("keys that differ").isEmpty();
        assertThat(r).isEqualTo(m);
    }

    /** Runs {@code ops} random writes of every type over a small key space in {@link #DBS} databases. */
    static void workload(RawClient c, Random rnd, int ops) {
        for (int i = 0; i < ops; i++) {
            if (rnd.nextInt(20) == 0) {
                c.call("SELECT", Integer.toString(rnd.nextInt(DBS)));
            }
            one(c, rnd);
        }
        c.call("SELECT", "0");
    }

    private static String key(Random rnd, String prefix) {
        return prefix + rnd.nextInt(25);
    }

    private static String val(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Integer.toString(rnd.nextInt(1000));
            case 1 -> "v" + rnd.nextInt(100);
            case 2 -> "x".repeat(rnd.nextInt(300));
            default -> Double.toString(rnd.nextDouble() * 100);
        };
    }

    private static void one(RawClient c, Random rnd) {
        String s = key(rnd, "s");
        String l = key(rnd, "l");
        String h = key(rnd, "h");
        String st = key(rnd, "t");
        String z = key(rnd, "z");
        String n = Integer.toString(rnd.nextInt(100));
        switch (rnd.nextInt(40)) {
            case 0 -> c.call("SET", s, val(rnd));
            case 1 -> c.call("SET", s, val(rnd), "EX", "1000");
            case 2 -> c.call("APPEND", s, val(rnd));
            case 3 -> c.call("INCRBY", key(rnd, "n"), n);
            case 4 -> c.call("INCRBYFLOAT", key(rnd, "f"), "1.5");
            case 5 -> c.call("SETRANGE", s, Integer.toString(rnd.nextInt(20)), "abc");
            case 6 -> c.call("GETDEL", s);
            case 7 -> c.call("RPUSH", l, val(rnd), val(rnd), n);
            case 8 -> c.call("LPUSH", l, val(rnd));
            case 9 -> c.call("LPOP", l, "2");
            case 10 -> c.call("LMOVE", l, key(rnd, "l"), "LEFT", "RIGHT");
            case 11 -> c.call("LTRIM", l, "0", Integer.toString(rnd.nextInt(5)));
            case 12 -> c.call("LINSERT", l, "BEFORE", n, "ins");
            case 13 -> c.call("HSET", h, "f" + n, val(rnd), "g" + rnd.nextInt(200), val(rnd));
            case 14 -> c.call("HDEL", h, "f" + n);
            case 15 -> c.call("HINCRBY", h, "cnt", n);
            case 16 -> c.call("HINCRBYFLOAT", h, "flt", "0.25");
            case 17 -> c.call("SADD", st, n, "m" + rnd.nextInt(200), val(rnd));
            case 18 -> c.call("SREM", st, n);
            case 19 -> c.call("SPOP", st, "2");
            case 20 -> c.call("SINTERSTORE", key(rnd, "t"), st, key(rnd, "t"));
            case 21 -> c.call("ZADD", z, n, "m" + rnd.nextInt(150), Double.toString(rnd.nextDouble()), "d" + n);
            case 22 -> c.call("ZINCRBY", z, "2.5", "m" + n);
            case 23 -> c.call("ZPOPMIN", z);
            case 24 -> c.call("ZUNIONSTORE", key(rnd, "z"), "2", z, key(rnd, "z"));
            case 25 -> c.call("ZREMRANGEBYRANK", z, "0", "1");
            case 26 -> c.call("PFADD", key(rnd, "p"), "e" + n, "e" + rnd.nextInt(5000));
            case 27 -> c.call("DEL", key(rnd, "s"), key(rnd, "l"));
            case 28 -> c.call("EXPIRE", key(rnd, "h"), "5000");
            case 29 -> c.call("PEXPIRE", key(rnd, "s"), Integer.toString(1 + rnd.nextInt(30)));
            case 30 -> c.call("PERSIST", key(rnd, "h"));
            case 31 -> c.call("RENAME", key(rnd, "s"), key(rnd, "s"));
            case 32 -> c.call("COPY", z, key(rnd, "z"), "REPLACE");
            case 33 -> {
                c.call("MULTI");
                c.call("INCR", key(rnd, "n"));
                c.call("RPUSH", l, "tx");
                c.call("SADD", st, "tx");
                c.call("EXEC");
            }
            case 34 -> c.call("EVAL", "redis.call('incr', KEYS[1]); return redis.call('hset', KEYS[2], 'lua', ARGV[1])",
                "2", key(rnd, "n"), h, n);
            case 35 -> c.call("SORT", l, "ALPHA", "STORE", key(rnd, "l"));
            case 36 -> c.call("SMOVE", st, key(rnd, "t"), n);
            case 37 -> c.call("UNLINK", key(rnd, "z"));
            case 38 -> c.call("GETEX", s, "PX", "100000");
            default -> c.call("MSET", key(rnd, "s"), val(rnd), key(rnd, "s"), val(rnd));
        }
    }

    /** A scenario on a fresh master/replica pair, with clients to both. */
    interface PairScenario {
        void run(String kind, RawClient master, RawClient replica);
    }

    /**
     * Runs {@code scenario} on a redis-server pair, then on a Hashslot pair (same steps, same expectations); the
     * replica starts as a replica of the master; the master gets {@code masterConfig} (directive, value pairs) on top of repl-diskless-sync-delay 0.
     */
    static void onBothKinds(PairScenario scenario, String... masterConfig) {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<String> realArgs = new ArrayList<>(List.of("--repl-diskless-sync-delay", "0"));
        List<String> ourArgs = new ArrayList<>(List.of("repl-diskless-sync-delay", "0"));
        for (int i = 0; i + 1 < masterConfig.length; i += 2) {
            realArgs.add("--" + masterConfig[i]);
            realArgs.add(masterConfig[i + 1]);
            ourArgs.add(masterConfig[i]);
            ourArgs.add(masterConfig[i + 1]);
        }
        try (RealRedis master = RealRedis.start(realArgs.toArray(String[]::new));
             RealRedis replica = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
             RawClient m = new RawClient(master.port());
             RawClient r = new RawClient(replica.port())) {
            scenario.run("redis-server", m, r);
        }
        try (TestNode master = TestNode.start(ourArgs.toArray(String[]::new));
             TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient m = master.client();
             RawClient r = replica.client()) {
            scenario.run("Hashslot", m, r);
        }
    }
}
