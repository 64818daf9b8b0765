package io.hashslot.testkit.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications of the list commands and SORT ... STORE, including a blocked client being served, compared
 * with real Redis message for message (notify-keyspace-events KEAn: every class but key misses).
 */
class ListNotificationsTest {
    private static final List<List<String>> COMMANDS = List.of(
        List.of("LPUSH", "l", "a", "b"), List.of("RPUSH", "l", "c"), List.of("LPUSHX", "l", "x"),
        List.of("RPUSHX", "nokey", "x"), List.of("LINSERT", "l", "BEFORE", "c", "i"),
        List.of("LINSERT", "l", "BEFORE", "nosuch", "i"), List.of("LSET", "l", "0", "s"),
        List.of("LREM", "l", "0", "nosuch"), List.of("LREM", "l", "1", "i"), List.of("LTRIM", "l", "0", "-1"),
        List.of("LTRIM", "l", "1", "-1"), List.of("LPOP", "l"), List.of("RPOP", "l", "5"),
        List.of("RPUSH", "src", "1", "2", "3"), List.of("LMOVE", "src", "dst", "LEFT", "RIGHT"),
        List.of("RPOPLPUSH", "src", "src"), List.of("RPOPLPUSH", "dst", "dst"), List.of("LMPOP", "1", "src", "RIGHT",
            "COUNT", "5"),
        List.of("BLPOP", "nokey", "dst", "0"), List.of("RPUSH", "b", "1", "2"),
        List.of("BLMOVE", "b", "b2", "RIGHT", "LEFT", "0"), List.of("BLMPOP", "0", "1", "b", "LEFT", "COUNT", "3"),
        List.of("BRPOPLPUSH", "b2", "b3", "0"), List.of("RPUSH", "tosort", "3", "1", "2"),
        List.of("SORT", "tosort", "STORE", "sorted"), List.of("SORT", "nokey", "STORE", "sorted"),
        List.of("LTRIM", "b3", "1", "0"), List.of("LINSERT", "tosort", "AFTER", "1", "z"),
        List.of("LPUSH", "str", "x"));

    @Test
    void sameEventsAsRedis() throws Exception {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (RealRedis redis = RealRedis.start("--notify-keyspace-events", "KEAn");
             TestNode node = TestNode.start("notify-keyspace-events", "KEAn")) {
            List<String> expected = events(redis.port());
            List<String> actual = events(node.port());
            assertThat(expected).hasSizeGreaterThan(40);
            assertThat(actual).containsExactlyElementsOf(expected);
        }
    }

    /** Runs the commands, then a blocked BLPOP served by a push, and returns every notification in order. */
    private static List<String> events(int port) throws Exception {
        try (RawClient sub = new RawClient(port); RawClient c = new RawClient(port);
             RawClient waiter = new RawClient(port)) {
            c.call("SET", "str", "v"); // before subscribing: only list commands' events are compared
            sub.call("PSUBSCRIBE", "__key*__:*");
            sub.call("SUBSCRIBE", "done");
            for (List<String> cmd : COMMANDS) {
                c.call(cmd.toArray(String[]::new));
            }
            waiter.send(RawClient.args("BLMOVE", "wait", "moved", "LEFT", "LEFT", "0"));
            Thread.sleep(300);
            c.call("RPUSH", "wait", "w1", "w2");
            assertThat(waiter.read()).isNotNull();
            c.call("PUBLISH", "done", "1");
            List<String> out = new ArrayList<>();
            while (true) {
                RespValue m = sub.read();
                String text = render(m);
                if (text.startsWith("message done")) {
                    return out;
                }
                out.add(text);
            }
        }
    }

    private static String render(RespValue v) {
        if (v instanceof RespValue.Array a) {
            StringBuilder sb = new StringBuilder();
            for (RespValue e : a.items()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(render(e));
            }
            return sb.toString();
        }
        if (v instanceof RespValue.Bulk b) {
            return b.text();
        }
        return v.toString();
    }
}
