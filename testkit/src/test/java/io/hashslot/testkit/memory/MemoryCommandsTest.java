package io.hashslot.testkit.memory;

import static io.hashslot.testkit.memory.MemoryReplies.decimal;
import static io.hashslot.testkit.memory.MemoryReplies.fields;
import static io.hashslot.testkit.memory.MemoryReplies.integer;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MEMORY on a node: USAGE follows what a key actually holds (value and name bytes, TTL, elements, sampling), and
 * STATS adds up (total = overhead + dataset, keys and databases counted, peak kept).
 */
class MemoryCommandsTest {
    private static TestNode node;
    private RawClient c;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void connect() {
        c = node.client();
        c.call("FLUSHALL");
    }

    private long usage(String... keyAndOptions) {
        String[] args = new String[keyAndOptions.length + 2];
        args[0] = "MEMORY";
        args[1] = "USAGE";
        System.arraycopy(keyAndOptions, 0, args, 2, keyAndOptions.length);
        RespValue v = c.call(args);
        assertThat(v).as("MEMORY USAGE %s", String.join(" ", keyAndOptions)).isInstanceOf(RespValue.Int.class);
        return ((RespValue.Int) v).value();
    }

    @Test
    void stringUsageFollowsValueAndNameLength() {
        c.call("SET", "k", "x".repeat(1000));
        c.call("SET", "k2", "x".repeat(2000));
        c.call("SET", "longer-key-name-k", "x".repeat(1000));
        long small = usage("k");
        assertThat(small).isBetween(1000L, 1200L);
        assertThat(usage("k2") - small).isBetween(992L, 1008L);
        assertThat(usage("longer-key-name-k") - small).isBetween(8L, 24L);
        c.call("SET", "n", "1");
        assertThat(usage("n")).isPositive().isLessThan(small);
    }

    @Test
    void timeToLiveCostsItsExpiryField() {
        c.call("SET", "k", "v");
        long plain = usage("k");
        c.call("EXPIRE", "k", "1000");
        assertThat(usage("k")).isEqualTo(plain + 8);
        c.call("PERSIST", "k");
        assertThat(usage("k")).isEqualTo(plain);
    }

    @Test
    void appendedStringCountsItsSpareCapacity() {
        c.call("SET", "fixed", "abcdef");
        c.call("APPEND", "grown", "abc");
        c.call("APPEND", "grown", "def");
        assertThat(usage("grown")).isGreaterThan(usage("fixed"));
    }

    @Test
    void collectionsGrowWithTheirElements() {
        for (int i = 0; i < 10; i++) {
            c.call("HSET", "h", "f" + i, "v" + i);
            c.call("SADD", "s", "m" + i);
            c.call("SADD", "ints", Integer.toString(i));
        }
        long h10 = usage("h");
        long s10 = usage("s");
        long ints10 = usage("ints");
        for (int i = 10; i < 600; i++) {
            c.call("HSET", "h", "f" + i, "v" + i);
            c.call("SADD", "s", "m" + i);
            c.call("SADD", "ints", Integer.toString(i));
        }
        assertThat(usage("h", "SAMPLES", "0")).isGreaterThan(h10 * 20);
        assertThat(usage("s", "SAMPLES", "0")).isGreaterThan(s10 * 20);
        assertThat(usage("ints")).isGreaterThan(ints10 + 590 * 2);
    }

    @Test
    void samplesZeroMeasuresEveryElement() {
        // 600 members of 10 bytes, then the same with 18-byte members: each member's array is 8 bytes bigger
        for (int i = 0; i < 600; i++) {
            c.call("SADD", "short", String.format("m%09d", i));
            c.call("SADD", "long", String.format("m%017d", i));
        }
        assertThat(usage("long", "SAMPLES", "0") - usage("short", "SAMPLES", "0")).isEqualTo(600 * 8);
        assertThat(usage("short", "SAMPLES", "600")).isEqualTo(usage("short", "SAMPLES", "0"));
        assertThat(usage("short", "SAMPLES", "100000")).isEqualTo(usage("short", "SAMPLES", "0"));
        // uniform members: the default five samples extrapolate to the exact figure within rounding
        assertThat(usage("short")).isBetween(usage("short", "SAMPLES", "0") - 600,
            usage("short", "SAMPLES", "0") + 600);
    }

    @Test
    void defaultSamplingDoesNotMeasureEveryElement() {
        c.call("SADD", "s", "x".repeat(20000));
        for (int i = 0; i < 599; i++) {
            c.call("SADD", "s", "m" + i);
        }
        long exact = usage("s", "SAMPLES", "0");
        assertThat(exact).isGreaterThan(20000);
        // five sampled members either miss the big one (far below) or count it 120 times over (far above)
        assertThat(Math.abs(usage("s") - exact)).isGreaterThan(5000);
    }

    @Test
    void sortedSetsAndHashesSampleToo() {
        for (int i = 0; i < 300; i++) {
            c.call("HSET", "h", "field" + i, "v".repeat(100));
        }
        long exact = usage("h", "SAMPLES", "0");
        assertThat(exact).isGreaterThan(300 * 100);
        assertThat(usage("h", "SAMPLES", "7")).isBetween(exact - exact / 20, exact + exact / 20);
    }

    private Map<String, RespValue> stats() {
        return fields(c.call("MEMORY", "STATS"));
    }

    @Test
    void statsAddUp() {
        Map<String, RespValue> empty = stats();
        assertThat(integer(empty, "keys.count")).isZero();
        assertThat(integer(empty, "dataset.bytes")).isZero();
        assertThat(integer(empty, "total.allocated")).isEqualTo(integer(empty, "overhead.total"));
        assertThat(empty).doesNotContainKey("db.0");

        for (int i = 0; i < 50; i++) {
            c.call("SET", "k" + i, "x".repeat(1000), "EX", "1000");
        }
        c.call("SELECT", "5");
        c.call("SET", "other", "v");
        Map<String, RespValue> s = stats();
        assertThat(integer(s, "keys.count")).isEqualTo(51);
        assertThat(s).containsKeys("db.0", "db.5").doesNotContainKey("db.1");
        Map<String, RespValue> db0 = fields(s.get("db.0"));
        assertThat(integer(db0, "overhead.hashtable.expires")).isEqualTo(50 * 8);
        assertThat(integer(fields(s.get("db.5")), "overhead.hashtable.expires")).isZero();
        assertThat(integer(s, "dataset.bytes")).isGreaterThan(50 * 1000);
        assertThat(integer(s, "total.allocated"))
            .isEqualTo(integer(s, "overhead.total") + integer(s, "dataset.bytes"))
            .isGreaterThan(integer(empty, "total.allocated") + 50 * 1000);
        long net = integer(s, "total.allocated") - integer(s, "startup.allocated");
        assertThat(integer(s, "keys.bytes-per-key")).isEqualTo(net / 51);
        assertThat(decimal(s, "dataset.percentage")).isBetween(1.0, 100.0);
        assertThat(integer(s, "peak.allocated")).isGreaterThanOrEqualTo(integer(s, "total.allocated"));

        c.call("FLUSHALL");
        Map<String, RespValue> after = stats();
        assertThat(integer(after, "peak.allocated")).isEqualTo(integer(s, "peak.allocated"));
        assertThat(decimal(after, "peak.percentage")).isLessThan(100.0);
    }

    @Test
    void statsDatasetOfManyKeysIsExtrapolated() {
        for (int i = 0; i < 3000; i++) {
            c.send(RawClient.args("SET", "key:" + i, "x".repeat(100)));
        }
        for (int i = 0; i < 3000; i++) {
            c.read();
        }
        long dataset = integer(stats(), "dataset.bytes");
        long perKey = usage("key:1") - 32 - 8; // a key's usage less its entry object and bucket
        assertThat(dataset).isBetween(3000 * perKey - 3000 * 8, 3000 * perKey + 3000 * 8);
    }

    @Test
    void doctorMallocStatsAndPurge() {
        assertThat(((RespValue.Bulk) c.call("MEMORY", "DOCTOR")).text()).contains("very little data");
        String big = "x".repeat(100_000);
        for (int i = 0; i < 90; i++) {
            c.call("SET", "big" + i, big);
        }
        assertThat(((RespValue.Bulk) c.call("MEMORY", "DOCTOR")).text()).startsWith("No memory problems");
        assertThat(((RespValue.Bulk) c.call("MEMORY", "MALLOC-STATS")).text())
            .isEqualTo("Stats not supported for the current allocator");
        assertThat(c.call("MEMORY", "PURGE")).isEqualTo(new RespValue.Simple("OK"));
        // 9 MB at the last report, 5.5 MB now: the peak is more than 1.5 times the current use
        c.call("FLUSHALL");
        c.call("SET", "small", "x".repeat(5_500_000));
        assertThat(((RespValue.Bulk) c.call("MEMORY", "DOCTOR")).text()).contains("Peak memory");
    }
}
