package io.hashslot.embedded;

import static io.hashslot.embedded.EmbeddedClusterExampleTest.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.common.HashSlot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/** Partition/heal, pause and reshard on a 3-master cluster shared by the tests (each leaves it stable). */
@HashslotCluster(masters = 3, nodeTimeoutMillis = 1000)
class FaultInjectionTest {

    @Test
    void partitionedMasterIsFailedByTheMajorityAndBackAfterHeal(EmbeddedCluster cluster) {
        cluster.awaitStable();
        List<EmbeddedNode> m = cluster.masters();
        EmbeddedNode alone = m.get(0);
        cluster.partition(Set.of(alone), Set.of(m.get(1), m.get(2)));
        awaitFlag(m.get(1), alone, "fail");
        awaitState(m.get(1), "fail");
        awaitState(m.get(2), "fail");
        // the isolated master cannot reach a majority: it stops serving too
        awaitState(alone, "fail");
        // client links are not cut: the isolated node still answers its clients
        assertThat(alone.call("PING")).isEqualTo("PONG");
        cluster.heal();
        cluster.awaitStable();
        assertThat(cluster.masters()).hasSize(3);
    }

    @Test
    void pausedNodeIsFailedAndRecovers(EmbeddedCluster cluster) {
        cluster.awaitStable();
        List<EmbeddedNode> m = cluster.masters();
        EmbeddedNode paused = m.get(1);
        cluster.pause(paused, Duration.ofSeconds(4));
        awaitFlag(m.get(0), paused, "fail");
        awaitState(m.get(2), "fail");
        cluster.awaitStable();
        assertThat(paused.call("PING")).isEqualTo("PONG");
    }

    @Test
    void reshardMovesSlotsWithTheirKeys(EmbeddedCluster cluster) {
        cluster.awaitStable();
        List<EmbeddedNode> m = cluster.masters();
        EmbeddedNode from = m.get(2);
        EmbeddedNode to = m.get(0);
        List<int[]> fromSlots = NodesView.parse(from.clusterNodes()).myself().slots();
        int first = fromSlots.get(0)[0];
        List<String> keys = keysInSlots(first, first + 9, 50);
        Set<HostAndPort> seeds = new HashSet<>();
        for (String s : cluster.seeds()) {
            seeds.add(HostAndPort.from(s));
        }
        try (JedisCluster jedis = new JedisCluster(seeds)) {
            for (String k : keys) {
                jedis.set(k, "value-of-" + k);
            }
            jedis.pexpire(keys.get(0), 600_000);
            long moved = cluster.reshard(from, to, 10);
            assertThat(moved).isEqualTo(keys.size());
            cluster.awaitStable();
            for (String k : keys) {
                assertThat(cluster.masterFor(k)).isSameAs(to);
                assertThat(jedis.get(k)).isEqualTo("value-of-" + k);
            }
            assertThat(jedis.pttl(keys.get(0))).isBetween(1L, 600_000L);
            assertThat(from.call("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(first))).isEqualTo(0L);
            assertThat((Long) to.call("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(first))).isPositive();
            assertThat(NodesView.parse(from.clusterNodes()).myself().slotCount())
                .isEqualTo(NodesView.parse(to.clusterNodes()).byId(from.id()).slotCount());
        }
    }

    @Test
    void killAndRestartKeepsNodeIdAndPortButNotUnsavedData(EmbeddedCluster cluster) {
        cluster.awaitStable();
        EmbeddedNode n = cluster.masters().get(1);
        String id = n.id();
        int port = n.port();
        String key = keyServedBy(cluster, n);
        assertThat(n.call("SET", key, "unsaved")).isEqualTo("OK");
        cluster.kill(n);
        assertThat(n.isRunning()).isFalse();
        assertThat(cluster.seeds()).doesNotContain(n.address());
        cluster.restart(n);
        cluster.awaitStable();
        assertThat(n.id()).isEqualTo(id);
        assertThat(n.port()).isEqualTo(port);
        assertThat(cluster.seeds()).contains(n.address());
        // a crash: no RDB was written and AOF is off, so the write is gone
        assertThat(n.call("GET", key)).isNull();
        assertThat(n.call("DBSIZE")).isEqualTo(0L);
    }

    private static String keyServedBy(EmbeddedCluster cluster, EmbeddedNode n) {
        for (int i = 0; ; i++) {
            if (cluster.masterFor("k" + i) == n) {
                return "k" + i;
            }
        }
    }

    private static List<String> keysInSlots(int lo, int hi, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            String k = "key-" + i;
            int slot = HashSlot.of(k.getBytes(StandardCharsets.UTF_8));
            if (slot >= lo && slot <= hi) {
                out.add(k);
            }
        }
        return out;
    }

    private static void awaitFlag(EmbeddedNode observer, EmbeddedNode node, String flag) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            NodesView.Entry e = NodesView.parse(observer.clusterNodes()).byId(node.id());
            if (e != null && e.flags().contains(flag)) {
                return;
            }
            assertThat(System.nanoTime()).as("%s seeing %s as %s", observer, node, flag).isLessThan(deadline);
            EmbeddedClusterExampleTest.sleep(50);
        }
    }
}
