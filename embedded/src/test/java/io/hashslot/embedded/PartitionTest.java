package io.hashslot.embedded;

import static io.hashslot.embedded.EmbeddedClusterExampleTest.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * partition()/heal() cut more than the cluster bus: a master cut off from its replica loses the replication link
 * (both ends see it at once, as with a real network partition, not only when a failover ends it), MIGRATE across
 * the cut fails, the majority side fails the master over, and after heal() the old master rejoins as a replica.
 */
@HashslotCluster(masters = 3, replicas = 1, nodeTimeoutMillis = 2000)
class PartitionTest {

    @Test
    void partitionedMasterLosesItsReplicaLinkTheMajorityFailsOverAndHealMakesItAReplica(EmbeddedCluster cluster) {
        cluster.awaitStable();
        EmbeddedNode master = cluster.masters().get(0);
        EmbeddedNode replica = cluster.replicasOf(master).get(0);
        EmbeddedNode other = cluster.masters().get(1);
        assertThat(replication(replica)).containsEntry("master_link_status", "up");
        assertThat(replication(master)).containsEntry("connected_slaves", "1");
        String key = keyServedBy(cluster, other);
        assertThat(other.call("SET", key, "stays")).isEqualTo("OK");

        Set<EmbeddedNode> rest = new HashSet<>(cluster.nodes());
        rest.remove(master);
        cluster.partition(Set.of(master), rest);

        // the replica sees its link down while still a replica: the link is cut by the partition itself, not
        // closed later by the replica's own promotion (which comes only after the 2 s node timeout)
        awaitReplication(replica, r -> "slave".equals(r.get("role")) && "down".equals(r.get("master_link_status")),
            "replica with master_link_status:down");
        awaitReplication(master, r -> "0".equals(r.get("connected_slaves")), "master without its replica");
        // MIGRATE across the partition cannot connect; the key stays
        assertThatThrownBy(() -> other.call("MIGRATE", master.host(), String.valueOf(master.port()), key, "0",
            "1000")).hasMessage("IOERR error or timeout connecting to the client");
        assertThat(other.call("GET", key)).isEqualTo("stays");
        // the test's own clients still reach the isolated node
        assertThat(master.call("PING")).isEqualTo("PONG");

        // the majority side promotes the replica; the isolated master stops serving
        awaitReplication(replica, r -> "master".equals(r.get("role")), "replica promoted");
        awaitState(replica, "ok");
        awaitState(master, "fail");

        cluster.heal();
        cluster.awaitStable();
        Map<String, String> old = replication(master);
        assertThat(old).containsEntry("role", "slave").containsEntry("master_port", String.valueOf(replica.port()))
            .containsEntry("master_link_status", "up");
        assertThat(cluster.replicasOf(replica)).containsExactly(master);
    }

    private static Map<String, String> replication(EmbeddedNode node) {
        Map<String, String> out = new HashMap<>();
        for (String line : ((String) node.call("INFO", "replication")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    private static void awaitReplication(EmbeddedNode node, Predicate<Map<String, String>> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, String> last = replication(node);
        while (!condition.test(last)) {
            assertThat(System.nanoTime()).as("%s: %s; last INFO replication %s", node, what, last)
                .isLessThan(deadline);
            EmbeddedClusterExampleTest.sleep(20);
            last = replication(node);
        }
    }

    private static String keyServedBy(EmbeddedCluster cluster, EmbeddedNode master) {
        for (int i = 0; ; i++) {
            String k = "partition-key-" + i;
            if (cluster.masterFor(k) == master) {
                return k;
            }
        }
    }
}
