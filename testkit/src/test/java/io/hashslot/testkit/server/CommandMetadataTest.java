package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * COMMAND INFO and COMMAND DOCS of every command Hashslot implements, compared with a real redis-server in RESP3.
 * INFO must be identical (containers list only the subcommands Hashslot implements). DOCS must be identical except
 * Redis's prose, which Hashslot does not copy: the summary (Hashslot has its own), complexity, history and
 * replaced_by.
 */
class CommandMetadataTest {
    private static final Set<String> PROSE = Set.of("summary", "complexity", "history", "replaced_by");
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

    /** A reply as plain Java values: maps keep their order, arrays and sets are lists, statuses are strings. */
    static Object plain(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return new String(b.bytes(), StandardCharsets.ISO_8859_1);
        } else if (v instanceof RespValue.Simple s) {
            return "+" + s.text();
        } else if (v instanceof RespValue.Int i) {
            return i.value();
        } else if (v instanceof RespValue.Null) {
            return null;
        } else if (v instanceof RespValue.Array a) {
            List<Object> l = new ArrayList<>();
            for (RespValue x : a.items()) {
                l.add(plain(x));
            }
            return a.type() == '~' ? new TypedList("set", l) : l;
        } else if (v instanceof RespValue.MapValue m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < m.items().size(); i += 2) {
                out.put(plain(m.items().get(i)), plain(m.items().get(i + 1)));
            }
            return out;
        }
        return v.toString();
    }

    /** A RESP3 set, kept apart from arrays so that a set and an array never compare equal. */
    record TypedList(String type, List<Object> items) {
    }

    private static List<String> implemented(RawClient h) {
        List<String> names = new ArrayList<>();
        for (Object o : (List<?>) plain(h.call("COMMAND", "LIST"))) {
            names.add((String) o);
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    @Test
    void commandInfoOfEveryImplementedCommandIsRedis() {
        try (RawClient r = new RawClient(redis.port()); RawClient h = node.client()) {
            r.call("HELLO", "3");
            h.call("HELLO", "3");
            List<String> names = implemented(h);
            assertThat(names).contains("info", "config|get", "client|list", "command|docs");
            for (String name : names) {
                List<Object> ours = (List<Object>) ((List<Object>) plain(h.call("COMMAND", "INFO", name))).get(0);
                List<Object> real = (List<Object>) ((List<Object>) plain(r.call("COMMAND", "INFO", name))).get(0);
                assertThat(ours.subList(0, 9)).as("COMMAND INFO %s", name).isEqualTo(real.subList(0, 9));
                Object subs = real.get(9);
                if (subs instanceof TypedList) {
                    assertThat(ours.get(9)).as("subcommands of %s", name).isEqualTo(subs);
                } else {
                    Map<Object, Object> bySub = new LinkedHashMap<>();
                    for (Object s : (List<Object>) subs) {
                        bySub.put(((List<Object>) s).get(0), s);
                    }
                    for (Object s : (List<Object>) ours.get(9)) {
                        Object subName = ((List<Object>) s).get(0);
                        assertThat(names).contains((String) subName);
                        assertThat(s).as("COMMAND INFO %s, subcommand %s", name, subName)
                            .isEqualTo(bySub.get(subName));
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> withoutProse(Map<Object, Object> docs, boolean onlyOurSubcommands,
                                                     Map<Object, Object> ours) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : docs.entrySet()) {
            if (PROSE.contains(e.getKey())) {
                continue;
            }
            if (e.getKey().equals("subcommands")) {
                Map<Object, Object> subs = new LinkedHashMap<>();
                Map<Object, Object> oursSubs = ours == null ? null : (Map<Object, Object>) ours.get("subcommands");
                for (Map.Entry<Object, Object> s : ((Map<Object, Object>) e.getValue()).entrySet()) {
                    if (onlyOurSubcommands && (oursSubs == null || !oursSubs.containsKey(s.getKey()))) {
                        continue;
                    }
                    subs.put(s.getKey(), withoutProse((Map<Object, Object>) s.getValue(), false, null));
                }
                out.put("subcommands", subs);
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    @Test
    void commandDocsOfEveryImplementedCommandIsRedisExceptProse() {
        try (RawClient r = new RawClient(redis.port()); RawClient h = node.client()) {
            r.call("HELLO", "3");
            h.call("HELLO", "3");
            for (String name : implemented(h)) {
                Map<Object, Object> ours = (Map<Object, Object>) ((Map<Object, Object>) plain(
                    h.call("COMMAND", "DOCS", name))).get(name);
                Map<Object, Object> real = (Map<Object, Object>) ((Map<Object, Object>) plain(
                    r.call("COMMAND", "DOCS", name))).get(name);
                assertThat(ours).as("COMMAND DOCS %s", name).isNotNull();
                assertThat((String) ours.get("summary")).as("our summary of %s", name).isNotBlank()
                    .isNotEqualTo(real.get("summary"));
                assertThat(withoutProse(ours, false, null)).as("COMMAND DOCS %s", name)
                    .isEqualTo(withoutProse(real, true, ours));
            }
        }
    }

    @Test
    void docsAndInfoInResp2AreFlattened() {
        try (RawClient h = node.client()) {
            RespValue docs = h.call("COMMAND", "DOCS", "get", "nosuch");
            assertThat(docs).isInstanceOf(RespValue.Array.class);
            List<?> l = (List<?>) plain(docs);
            assertThat(l).hasSize(2);
            assertThat(l.get(0)).isEqualTo("get");
            List<?> count = (List<?>) plain(h.call("COMMAND"));
            assertThat((long) count.size()).isEqualTo(((RespValue.Int) h.call("COMMAND", "COUNT")).value());
        }
    }
}
