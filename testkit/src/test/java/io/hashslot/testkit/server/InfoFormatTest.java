package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * INFO of a Hashslot node against INFO of a real redis-server after the same commands: the same sections in the
 * same order, the same fields in the same order (Hashslot adds hashslot_version at the end of # Server), and
 * every value in the same format (integer, decimal with two places, human size, hex id, ...).
 */
class InfoFormatTest {
    private static RealRedis redis;
    private static TestNode node;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start();
        node = TestNode.start();
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

    /** Sections by title, each a map of field to value in order; the order of sections is the map order. */
    static Map<String, Map<String, String>> parse(String info) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        assertThat(info).doesNotContain("\r\n\r\n\r\n");
        for (String line : info.split("\r\n", -1)) {
            if (line.startsWith("# ")) {
                current = new LinkedHashMap<>();
                sections.put(line.substring(2), current);
            } else if (!line.isEmpty()) {
                int colon = line.indexOf(':');
                assertThat(colon).as("line %s", line).isPositive();
                assertThat(current).as("field before any section: %s", line).isNotNull();
                current.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return sections;
    }

    private static String info(RawClient c, String... sections) {
        List<String> args = new ArrayList<>(List.of("INFO"));
        args.addAll(List.of(sections));
        RespValue v = c.call(args.toArray(new String[0]));
        assertThat(v).isInstanceOf(RespValue.Bulk.class);
        return ((RespValue.Bulk) v).text();
    }

    /** Runs the same traffic on a server so that commandstats, errorstats, latencystats and keyspace have lines. */
    private static void traffic(RawClient c) {
        c.call("FLUSHALL");
        c.call("CONFIG", "RESETSTAT");
        c.call("SET", "k", "v");
        c.call("GET", "k");
        c.call("SET", "e", "1");
        c.call("SELECT", "2");
        c.call("SET", "x", "y");
        c.call("SELECT", "0");
        c.call("NOSUCHCOMMAND");
        c.call("GET");
        c.call("CLIENT", "ID");
    }

    private static final Pattern INT = Pattern.compile("-?\\d+");
    private static final Pattern DEC2 = Pattern.compile("-?\\d+\\.\\d{2}");
    private static final Pattern PERC = Pattern.compile("\\d+\\.\\d{2}%");
    private static final Pattern HUMAN = Pattern.compile("\\d+B|\\d+\\.\\d{2}[KMGTP]");
    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern CPU = Pattern.compile("\\d+\\.\\d{6}");
    private static final Pattern CMDSTAT =
        Pattern.compile("calls=\\d+,usec=\\d+,usec_per_call=\\d+\\.\\d{2},rejected_calls=\\d+,failed_calls=\\d+");
    private static final Pattern LATSTAT = Pattern.compile("p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}");
    private static final Pattern KEYSPACE = Pattern.compile("keys=\\d+,expires=\\d+,avg_ttl=\\d+");
    private static final Pattern ERRSTAT = Pattern.compile("count=\\d+");

    /** The shape of a value: the first pattern it matches, or the value itself for words. */
    static String shape(String value) {
        for (Pattern p : List.of(INT, PERC, DEC2, CPU, HUMAN, HEX40, CMDSTAT, LATSTAT, KEYSPACE, ERRSTAT)) {
            if (p.matcher(value).matches()) {
                return p.pattern();
            }
        }
        return "text";
    }

    private static final List<String> DYNAMIC = List.of("Commandstats", "Errorstats", "Latencystats", "Keyspace");

    /** Fields whose value is free text that legitimately differs (paths, versions, OS, allocator names). */
    private static final List<String> TEXT_FIELDS = List.of("redis_build_id", "os", "executable", "config_file",
        "gcc_version", "multiplexing_api", "mem_allocator", "hashslot_version");

    @Test
    void everythingHasRedisSectionsFieldsAndFormats() {
        String a;
        String b;
        try (RawClient r = new RawClient(redis.port()); RawClient h = node.client()) {
            traffic(r);
            traffic(h);
            a = info(r, "everything");
            b = info(h, "everything");
        }
        Map<String, Map<String, String>> real = parse(a);
        Map<String, Map<String, String>> ours = parse(b);
        assertThat(ours.keySet()).containsExactlyElementsOf(real.keySet());
        for (String section : real.keySet()) {
            Map<String, String> rf = real.get(section);
            Map<String, String> hf = ours.get(section);
            List<String> expected = new ArrayList<>(rf.keySet());
            if (section.equals("Server")) {
                expected.add("hashslot_version");
            }
            if (DYNAMIC.contains(section)) {
                // one line per command / error / database: Redis orders them by hash, so compare them as sets
                assertThat(hf.keySet()).as("fields of # %s", section).containsExactlyInAnyOrderElementsOf(expected);
            } else {
                assertThat(new ArrayList<>(hf.keySet())).as("fields of # %s", section)
                    .containsExactlyElementsOf(expected);
            }
            for (String field : rf.keySet()) {
                if (TEXT_FIELDS.contains(field)) {
                    continue;
                }
                assertThat(shape(hf.get(field))).as("format of %s:%s (redis: %s)", field, hf.get(field),
                    rf.get(field)).isEqualTo(shape(rf.get(field)));
            }
        }
        assertThat(ours.get("Errorstats")).isEqualTo(real.get("Errorstats"));
        assertThat(ours.get("Keyspace")).isEqualTo(real.get("Keyspace"));
        for (Map.Entry<String, String> e : real.get("Commandstats").entrySet()) {
            String calls = e.getValue().replaceAll("usec=\\d+,usec_per_call=[0-9.]+,", "");
            assertThat(ours.get("Commandstats").get(e.getKey()).replaceAll("usec=\\d+,usec_per_call=[0-9.]+,", ""))
                .as(e.getKey()).isEqualTo(calls);
        }
        assertThat(ours.get("Server").get("redis_version")).isEqualTo("7.0.15");
        assertThat(ours.get("Server").get("tcp_port")).isEqualTo(String.valueOf(node.port()));
    }

    @Test
    void sectionSelectionAsRedis() {
        try (RawClient r = new RawClient(redis.port()); RawClient h = node.client()) {
            for (String[] args : List.of(new String[0], new String[] {"default"}, new String[] {"all"},
                new String[] {"SERVER", "keyspace"}, new String[] {"commandstats"}, new String[] {"default",
                    "latencystats"}, new String[] {"modules"}, new String[] {"module_list", "cpu"},
                new String[] {"nosuch"}, new String[] {"server", "server"}, new String[] {"everything"})) {
                assertThat(parse(info(h, args)).keySet()).as("INFO %s", String.join(" ", args))
                    .containsExactlyElementsOf(parse(info(r, args)).keySet());
            }
        }
    }

    @Test
    void usedMemoryFollowsTheDataset() {
        try (RawClient h = node.client()) {
            h.call("FLUSHALL");
            long before = Long.parseLong(parse(info(h, "memory")).get("Memory").get("used_memory"));
            for (int i = 0; i < 1000; i++) {
                h.call("SET", "key:" + i, "x".repeat(100));
            }
            Map<String, String> mem = parse(info(h, "memory")).get("Memory");
            long after = Long.parseLong(mem.get("used_memory"));
            assertThat(after - before).isGreaterThanOrEqualTo(1000L * 100);
            assertThat(Long.parseLong(mem.get("used_memory_peak"))).isGreaterThanOrEqualTo(after);
            assertThat(Long.parseLong(mem.get("used_memory_rss"))).isPositive();
            h.call("FLUSHALL");
            long flushed = Long.parseLong(parse(info(h, "memory")).get("Memory").get("used_memory"));
            assertThat(flushed).isLessThan(after - 1000L * 100);
        }
    }
}
