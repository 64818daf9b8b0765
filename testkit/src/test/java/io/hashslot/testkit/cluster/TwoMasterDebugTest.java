package io.hashslot.testkit.cluster;

import static io.hashslot.testkit.cluster.ClusterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two masters splitting the slots, once as redis-server nodes and once as Hashslot nodes, given the same steps:
 * a key that expired (active expiry off) in a migrating slot is asked for on the target, as if it were missing;
 * DEBUG CLUSTERLINK KILL closes bus links, which come back. Each step's reply must be the same on both kinds.
 */
class TwoMasterDebugTest {
    private record Pair(AutoCloseable a, int portA, AutoCloseable b, int portB) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            a.close();
            b.close();
        }
    }

    private static Pair redisPair() {
        RealRedis a = RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "3000");
        RealRedis b = RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "3000");
        return new Pair(a, a.port(), b, b.port());
    }

    private static Pair hashslotPair() {
        TestNode a = ClusterHarness.startNode();
        TestNode b = ClusterHarness.startNode();
        return new Pair(a, a.port(), b, b.port());
    }

    /** Slots 0-8191 on A, the rest on B, A and B introduced; returns {idA, idB} once both know each other. */
    private static String[] join(Pair p) {
        assertThat(call(p.portA(), "CLUSTER", "ADDSLOTSRANGE", "0", "8191")).isEqualTo("OK");
        assertThat(call(p.portB(), "CLUSTER", "ADDSLOTSRANGE", "8192", "16383")).isEqualTo("OK");
        assertThat(call(p.portA(), "CLUSTER", "MEET", "127.0.0.1", String.valueOf(p.portB()))).isEqualTo("OK");
        for (int port : new int[] {p.portA(), p.portB()}) {
            await().atMost(ClusterHarness.WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                String nodes = call(port, "CLUSTER", "NODES");
                return nodes.lines().count() == 2 && !nodes.contains("handshake") && !nodes.contains("noaddr")
                    && call(port, "CLUSTER", "INFO").contains("cluster_state:ok");
            });
        }
        return new String[] {call(p.portA(), "CLUSTER", "MYID"), call(p.portB(), "CLUSTER", "MYID")};
    }

    private static List<String> expiredKeyInAMigratingSlot(Pair p) throws InterruptedException {
        String[] ids = join(p);
        String slot = call(p.portA(), "CLUSTER", "KEYSLOT", "FOO");
        int owner = Integer.parseInt(slot) <= 8191 ? p.portA() : p.portB();
        int other = owner == p.portA() ? p.portB() : p.portA();
        String ownerId = owner == p.portA() ? ids[0] : ids[1];
        String otherId = owner == p.portA() ? ids[1] : ids[0];
        List<String> replies = new ArrayList<>();
        replies.add(call(owner, "DEBUG", "SET-ACTIVE-EXPIRE", "0"));
        replies.add(call(owner, "SET", "FOO", "BAR", "PX", "10"));
        replies.add(call(owner, "SET", "{FOO}live", "here"));
        replies.add(call(owner, "CLUSTER", "SETSLOT", slot, "MIGRATING", otherId));
        replies.add(call(other, "CLUSTER", "SETSLOT", slot, "IMPORTING", ownerId));
        Thread.sleep(12);
        // first thing after the wait: the routing check must read the clock, not the last command's time
        replies.add(call(owner, "GET", "FOO").replace(":" + other, ":<target>"));
        replies.add(call(owner, "GET", "{FOO}live"));
        replies.add(call(owner, "MGET", "FOO", "{FOO}live"));
        replies.add(call(owner, "EXISTS", "FOO").replace(":" + other, ":<target>"));
        replies.add(call(owner, "DBSIZE")); // still 2: looking at an expired key does not delete it
        return replies;
    }

    private static List<String> killLinks(Pair p) {
        String[] ids = join(p);
        List<String> replies = new ArrayList<>();
        await().atMost(ClusterHarness.WAIT).until(() -> links(p.portA()) == 2 && links(p.portB()) == 2);
        // one kill at a time, each followed by the links coming back: redis-server 7.0.15 crashes when told to
        // free a link that is already gone (KILL all right after KILL to), which is not worth comparing
        for (String direction : new String[] {"TO", "from", "all"}) {
            replies.add(call(p.portA(), "DEBUG", "CLUSTERLINK", "KILL", direction, ids[1]));
            // A reconnects its own link; B notices that its link broke and reconnects too
            await().atMost(ClusterHarness.WAIT).until(() -> links(p.portA()) == 2 && links(p.portB()) == 2);
        }
        replies.add(call(p.portA(), "DEBUG", "CLUSTERLINK", "KILL", "all", "0".repeat(40)));
        replies.add(call(p.portA(), "DEBUG", "CLUSTERLINK", "KILL", "all"));
        replies.add(call(p.portA(), "CLUSTER", "INFO").contains("cluster_state:ok") ? "state ok" : "state not ok");
        return replies;
    }

    private static int links(int port) {
        return call(port, "CLUSTER", "LINKS").split("direction").length - 1;
    }

    private interface Steps {
        List<String> run(Pair p) throws Exception;
    }

    /** The replies of the same steps on a redis-server pair, then on a Hashslot pair. */
    @SuppressWarnings("unchecked")
    private static List<String>[] onBothPairs(Steps steps) throws Exception {
        List<String>[] out = new List[2];
        try (Pair p = redisPair()) {
            out[0] = steps.run(p);
        }
        try (Pair p = hashslotPair()) {
            out[1] = steps.run(p);
        }
        return out;
    }

    @Test
    void anExpiredKeyInAMigratingSlotIsAskedForAsRedisDoes() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<String>[] replies = onBothPairs(TwoMasterDebugTest::expiredKeyInAMigratingSlot);
        List<String> real = replies[0];
        List<String> ours = replies[1];
        assertThat(real.get(5)).startsWith("ASK ").endsWith(":<target>"); // the scenario asks what it should
        assertThat(ours).isEqualTo(real);
    }

    @Test
    void debugClusterLinkKillClosesLinksThatComeBack() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<String>[] replies = onBothPairs(TwoMasterDebugTest::killLinks);
        List<String> real = replies[0];
        List<String> ours = replies[1];
        assertThat(real).contains("OK", "state ok");
        assertThat(ours).isEqualTo(real);
        try (TestNode standalone = TestNode.start(); RealRedis r = RealRedis.start()) {
            String[] cmd = {"DEBUG", "CLUSTERLINK", "KILL", "to", "0".repeat(40)};
            assertThat(call(standalone.port(), cmd)).isEqualTo(call(r.port(), cmd))
                .isEqualTo("ERR Debug option only available for cluster mode enabled setup!");
        }
    }
}
