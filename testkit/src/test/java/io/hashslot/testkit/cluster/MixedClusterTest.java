package io.hashslot.testkit.cluster;

import static io.hashslot.testkit.cluster.ClusterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Three Hashslot nodes and three real redis-server 7.0 nodes made into one cluster by
 * {@code redis-cli --cluster create --cluster-replicas 1}: both kinds agree on the slot map, keys are served by
 * either kind through redirects, and the Hashslot nodes come back from nodes.conf after a restart.
 */
class MixedClusterTest {
    private static final List<TestNode> OURS = new ArrayList<>();
    private static final List<RealRedis> REAL = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();

    @BeforeAll
    static void createCluster() {
        Assumptions.assumeTrue(RealRedis.available() && RedisCli.available(), RealRedis.unavailableMessage());
        // interleaved, so masters and replicas are both of each kind (redis-cli takes the first three as masters)
        for (int i = 0; i < 3; i++) {
            TestNode n = ClusterHarness.startNode();
            OURS.add(n);
            PORTS.add(n.port());
            RealRedis r = RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "3000");
            REAL.add(r);
            PORTS.add(r.port());
        }
        String out = ClusterHarness.create(PORTS, 1);
        assertThat(out).contains("[OK] All nodes agree about slots configuration.")
            .contains("[OK] All 16384 slots covered.");
        ClusterHarness.awaitAgreement(PORTS, 3);
    }

    @AfterAll
    static void stop() {
        OURS.forEach(TestNode::close);
        REAL.forEach(RealRedis::close);
        OURS.clear();
        REAL.clear();
        PORTS.clear();
    }

    @Test
    void bothKindsAgreeAndServeKeysThroughRedirects() {
        List<String> first = ClusterHarness.topology(PORTS.get(0));
        for (int p : PORTS) {
            assertThat(ClusterHarness.topology(p)).as("node " + p).isEqualTo(first);
        }
        // masters of both kinds own slots
        String nodes = call(PORTS.get(0), "CLUSTER", "NODES");
        long ourMasters = nodes.lines().filter(l -> l.split(" ")[2].contains("master") && OURS.stream()
            .anyMatch(n -> l.contains(":" + n.port() + "@"))).count();
        long realMasters = nodes.lines().filter(l -> l.split(" ")[2].contains("master") && REAL.stream()
            .anyMatch(r -> l.contains(":" + r.port() + "@"))).count();
        assertThat(ourMasters).isPositive();
        assertThat(realMasters).isPositive();
        try (JedisCluster jc = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", PORTS.get(1))))) {
            for (int i = 0; i < 3000; i++) {
                jc.set("mixed:" + i, String.valueOf(i));
            }
            for (int i = 0; i < 3000; i++) {
                assertThat(jc.get("mixed:" + i)).isEqualTo(String.valueOf(i));
            }
        }
        long ours = 0;
        long real = 0;
        for (TestNode n : OURS) {
            if (call(n.port(), "CLUSTER", "NODES").contains("myself,master")) {
                ours += Long.parseLong(call(n.port(), "DBSIZE"));
            }
        }
        for (RealRedis r : REAL) {
            if (call(r.port(), "CLUSTER", "NODES").contains("myself,master")) {
                real += Long.parseLong(call(r.port(), "DBSIZE"));
            }
        }
        assertThat(ours).isPositive();
        assertThat(real).isPositive();
        assertThat(ours + real).isEqualTo(3000);
        RedisCli.Result check = RedisCli.run(PORTS.get(1), "--cluster", "check", "127.0.0.1:" + PORTS.get(1));
        assertThat(check.stdout()).contains("[OK] All nodes agree about slots configuration.")
            .contains("[OK] All 16384 slots covered.");

        // restart the Hashslot nodes: they come back with the same ids and slots, and everyone agrees again
        List<String> ids = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (TestNode n : OURS) {
            ids.add(call(n.port(), "CLUSTER", "MYID"));
            dirs.add(n.dir());
            ports.add(n.port());
            n.stopKeepingFiles();
        }
        OURS.clear();
        for (int i = 0; i < dirs.size(); i++) {
            OURS.add(TestNode.startIn(dirs.get(i), ClusterHarness.clusterDirectives("port",
                String.valueOf(ports.get(i)))));
        }
        ClusterHarness.awaitAgreement(PORTS, 3);
        for (int i = 0; i < OURS.size(); i++) {
            assertThat(call(OURS.get(i).port(), "CLUSTER", "MYID")).isEqualTo(ids.get(i));
        }
        for (int p : PORTS) {
            assertThat(ClusterHarness.topology(p)).as("node " + p).isEqualTo(first);
        }
        await().atMost(ClusterHarness.WAIT).until(() -> RedisCli.run(PORTS.get(0), "--cluster", "check",
            "127.0.0.1:" + PORTS.get(0)).stdout().contains("[OK] All 16384 slots covered."));
    }
}
