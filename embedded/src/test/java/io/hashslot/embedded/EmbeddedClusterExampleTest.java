package io.hashslot.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The example from docs/embedded.md: a 3 masters + 3 replicas cluster in the JVM, used with JedisCluster and Lettuce,
 * through the crash and restart of a master. Replicas take no automatic failover yet (no replication or election in
 * the node), so the killed master's slots are down until it restarts from its AOF.
 */
@HashslotCluster(masters = 3, replicas = 1, config = {"appendonly", "yes"})
class EmbeddedClusterExampleTest {
    private static final int KEYS = 200;

    @Test
    void jedisAndLettuceThroughAMasterCrashAndFailover(EmbeddedCluster cluster) {
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(cluster.masters()).hasSize(3);
        for (EmbeddedNode m : cluster.masters()) {
            assertThat(cluster.replicasOf(m)).hasSize(1);
        }
        Set<HostAndPort> seeds = new HashSet<>();
        for (String s : cluster.seeds()) {
            seeds.add(HostAndPort.from(s));
        }
        RedisClusterClient lettuce = RedisClusterClient.create(uris(cluster.seeds()));
        lettuce.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions
            .builder().enableAdaptiveRefreshTrigger(RefreshTrigger.MOVED_REDIRECT, RefreshTrigger.PERSISTENT_RECONNECTS)
            .enablePeriodicRefresh(Duration.ofSeconds(1))
            .build()).build());
        try (JedisCluster jedis = new JedisCluster(seeds, 2000, 2000, 3, null, null, null,
                new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>());
             StatefulRedisClusterConnection<String, String> conn = lettuce.connect()) {
            conn.setTimeout(Duration.ofSeconds(5));
            RedisAdvancedClusterCommands<String, String> redis = conn.sync();
            for (int i = 0; i < KEYS; i++) {
                jedis.set("key:" + i, "v" + i);
            }
            for (int i = 0; i < KEYS; i++) {
                assertThat(redis.get("key:" + i)).isEqualTo("v" + i);
            }
            assertThat(redis.dbsize()).isEqualTo(KEYS);

            EmbeddedNode victim = cluster.masterFor("foo");
            EmbeddedNode heir = cluster.replicasOf(victim).get(0);
            assertThat(victim.call("WAIT", "1", "5000")).isEqualTo(1L);
            cluster.kill(victim);
            // the replica wins the election; both clients follow it and find every key it replicated
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> "OK".equals(jedis.set("foo", "after")));
            cluster.awaitStable();
            assertThat(cluster.masterFor("foo")).isSameAs(heir);
            // Lettuce learns the new topology from its periodic refresh
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> "after".equals(redis.get("foo")));
            for (int i = 0; i < KEYS; i++) {
                assertThat(jedis.get("key:" + i)).as("key:%d after the failover", i).isEqualTo("v" + i);
                assertThat(redis.get("key:" + i)).isEqualTo("v" + i);
            }
            // the old master comes back as a replica of its heir
            cluster.restart(victim);
            cluster.awaitStable();
            assertThat(victim.masterId()).isEqualTo(heir.id());
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void failoverOfAReplica(EmbeddedCluster cluster) {
        cluster.awaitStable();
        EmbeddedNode master = cluster.masters().get(0);
        EmbeddedNode replica = cluster.replicasOf(master).get(0);
        cluster.failover(replica);
        assertThat(replica.isMaster()).isTrue();
        assertThat(master.masterId()).isEqualTo(replica.id());
    }

    private static List<RedisURI> uris(List<String> seeds) {
        List<RedisURI> out = new ArrayList<>();
        for (String s : seeds) {
            int colon = s.lastIndexOf(':');
            out.add(RedisURI.create(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
        }
        return out;
    }

    static void awaitState(EmbeddedNode node, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state.equals(node.clusterInfo().get("cluster_state"))) {
            assertThat(System.nanoTime()).as("%s reaching cluster_state:%s", node, state).isLessThan(deadline);
            sleep(50);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
