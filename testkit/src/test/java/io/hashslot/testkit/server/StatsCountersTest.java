package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * INFO stats counters that follow server state rather than events: pubsub_channels, pubsub_patterns,
 * pubsubshard_channels and migrate_cached_sockets, read after the same steps on redis-server and on Hashslot.
 */
class StatsCountersTest {
    private static final String[] FIELDS = {"pubsub_channels", "pubsub_patterns", "pubsubshard_channels",
        "migrate_cached_sockets"};

    private static String counters(RawClient c) {
        String stats = ((RespValue.Bulk) c.call("INFO", "stats")).text();
        StringBuilder sb = new StringBuilder();
        for (String f : FIELDS) {
            for (String line : stats.split("\r\n")) {
                if (line.startsWith(f + ":")) {
                    sb.append(line).append(' ');
                }
            }
        }
        return sb.toString().trim();
    }

    /** The counters after each step; {@code target} is a second server of the same kind for MIGRATE. */
    private static List<String> steps(int port, IntSupplier target) {
        List<String> out = new ArrayList<>();
        try (RawClient c = new RawClient(port); RawClient s1 = new RawClient(port);
             RawClient s2 = new RawClient(port)) {
            out.add(counters(c));
            s1.call("SUBSCRIBE", "a", "b");
            s2.call("SUBSCRIBE", "b", "c");
            out.add(counters(c));
            s1.call("PSUBSCRIBE", "p*", "q*");
            s2.call("PSUBSCRIBE", "p*");
            s2.call("SSUBSCRIBE", "s1");
            s2.call("SSUBSCRIBE", "s2");
            out.add(counters(c));
            s1.call("UNSUBSCRIBE", "b");
            s2.call("PUNSUBSCRIBE");
            out.add(counters(c));
            s1.close();
            s2.call("SUNSUBSCRIBE", "s1");
            // s1's subscriptions go when the server has seen its connection close
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> counters(c).contains("patterns:0"));
            out.add(counters(c));
            c.call("SET", "k", "v");
            int to = target.getAsInt();
            out.add(c.call("MIGRATE", "127.0.0.1", String.valueOf(to), "k", "0", "5000").toString());
            out.add(counters(c));
        }
        return out;
    }

    @Test
    void countersFollowSubscriptionsAndMigrateLinksAsInRedis() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<String> real;
        try (RealRedis r = RealRedis.start(); RealRedis target = RealRedis.start()) {
            real = steps(r.port(), target::port);
        }
        List<String> ours;
        try (TestNode n = TestNode.start(); TestNode target = TestNode.start()) {
            ours = steps(n.port(), target::port);
        }
        assertThat(real.get(2)).contains("pubsub_channels:3", "pubsub_patterns:2", "pubsubshard_channels:2");
        assertThat(real.get(real.size() - 1)).contains("migrate_cached_sockets:1");
        assertThat(ours).isEqualTo(real);
    }
}
