package io.hashslot.testkit.replication;

import static io.hashslot.testkit.replication.ReplicationSupport.assertSameData;
import static io.hashslot.testkit.replication.ReplicationSupport.awaitInSync;
import static io.hashslot.testkit.replication.ReplicationSupport.info;
import static io.hashslot.testkit.replication.ReplicationSupport.infoLong;
import static io.hashslot.testkit.replication.ReplicationSupport.text;
import static io.hashslot.testkit.replication.ReplicationSupport.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Full sync and command stream over real sockets in every pairing: Hashslot → Hashslot (and a chained replica),
 * redis-server 7.0 → Hashslot and Hashslot → redis-server 7.0, diskless ($EOF) and disk ($len) transfers, with
 * random write workloads of every type before, during and after the sync; the datasets must match key by key.
 */
class ReplicationInteropTest {
    private static final long SEED = Long.getLong("replication.seed", 20261123L);

    @Test
    void hashslotMasterHashslotReplicaAndChainedReplica() throws java.io.IOException {
        Random rnd = new Random(SEED);
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client()) {
            workload(m, rnd, 1500);
            try (TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
                 RawClient r = replica.client()) {
                workload(m, rnd, 500); // writes while the sync runs
                awaitInSync(m, r);
                assertThat(info(r, "role")).isEqualTo("slave");
                assertThat(info(r, "master_replid")).isEqualTo(info(m, "master_replid"));
                workload(m, rnd, 1500);
                assertSameData(m, r);
                try (TestNode sub = TestNode.start("replicaof", "127.0.0.1 " + replica.port());
                     RawClient s = sub.client()) {
                    workload(m, rnd, 800);
                    assertSameData(m, r);
                    awaitInSync(r, s);
                    // a chained replica has the top master's history: same ID and offsets
                    assertThat(info(s, "master_replid")).isEqualTo(info(m, "master_replid"));
                    assertThat(infoLong(s, "master_repl_offset")).isEqualTo(infoLong(m, "master_repl_offset"));
                    assertSameData(m, s);
                }
                assertThat(replica.log()).contains("receiving streamed RDB from master with EOF to disk");
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(replica.dir())) {
                    assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("temp-"));
                }
                assertThat(replica.log()).contains("Connecting to MASTER 127.0.0.1:" + master.port(),
                    "MASTER <-> REPLICA sync started", "MASTER <-> REPLICA sync: Finished with success");
                assertThat(master.log()).contains("Replica 127.0.0.1:" + replica.port()
                    + " asks for synchronization", "Starting BGSAVE for SYNC with target: replicas sockets");
            }
        }
    }

    @Test
    void diskBasedTransferToHashslotAndRealReplicas() {
        Random rnd = new Random(SEED + 1);
        try (TestNode master = TestNode.start("repl-diskless-sync", "no");
             RawClient m = master.client()) {
            workload(m, rnd, 1500);
            try (TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
                 RawClient r = replica.client()) {
                workload(m, rnd, 500);
                assertSameData(m, r);
                assertThat(replica.log()).containsPattern("receiving \\d+ bytes from master to disk");
                assertThat(master.log()).contains("Starting BGSAVE for SYNC with target: disk");
            }
            if (RealRedis.available()) {
                try (RealRedis real = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
                     RawClient r = new RawClient(real.port())) {
                    workload(m, rnd, 500);
                    assertSameData(m, r);
                    assertThat(real.log()).containsPattern("receiving \\d+ bytes from master to disk");
                }
            }
        }
    }

    @Test
    void realRedisMasterHashslotReplica() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        Random rnd = new Random(SEED + 2);
        try (RealRedis real = RealRedis.start("--repl-diskless-sync-delay", "0");
             RawClient m = new RawClient(real.port())) {
            workload(m, rnd, 1500);
            try (TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + real.port());
                 RawClient r = replica.client()) {
                workload(m, rnd, 500);
                awaitInSync(m, r);
                workload(m, rnd, 1500);
                assertSameData(m, r);
                assertThat(info(r, "master_replid")).isEqualTo(info(m, "master_replid"));
                assertThat(real.log()).contains("Synchronization with replica 127.0.0.1:" + replica.port()
                    + " succeeded");
            }
        }
    }

    @Test
    void realRedisMasterDiskTransferHashslotReplica() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        Random rnd = new Random(SEED + 3);
        try (RealRedis real = RealRedis.start("--repl-diskless-sync", "no");
             RawClient m = new RawClient(real.port())) {
            workload(m, rnd, 1000);
            try (TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + real.port());
                 RawClient r = replica.client()) {
                workload(m, rnd, 800);
                assertSameData(m, r);
                assertThat(replica.log()).containsPattern("receiving \\d+ bytes from master to disk");
            }
            // repl-diskless-load swapdb: the payload goes straight to the loader
            try (TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + real.port(),
                     "repl-diskless-load", "swapdb");
                 RawClient r = replica.client()) {
                workload(m, rnd, 300);
                assertSameData(m, r);
                assertThat(replica.log()).containsPattern("receiving \\d+ bytes from master to parser");
            }
        }
    }

    @Test
    void hashslotMasterRealRedisReplica() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        Random rnd = new Random(SEED + 4);
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client()) {
            workload(m, rnd, 1500);
            try (RealRedis real = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
                 RawClient r = new RawClient(real.port())) {
                workload(m, rnd, 500);
                awaitInSync(m, r);
                workload(m, rnd, 1500);
                assertSameData(m, r);
                assertThat(info(r, "master_replid")).isEqualTo(info(m, "master_replid"));
                assertThat(real.log()).contains("MASTER <-> REPLICA sync: Finished with success");
                // the real replica's ACKs are what the master shows
                assertThat(info(m, "slave0")).contains("state=online", "port=" + real.port());
            }
        }
    }

    /**
     * A chain real redis-server → Hashslot → (redis-server, Hashslot) while the stream stays in database 2: the
     * sub-replicas learn the stream's database from the RDB (repl-stream-db), since the top master does not repeat
     * SELECT; after a partial resync the middle replica's master client is still in that database.
     */
    @Test
    void chainKeepsTheStreamDatabase() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (RealRedis top = RealRedis.start("--repl-diskless-sync-delay", "0");
             RawClient m = new RawClient(top.port());
             TestNode mid = TestNode.start("replicaof", "127.0.0.1 " + top.port(), "repl-diskless-sync-delay", "0");
             RawClient r = mid.client()) {
            m.call("SELECT", "2");
            m.call("SET", "a", "1");
            awaitInSync(m, r);
            try (RealRedis subReal = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(mid.port()));
                 RawClient sr = new RawClient(subReal.port());
                 TestNode subHs = TestNode.start("replicaof", "127.0.0.1 " + mid.port());
                 RawClient sh = subHs.client()) {
                awaitInSync(r, sr);
                awaitInSync(r, sh);
                m.call("SET", "b", "2"); // still database 2, no SELECT in the stream
                r.call("CLIENT", "KILL", "TYPE", "master");
                Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> infoLong(m, "sync_partial_ok") == 1);
                m.call("SET", "c", "3"); // after the partial resync, still database 2
                m.call("SELECT", "0");
                for (RawClient c : new RawClient[] {r, sr, sh}) {
                    awaitInSync(m, c);
                    c.call("SELECT", "2");
                    assertThat(ReplicationSupport.items(c.call("MGET", "a", "b", "c"))).containsExactly("1", "2", "3");
                    c.call("SELECT", "0");
                    assertThat(text(c.call("DBSIZE"))).isEqualTo("0");
                }
            }
        }
    }
}
