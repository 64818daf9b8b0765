package io.hashslot.testkit.replication;

import static io.hashslot.testkit.replication.ReplicationSupport.assertSameData;
import static io.hashslot.testkit.replication.ReplicationSupport.awaitInSync;
import static io.hashslot.testkit.replication.ReplicationSupport.info;
import static io.hashslot.testkit.replication.ReplicationSupport.infoLong;
import static io.hashslot.testkit.replication.ReplicationSupport.items;
import static io.hashslot.testkit.replication.ReplicationSupport.text;
import static io.hashslot.testkit.replication.ReplicationSupport.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What nodes report about replication, next to redis-server in the same roles: INFO replication's fields in order,
 * ROLE's shape, WAIT with a paused real replica, one snapshot shared by replicas that ask together, and the
 * backlog freed after repl-backlog-ttl.
 */
class ReplicationReportingTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private static List<String> fieldNames(RawClient c) {
        List<String> names = new ArrayList<>();
        for (String line : text(c.call("INFO", "replication")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                names.add(line.substring(0, colon));
            }
        }
        return names;
    }

    @Test
    void infoAndRoleHaveRedisFieldsInBothRoles() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0", "min-replicas-to-write", "1");
             RawClient m = master.client();
             TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient r = replica.client();
             RealRedis realMaster = RealRedis.start("--repl-diskless-sync-delay", "0", "--min-replicas-to-write", "1");
             RawClient rm = new RawClient(realMaster.port());
             RealRedis realReplica = RealRedis.start("--replicaof", "127.0.0.1",
                 Integer.toString(realMaster.port()));
             RawClient rr = new RawClient(realReplica.port())) {
            Awaitility.await().atMost(LONG).until(() -> "1".equals(info(m, "min_slaves_good_slaves")));
            Awaitility.await().atMost(LONG).until(() -> "1".equals(info(rm, "min_slaves_good_slaves")));
            m.call("SET", "k", "v");
            rm.call("SET", "k", "v");
            awaitInSync(m, r);
            awaitInSync(rm, rr);
            assertThat(fieldNames(m)).isEqualTo(fieldNames(rm));
            assertThat(fieldNames(r)).isEqualTo(fieldNames(rr));
            assertThat(info(m, "slave0")).matches("ip=127\\.0\\.0\\.1,port=" + replica.port()
                + ",state=online,offset=\\d+,lag=\\d+");
            // ROLE: master with its online replicas, replica with its link state and offset
            List<String> role = items(m.call("ROLE"));
            assertThat(role.get(0)).isEqualTo("master");
            assertThat(role.get(2)).startsWith("[[127.0.0.1, " + replica.port() + ", ");
            RespValue replicaRole = r.call("ROLE");
            RespValue realRole = rr.call("ROLE");
            assertThat(shape(replicaRole)).isEqualTo(shape(realRole));
            assertThat(items(replicaRole).subList(0, 4)).containsExactly("slave", "127.0.0.1",
                Integer.toString(master.port()), "connected");
            // CLIENT LIST types, as on the real pair
            assertThat(text(m.call("CLIENT", "LIST", "TYPE", "replica"))).contains("flags=S");
            assertThat(text(r.call("CLIENT", "LIST", "TYPE", "master"))).contains("flags=M");
        }
    }

    @Test
    void replicaOfADeadMasterReportsLikeRedis() throws Exception {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort(); // closed again: nothing listens there
        }
        try (TestNode node = TestNode.start("replicaof", "127.0.0.1 " + dead);
             RawClient c = node.client();
             RealRedis real = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(dead));
             RawClient rc = new RawClient(real.port())) {
            Thread.sleep(1500); // a few refused attempts on both
            assertThat(replicaLines(c)).isEqualTo(replicaLines(rc));
            assertThat(text(c.call("ROLE"))).isEqualTo(text(rc.call("ROLE")));
        }
    }

    /** INFO replication without the per-node IDs. */
    private static List<String> replicaLines(RawClient c) {
        List<String> out = new ArrayList<>();
        for (String line : text(c.call("INFO", "replication")).split("\r\n")) {
            if (!line.startsWith("master_replid")) {
                out.add(line);
            }
        }
        return out;
    }

    /** The RESP types of a reply, recursively. */
    private static String shape(RespValue v) {
        if (v instanceof RespValue.Array a) {
            StringBuilder sb = new StringBuilder("[");
            for (RespValue x : a.items()) {
                sb.append(shape(x)).append(' ');
            }
            return sb.append(']').toString();
        }
        return v.getClass().getSimpleName();
    }

    @Test
    void waitWithAPausedRealReplica() throws InterruptedException {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client();
             RealRedis real = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
             RawClient r = new RawClient(real.port());
             RawClient sleeper = new RawClient(real.port())) {
            awaitInSync(m, r);
            m.call("SET", "a", "1");
            assertThat(m.call("WAIT", "1", "5000")).isEqualTo(new RespValue.Int(1));
            sleeper.send(RawClient.args("DEBUG", "SLEEP", "1.5"));
            Thread.sleep(100); // the sleep has begun
            m.call("SET", "a", "2");
            long t0 = System.nanoTime();
            assertThat(m.call("WAIT", "1", "500")).isEqualTo(new RespValue.Int(0));
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(450);
            // blocked without a timeout, it returns once the replica wakes up and acknowledges
            assertThat(m.call("WAIT", "1", "0")).isEqualTo(new RespValue.Int(1));
            assertThat(text(sleeper.read())).isEqualTo("OK");
            assertThat(text(r.call("GET", "a"))).isEqualTo("2");
        }
    }

    @Test
    void replicasAskingTogetherShareOneSnapshot() {
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "2");
             RawClient m = master.client()) {
            workload(m, new Random(5), 500);
            try (TestNode a = TestNode.start("replicaof", "127.0.0.1 " + master.port());
                 TestNode b = TestNode.start("replicaof", "127.0.0.1 " + master.port());
                 RawClient ra = a.client();
                 RawClient rb = b.client()) {
                workload(m, new Random(6), 300);
                assertSameData(m, ra);
                assertSameData(m, rb);
                String log = master.log();
                assertThat(log.split("Starting BGSAVE for SYNC", -1)).hasSize(2);
                assertThat(log).contains("Delay next BGSAVE for diskless SYNC");
                assertThat(infoLong(m, "sync_full")).isEqualTo(2);
                assertThat(info(ra, "master_replid")).isEqualTo(info(rb, "master_replid"));
            }
        }
    }

    @Test
    void backlogFreedAfterTtlWithoutReplicas() {
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0", "repl-backlog-ttl", "1");
             RawClient m = master.client()) {
            String id;
            try (TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
                 RawClient r = replica.client()) {
                m.call("SET", "k", "v");
                awaitInSync(m, r);
                id = info(m, "master_replid");
                assertThat(info(m, "repl_backlog_active")).isEqualTo("1");
            }
            Awaitility.await().atMost(LONG).until(() -> "0".equals(info(m, "repl_backlog_active")));
            assertThat(info(m, "master_replid")).isNotEqualTo(id);
            assertThat(info(m, "repl_backlog_histlen")).isEqualTo("0");
            assertThat(master.log()).contains("Replication backlog freed after 1 seconds without connected "
                + "replicas.");
        }
    }
}
