package io.hashslot.testkit.hll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the HyperLogLog commands do besides replying, compared with a real redis-server command by command: the
 * keyspace notifications they send ("new", "pfadd" also for PFMERGE, none for PFCOUNT), how much they add to
 * the dirty counter (PFADD one per changed register, a PFCOUNT that refreshes the cache, PFDEBUG conversions),
 * keyspace hits and misses, and the error codes counted for errorstats.
 */
class HllSideEffectsTest {
    private static RealRedis redis;
    private static TestNode node;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start("--notify-keyspace-events", "KEAm");
        node = TestNode.start("notify-keyspace-events", "KEAm");
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

    private static final String CORRUPT = "HYLL\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"
        + "\u0080\u007f\u00fe";

    private static final List<List<String>> SCENARIO = List.of(
        List.of("PFADD", "h"),
        List.of("PFADD", "h", "a", "b", "c"),
        List.of("PFADD", "h", "a"),
        List.of("PFADD", "h"),
        List.of("PFCOUNT", "h"),
        List.of("PFCOUNT", "h"),
        List.of("PFCOUNT", "h", "nokey"),
        List.of("PFCOUNT", "nokey"),
        List.of("PFMERGE", "d", "h", "nokey"),
        List.of("PFMERGE", "d"),
        List.of("PFMERGE", "h", "d"),
        List.of("PFDEBUG", "TODENSE", "h"),
        List.of("PFDEBUG", "TODENSE", "h"),
        List.of("PFDEBUG", "GETREG", "d"),
        List.of("PFDEBUG", "GETREG", "d"),
        List.of("PFDEBUG", "ENCODING", "d"),
        List.of("PFDEBUG", "DECODE", "d"),
        List.of("PFDEBUG", "ENCODING", "nokey"),
        List.of("PFADD", "h", "x", "y", "z", "w"),
        List.of("PFCOUNT", "h"),
        List.of("SET", "s", "foo"),
        List.of("PFADD", "s", "x"),
        List.of("PFCOUNT", "s"),
        List.of("PFMERGE", "s"),
        List.of("SET", "c", CORRUPT),
        List.of("PFCOUNT", "c"),
        List.of("PFADD", "c", "ry6e"),
        List.of("PFADD", "c", "r2bx"),
        List.of("PFADD", "c", "rzz46g"),
        List.of("PFMERGE", "e", "c"),
        List.of("EXISTS", "e"),
        List.of("HSET", "hh", "f", "v"),
        List.of("PFCOUNT", "hh"),
        List.of("PFSELFTEST"));

    @Test
    void notificationsDirtyHitsAndErrorsMatchRedis() {
        try (RawClient r = new RawClient(redis.port()); RawClient h = new RawClient(node.port());
             RawClient rSub = new RawClient(redis.port()); RawClient hSub = new RawClient(node.port())) {
            r.callRaw(RawClient.args("FLUSHALL"));
            h.callRaw(RawClient.args("FLUSHALL"));
            r.callRaw(RawClient.args("CONFIG", "RESETSTAT"));
            node.inspect(s -> {
                s.stats().resetErrors();
                return null;
            });
            rSub.callRaw(RawClient.args("PSUBSCRIBE", "__key*__:*"));
            hSub.callRaw(RawClient.args("PSUBSCRIBE", "__key*__:*"));
            for (List<String> command : SCENARIO) {
                String what = String.join(" ", command);
                long[] redisBefore = redisCounters(r);
                long[] nodeBefore = nodeCounters();
                List<byte[]> args = latin1(command);
                assertThat(escape(h.callRaw(args))).as(what).isEqualTo(escape(r.callRaw(args)));
                long[] redisAfter = redisCounters(r);
                long[] nodeAfter = nodeCounters();
                for (int i = 0; i < 3; i++) {
                    assertThat(nodeAfter[i] - nodeBefore[i]).as(what + ": " + COUNTERS[i])
                        .isEqualTo(redisAfter[i] - redisBefore[i]);
                }
                assertThat(escape(hSub.drain(100))).as("notifications of " + what)
                    .isEqualTo(escape(rSub.drain(100)));
            }
            assertThat(nodeErrors()).isEqualTo(redisErrors(r)).isNotEmpty();
        }
    }

    private static final String[] COUNTERS = {"dirty (rdb_changes_since_last_save)", "keyspace_hits",
        "keyspace_misses"};

    private static long[] redisCounters(RawClient r) {
        String info = info(r, "all");
        return new long[] {field(info, "rdb_changes_since_last_save"), field(info, "keyspace_hits"),
            field(info, "keyspace_misses")};
    }

    private static long[] nodeCounters() {
        return node.inspect(s -> new long[] {s.dirty(), s.stats().keyspaceHits, s.stats().keyspaceMisses});
    }

    private static Map<String, Long> redisErrors(RawClient r) {
        Map<String, Long> m = new TreeMap<>();
        for (String line : info(r, "errorstats").split("\r\n")) {
            if (line.startsWith("errorstat_")) {
                String code = line.substring("errorstat_".length(), line.indexOf(':'));
                m.put(code, Long.parseLong(line.substring(line.indexOf("count=") + 6)));
            }
        }
        return m;
    }

    private static Map<String, Long> nodeErrors() {
        return node.inspect(s -> new TreeMap<>(s.stats().errors()));
    }

    private static String info(RawClient r, String section) {
        r.send(RawClient.args("INFO", section));
        RespValue v = r.read();
        return new String(((RespValue.Bulk) v).bytes(), StandardCharsets.ISO_8859_1);
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in INFO");
    }

    private static List<byte[]> latin1(List<String> command) {
        List<byte[]> args = new ArrayList<>();
        command.forEach(a -> args.add(a.getBytes(StandardCharsets.ISO_8859_1)));
        return args;
    }

    private static String escape(byte[] b) {
        return ConformanceRunner.escape(b);
    }
}
