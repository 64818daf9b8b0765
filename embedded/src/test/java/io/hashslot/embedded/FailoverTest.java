package io.hashslot.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Failover on real in-process nodes: a killed master's replica is elected and serves the data it replicated, the
 * old master rejoins as a replica of the new one; CLUSTER FAILOVER on a replica swaps roles without losing an
 * acknowledged write.
 */
class FailoverTest {
    private static Set<HostAndPort> seeds(EmbeddedCluster cluster) {
        Set<HostAndPort> out = new HashSet<>();
        for (String s : cluster.seeds()) {
            out.add(HostAndPort.from(s));
        }
        return out;
    }

    @Test
    void killedMasterIsReplacedByItsReplica() {
        try (EmbeddedCluster cluster = EmbeddedCluster.builder().masters(3).replicasPerMaster(1)
            .nodeTimeout(Duration.ofMillis(1000)).start();
             JedisCluster jedis = new JedisCluster(seeds(cluster))) {
            for (int i = 0; i < 300; i++) {
                jedis.set("k" + i, "v" + i);
            }
            EmbeddedNode victim = cluster.masterFor("k1");
            EmbeddedNode replica = cluster.replicasOf(victim).get(0);
            // the replica has the master's writes before the crash (WAIT for one replica)
            for (EmbeddedNode m : cluster.masters()) {
                assertThat(m.call("WAIT", "1", "5000")).isEqualTo(1L);
            }
            cluster.kill(victim);
            await().atMost(Duration.ofSeconds(30)).until(() -> replica.call("ROLE") instanceof List<?> role
                && "master".equals(role.get(0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (EmbeddedNode n : cluster.nodes()) {
                    if (n.isRunning() && !"ok".equals(n.clusterInfo().get("cluster_state"))) {
                        return false;
                    }
                }
                return true;
            });
            assertThat(String.join("\n", replica.clusterNodes())).contains("myself,master");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "v1".equals(jedis.get("k1")));
            for (int i = 0; i < 300; i++) {
                assertThat(jedis.get("k" + i)).isEqualTo("v" + i);
            }
            jedis.set("k1", "after");
            // the old master comes back as a replica of its successor
            cluster.restart(victim);
            await().atMost(Duration.ofSeconds(30)).until(() -> victim.call("ROLE") instanceof List<?> role
                && "slave".equals(role.get(0)));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                String.join("\n", victim.clusterNodes()).contains("myself,slave " + replica.id()));
            // and it replicates from the new master
            await().atMost(Duration.ofSeconds(30)).until(() ->
                ((String) victim.call("INFO", "replication")).contains("master_link_status:up")
                    && ((String) victim.call("INFO", "replication")).contains("master_port:" + replica.port()));
        }
    }

    @Test
    void manualFailoverSwapsRolesWithoutLosingWrites() {
        try (EmbeddedCluster cluster = EmbeddedCluster.builder().masters(3).replicasPerMaster(1)
            .nodeTimeout(Duration.ofMillis(2000)).start();
             JedisCluster jedis = new JedisCluster(seeds(cluster))) {
            EmbeddedNode master = cluster.masterFor("counter");
            EmbeddedNode replica = cluster.replicasOf(master).get(0);
            long acknowledged = 0;
            for (int i = 0; i < 200; i++) {
                acknowledged = jedis.incr("counter");
            }
            cluster.failover(replica);
            assertThat(replica.call("ROLE")).isInstanceOf(List.class);
            assertThat(((List<?>) replica.call("ROLE")).get(0)).isEqualTo("master");
            assertThat(replica.call("GET", "counter")).isEqualTo(Long.toString(acknowledged));
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> jedis.incr("counter") > 0);
            assertThat(Long.parseLong(jedis.get("counter"))).isGreaterThan(acknowledged);
        }
    }
}
