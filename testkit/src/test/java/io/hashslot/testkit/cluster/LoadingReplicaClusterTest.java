package io.hashslot.testkit.cluster;

import static io.hashslot.testkit.cluster.ClusterHarness.WAIT;
import static io.hashslot.testkit.cluster.ClusterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A replica that is loading a full sync tells the cluster so: it reports replication offset 0 on the bus, its master
 * then leaves it out of CLUSTER SLOTS and shows it with health "loading" in CLUSTER SHARDS, and both come back once
 * the load is over (Redis 7.0's isReplicaAvailable and CLUSTER SHARDS health; tests/cluster 22 and 28 check the
 * same on redis-server).
 */
class LoadingReplicaClusterTest {

    @Test
    void aLoadingReplicaIsHiddenFromSlotsAndShownLoadingInShards() {
        try (TestNode master = ClusterHarness.startNode("repl-diskless-sync-delay", "0");
             TestNode replica = ClusterHarness.startNode();
             RawClient m = master.client();
             RawClient r = replica.client()) {
            call(master.port(), "CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            String masterId = call(master.port(), "CLUSTER", "MYID");
            String replicaId = call(replica.port(), "CLUSTER", "MYID");
            call(replica.port(), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(master.port()));
            await().atMost(WAIT).until(() -> call(replica.port(), "CLUSTER", "NODES").contains(masterId));
            assertThat(call(replica.port(), "CLUSTER", "REPLICATE", masterId)).isEqualTo("OK");
            await().atMost(WAIT).until(() -> call(replica.port(), "INFO", "replication")
                .contains("master_link_status:up") && call(master.port(), "CLUSTER", "SLOTS").contains(replicaId));
            assertThat(healthInShards(master.port(), replicaId)).isEqualTo("online");

            r.call("CONFIG", "SET", "key-load-delay", "200"); // 20000 keys: about 4 s of loading
            r.call("CONFIG", "SET", "loading-process-events-interval-bytes", "1024");
            m.call("CONFIG", "SET", "repl-backlog-size", "16384");
            m.call("DEBUG", "POPULATE", "20000", "{0}key", "100");
            m.call("MULTI");
            m.call("CLIENT", "KILL", "TYPE", "replica");
            for (int i = 0; i < 100; i++) {
                m.call("SET", "{0}big" + i, "A".repeat(1024));
            }
            m.call("EXEC");

            await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> call(replica.port(), "INFO", "persistence").contains("loading:1"));
            await().atMost(WAIT).until(() -> !call(master.port(), "CLUSTER", "SLOTS").contains(replicaId));
            assertThat(healthInShards(master.port(), replicaId)).isEqualTo("loading");
            assertThat(call(replica.port(), "INFO", "persistence")).contains("loading:1");

            await().atMost(WAIT).until(() -> call(replica.port(), "INFO", "persistence").contains("loading:0"));
            await().atMost(WAIT).until(() -> call(master.port(), "CLUSTER", "SLOTS").contains(replicaId));
            assertThat(healthInShards(master.port(), replicaId)).isEqualTo("online");
            assertThat(call(replica.port(), "CLUSTER", "SLOTS")).contains(replicaId);
            r.call("CONFIG", "SET", "key-load-delay", "0");
            assertThat(call(replica.port(), "DBSIZE")).isEqualTo("20100");
        }
    }

    /** The health field CLUSTER SHARDS on {@code port} gives node {@code id}. */
    private static String healthInShards(int port, String id) {
        String shards = call(port, "CLUSTER", "SHARDS");
        int at = shards.indexOf(id);
        assertThat(at).as("node %s in %s", id, shards).isNotNegative();
        int health = shards.indexOf("health, ", at);
        String rest = shards.substring(health + "health, ".length());
        return rest.substring(0, rest.indexOf(']')).split(",")[0].trim();
    }
}
