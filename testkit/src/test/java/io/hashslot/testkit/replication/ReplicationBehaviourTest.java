package io.hashslot.testkit.replication;

import static io.hashslot.testkit.replication.ReplicationSupport.assertSameData;
import static io.hashslot.testkit.replication.ReplicationSupport.awaitInSync;
import static io.hashslot.testkit.replication.ReplicationSupport.awaitShortExpiriesGone;
import static io.hashslot.testkit.replication.ReplicationSupport.info;
import static io.hashslot.testkit.replication.ReplicationSupport.infoLong;
import static io.hashslot.testkit.replication.ReplicationSupport.onBothKinds;
import static io.hashslot.testkit.replication.ReplicationSupport.text;
import static io.hashslot.testkit.replication.ReplicationSupport.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Link drops and partial resynchronization, backlog overflow, promotion with replid2, the refusals of replicas and
 * of masters without enough replicas, and the replication commands' replies.
 */
class ReplicationBehaviourTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void partialResyncAfterLinkDrop() {
        Random rnd = new Random(7);
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client();
             TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient r = replica.client()) {
            workload(m, rnd, 500);
            awaitInSync(m, r);
            assertThat(infoLong(m, "sync_full")).isEqualTo(1);
            // the master drops the link; writes meanwhile stay in the backlog
            assertThat(m.call("CLIENT", "KILL", "TYPE", "replica")).isEqualTo(new RespValue.Int(1));
            workload(m, rnd, 300);
            Awaitility.await().atMost(LONG).until(() -> infoLong(m, "sync_partial_ok") == 1);
            workload(m, rnd, 300);
            assertSameData(m, r);
            assertThat(infoLong(m, "sync_full")).isEqualTo(1);
            // and from the replica's side
            r.call("CLIENT", "KILL", "TYPE", "master");
            workload(m, rnd, 200);
            Awaitility.await().atMost(LONG).until(() -> infoLong(m, "sync_partial_ok") == 2);
            assertSameData(m, r);
            assertThat(infoLong(m, "sync_full")).isEqualTo(1);
            assertThat(master.log()).contains("Partial resynchronization request from 127.0.0.1:" + replica.port()
                + " accepted.");
            assertThat(replica.log()).contains("Successful partial resynchronization with master.");
        }
    }

    /**
     * A replica killing its master link drops what it had read but not yet processed (Redis frees the master client
     * with its input): writes made while the replica was blocked are not applied when the kill runs right after the
     * block, only after the partial resync (held back here by pausing the master). Run on a redis-server pair and on
     * a Hashslot pair, same outcome.
     */
    @Test
    void killingTheMasterLinkDiscardsItsUnprocessedStream() {
        onBothKinds((kind, m, r) -> assertThat(killDuringBlockKeepsOldData(m, r)).as(kind).isTrue());
    }

    /**
     * The link is down from the moment the master client is killed, not from when the replica next looks at it:
     * killed, then blocked for 2.2 s, the replica reports master_link_down_since_seconds 2 or 3 (the data age a
     * failover checks against cluster-replica-validity-factor). Same on a redis-server pair and a Hashslot pair.
     */
    @Test
    void aKilledMasterLinkIsDownSinceTheKill() {
        onBothKinds((kind, m, r) -> assertThat(downSecondsAfterKillAndBlock(m, r)).as(kind).isBetween(2L, 3L));
    }

    /**
     * CLIENT KILL of a replica removes it from INFO at once (Redis frees the client in the command): INFO sent in the
     * same write as the kill shows no replica. Same on a redis-server pair and a Hashslot pair.
     */
    @Test
    void aKilledReplicaLeavesInfoAtOnce() {
        onBothKinds((kind, m, r) -> {
            m.call("SET", "k", "v");
            awaitInSync(m, r);
            assertThat(infoLong(m, "connected_slaves")).as(kind).isEqualTo(1);
            byte[] kill = io.hashslot.protocol.RespReader.command(RawClient.args("CLIENT", "KILL", "TYPE", "replica"));
            byte[] info = io.hashslot.protocol.RespReader.command(RawClient.args("INFO", "replication"));
            byte[] both = java.util.Arrays.copyOf(kill, kill.length + info.length);
            System.arraycopy(info, 0, both, kill.length, info.length);
            m.sendRaw(both);
            assertThat(m.read()).as(kind).isEqualTo(new RespValue.Int(1));
            assertThat(text(m.read())).as(kind).contains("connected_slaves:0").doesNotContain("slave0:");
        });
    }

    @Test
    void aWritableReplicaExpiresTheKeysItsClientsGaveATtl() {
        onBothKinds((kind, m, r) -> {
            m.call("SET", "from-master", "v", "PX", "100000");
            awaitInSync(m, r);
            r.call("CONFIG", "SET", "replica-read-only", "no");
            assertThat(r.call("SET", "local", "v", "PX", "100")).as(kind).isEqualTo(new RespValue.Simple("OK"));
            r.call("SET", "kept", "v", "EX", "100000");
            r.call("SET", "persisted", "v", "EX", "100000");
            r.call("PERSIST", "persisted");
            assertThat(infoLong(r, "slave_expires_tracked_keys")).as(kind).isEqualTo(3);
            long expired = infoLong(r, "expired_keys");
            // deleted by the replica's cron, not on access: nothing reads the key meanwhile
            Awaitility.await().atMost(LONG).until(() -> infoLong(r, "expired_keys") == expired + 1);
            assertThat(r.call("DBSIZE")).as(kind).isEqualTo(new RespValue.Int(3));
            assertThat(r.call("EXISTS", "local")).as(kind).isEqualTo(new RespValue.Int(0));
            // the cron forgets keys that lost their TTL and keeps those still due
            Awaitility.await().atMost(LONG).until(() -> infoLong(r, "slave_expires_tracked_keys") <= 1);
            assertThat(infoLong(r, "slave_expires_tracked_keys")).as(kind).isEqualTo(1);
            r.call("FLUSHALL");
            assertThat(infoLong(r, "slave_expires_tracked_keys")).as(kind).isZero();
        });
    }

    @Test
    void aWriteOnAWritableReplicaReplacesAnExpiredKey() {
        onBothKinds((kind, m, r) -> {
            m.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            m.call("SET", "key1", "5", "PX", "10");
            m.call("SET", "key2", "5", "PX", "10");
            Awaitility.await().atMost(LONG).until(() -> r.call("DBSIZE").equals(new RespValue.Int(2))
                && r.call("EXISTS", "key1", "key2").equals(new RespValue.Int(0)));
            r.call("CONFIG", "SET", "replica-read-only", "no");
            assertThat(r.call("INCR", "key1")).as(kind).isEqualTo(new RespValue.Int(1)); // deleted, then created
            assertThat(r.call("TTL", "key1")).as(kind).isEqualTo(new RespValue.Int(-1));
            assertThat(r.call("GET", "key2")).as(kind).isEqualTo(new RespValue.Null()); // expired, not deleted
            assertThat(r.call("DBSIZE")).as(kind).isEqualTo(new RespValue.Int(2));
            assertThat(text(r.call("KEYS", "*"))).as(kind).isEqualTo("[key1]"); // key2 still counts in DBSIZE
        });
    }

    @Test
    void clientsBlockedOnAMasterThatBecomesAReplicaAreUnblockedAndClosed() {
        onBothKinds((kind, m, r) -> {
            try (RawClient blocked = new RawClient(m.port())) {
                blocked.send(RawClient.args("BLPOP", "foo", "0"));
                Awaitility.await().atMost(LONG).until(() -> infoLong(m, "blocked_clients") == 1);
                r.call("REPLICAOF", "NO", "ONE");
                m.call("REPLICAOF", "127.0.0.1", Integer.toString(r.port()));
                assertThat(blocked.read()).as(kind).isEqualTo(new RespValue.Error(
                    "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)"));
                assertThat(new String(blocked.drain(5000), java.nio.charset.StandardCharsets.ISO_8859_1)).as(kind)
                    .isEqualTo(RawClient.CLOSED); // closed after the reply
                Awaitility.await().atMost(LONG).until(() -> "up".equals(info(m, "master_link_status")));
                r.call("RPUSH", "foo", "a", "b", "c");
                awaitInSync(r, m);
                assertThat(text(m.call("LRANGE", "foo", "0", "-1"))).as(kind).isEqualTo("[a, b, c]");
                assertThat(text(m.call("DEBUG", "DIGEST"))).as(kind).isEqualTo(text(r.call("DEBUG", "DIGEST")));
            }
        });
    }

    private static long downSecondsAfterKillAndBlock(RawClient m, RawClient r) {
        m.call("SET", "k", "v");
        awaitInSync(m, r);
        r.call("MULTI");
        r.call("CLIENT", "KILL", "TYPE", "master");
        r.call("DEBUG", "SLEEP", "2.2");
        r.send(RawClient.args("EXEC"));
        m.call("CLIENT", "PAUSE", "3000"); // no resync meanwhile
        assertThat(r.read()).isInstanceOf(RespValue.Array.class);
        String status = info(r, "master_link_status");
        long down = infoLong(r, "master_link_down_since_seconds");
        m.call("CLIENT", "UNPAUSE");
        assertThat(status).isEqualTo("down");
        return down;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the replica still held only the keys from before its block right after it killed its master link. */
    private static boolean killDuringBlockKeepsOldData(RawClient m, RawClient r) {
        for (int i = 0; i < 10; i++) {
            m.call("SET", "before:" + i, "v");
        }
        awaitInSync(m, r);
        assertThat(r.call("MULTI")).isEqualTo(new RespValue.Simple("OK"));
        r.call("DEBUG", "SLEEP", "2");
        r.call("CLIENT", "KILL", "TYPE", "master");
        r.send(RawClient.args("EXEC"));
        pause(300); // the writes below must reach the replica while it sleeps, not before its EXEC began
        for (int i = 0; i < 100; i++) {
            m.call("SET", "during:" + i, "v");
        }
        // as Redis's cluster test 05-slave-selection does: the paused master cannot serve the replica's resync
        m.call("CLIENT", "PAUSE", "3000");
        assertThat(r.read()).isInstanceOf(RespValue.Array.class);
        long right = Long.parseLong(text(r.call("DBSIZE")));
        m.call("CLIENT", "UNPAUSE");
        Awaitility.await().atMost(LONG).until(() -> text(r.call("DBSIZE")).equals("110"));
        return right == 10;
    }

    @Test
    void realReplicaPartiallyResyncsWithHashslotMaster() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        Random rnd = new Random(8);
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client();
             RealRedis real = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
             RawClient r = new RawClient(real.port())) {
            workload(m, rnd, 500);
            awaitInSync(m, r);
            m.call("CLIENT", "KILL", "TYPE", "replica");
            workload(m, rnd, 300);
            Awaitility.await().atMost(LONG).until(() -> infoLong(m, "sync_partial_ok") == 1);
            assertSameData(m, r);
            assertThat(infoLong(m, "sync_full")).isEqualTo(1);
            assertThat(real.log()).contains("Successful partial resynchronization with master.");
        }
    }

    @Test
    void hashslotReplicaPartiallyResyncsWithRealMaster() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        Random rnd = new Random(9);
        try (RealRedis real = RealRedis.start("--repl-diskless-sync-delay", "0");
             RawClient m = new RawClient(real.port());
             TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + real.port());
             RawClient r = replica.client()) {
            workload(m, rnd, 500);
            awaitInSync(m, r);
            m.call("CLIENT", "KILL", "TYPE", "replica");
            workload(m, rnd, 300);
            Awaitility.await().atMost(LONG).until(() -> infoLong(m, "sync_partial_ok") == 1);
            assertSameData(m, r);
            assertThat(infoLong(m, "sync_full")).isEqualTo(1);
        }
    }

    @Test
    void fullSyncWhenTheBacklogWasExceeded() {
        Random rnd = new Random(10);
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0", "repl-backlog-size", "16384");
             RawClient m = master.client();
             TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient r = replica.client()) {
            workload(m, rnd, 200);
            awaitInSync(m, r);
            r.call("CLIENT", "KILL", "TYPE", "master");
            String big = "y".repeat(1000);
            for (int i = 0; i < 100; i++) {
                m.call("SET", "big" + i, big); // 100 KB: far more than the 16 KB backlog holds
            }
            Awaitility.await().atMost(LONG).until(() -> infoLong(m, "sync_full") == 2);
            assertThat(infoLong(m, "sync_partial_ok")).isZero();
            assertThat(infoLong(m, "sync_partial_err")).as(master.log()).isEqualTo(1);
            assertSameData(m, r);
            assertThat(infoLong(m, "repl_backlog_histlen")).isEqualTo(16384);
            assertThat(master.log()).contains("for lack of backlog");
        }
    }

    @Test
    void promotedReplicaServesItsSiblingPartially() {
        Random rnd = new Random(11);
        // no PING into m's stream while b is still attached after a's promotion: that too would fork the histories
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0", "repl-ping-replica-period", "3600");
             RawClient m = master.client();
             TestNode a = TestNode.start("replicaof", "127.0.0.1 " + master.port(), "repl-diskless-sync-delay", "0");
             RawClient ra = a.client();
             TestNode b = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient rb = b.client()) {
            workload(m, rnd, 600);
            awaitShortExpiriesGone(m); // an expiry after the promotion would fork m's history from a's
            awaitInSync(m, ra);
            awaitInSync(m, rb);
            String oldId = info(m, "master_replid");
            long oldOffset = infoLong(m, "master_repl_offset");
            assertThat(ra.call("REPLICAOF", "NO", "ONE")).isEqualTo(new RespValue.Simple("OK"));
            assertThat(info(ra, "role")).isEqualTo("master");
            assertThat(info(ra, "master_replid2")).isEqualTo(oldId);
            assertThat(infoLong(ra, "second_repl_offset")).isEqualTo(oldOffset + 1);
            assertThat(rb.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port())))
                .isEqualTo(new RespValue.Simple("OK"));
            workload(ra, rnd, 300);
            Awaitility.await().atMost(LONG).until(() -> infoLong(ra, "sync_partial_ok") == 1);
            assertSameData(ra, rb);
            assertThat(infoLong(ra, "sync_full")).isZero();
            assertThat(info(rb, "master_replid")).isEqualTo(info(ra, "master_replid"));
            // the old master demoted under the new one also continues where it was
            assertThat(m.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port())))
                .isEqualTo(new RespValue.Simple("OK"));
            Awaitility.await().atMost(LONG).until(() -> infoLong(ra, "sync_partial_ok") == 2);
            assertSameData(ra, m);
        }
    }

    @Test
    void replicaRefusesWritesAndStaleReads() {
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client();
             TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port(),
                 "replica-serve-stale-data", "no");
             RawClient r = replica.client()) {
            m.call("SET", "k", "v");
            awaitInSync(m, r);
            assertThat(r.call("SET", "k", "x"))
                .isEqualTo(new RespValue.Error("READONLY You can't write against a read only replica."));
            assertThat(text(r.call("GET", "k"))).isEqualTo("v");
            r.call("CONFIG", "SET", "replica-read-only", "no");
            assertThat(r.call("SET", "local", "1")).isEqualTo(new RespValue.Simple("OK"));
            assertThat(r.call("WAIT", "0", "0")).isInstanceOf(RespValue.Error.class);
            master.close();
            Awaitility.await().atMost(LONG).until(() -> "down".equals(info(r, "master_link_status")));
            assertThat(r.call("GET", "k")).isEqualTo(new RespValue.Error(
                "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."));
            assertThat(text(r.call("PING"))).startsWith("ERR:MASTERDOWN"); // as redis-server 7.0.15 replies
            assertThat(text(r.call("CONFIG", "GET", "port"))).contains(Integer.toString(replica.port()));
            RespValue role = r.call("ROLE");
            assertThat(ReplicationSupport.items(role).subList(0, 3))
                .containsExactly("slave", "127.0.0.1", Integer.toString(master.port()));
            Awaitility.await().atMost(LONG).until(() ->
                replica.log().contains("Error condition on socket for SYNC: Connection refused"));
        }
    }

    @Test
    void clientPauseOnTheReplicaHoldsTheStreamInOrder() throws InterruptedException {
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client();
             TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient r = replica.client()) {
            m.call("SET", "pk", "0");
            awaitInSync(m, r);
            assertThat(text(r.call("CLIENT", "PAUSE", "1500", "WRITE"))).isEqualTo("OK");
            m.call("SET", "pk", "1");
            m.call("INCR", "pk");
            m.call("RPUSH", "pl", "a", "b");
            Thread.sleep(300);
            // as redis-server 7.0: the master client is paused too, nothing of the stream ran yet
            assertThat(text(r.call("GET", "pk"))).isEqualTo("0");
            assertThat(infoLong(r, "slave_repl_offset")).isLessThan(infoLong(m, "master_repl_offset"));
            awaitInSync(m, r);
            assertThat(text(r.call("GET", "pk"))).isEqualTo("2");
            assertThat(text(r.call("LRANGE", "pl", "0", "-1"))).isEqualTo("[a, b]");
        }
    }

    @Test
    void keysTheMasterStillHasAreNeverExpiredForItsCommands() throws InterruptedException {
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client();
             TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient r = replica.client()) {
            m.call("SET", "warm", "1");
            awaitInSync(m, r);
            // the replica applies these after the first deadline passed: the key is logically expired there, but
            // the master's next command must still find it (Redis: expireIfNeeded for the master client)
            r.call("CLIENT", "PAUSE", "300", "WRITE");
            m.call("SET", "k", "v");
            m.call("PEXPIRE", "k", "10");
            m.call("GETEX", "k", "PX", "100000");
            m.call("APPEND", "k", "w");
            awaitInSync(m, r);
            assertThat(text(r.call("GET", "k"))).isEqualTo("vw");
            assertThat(text(r.call("PEXPIRETIME", "k"))).isEqualTo(text(m.call("PEXPIRETIME", "k")));
        }
    }

    @Test
    void minReplicasToWrite() {
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0", "min-replicas-to-write", "1",
                 "min-replicas-max-lag", "10");
             RawClient m = master.client()) {
            assertThat(m.call("SET", "k", "v"))
                .isEqualTo(new RespValue.Error("NOREPLICAS Not enough good replicas to write."));
            assertThat(info(m, "min_slaves_good_slaves")).isEqualTo("0");
            try (TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + master.port());
                 RawClient r = replica.client()) {
                Awaitility.await().atMost(LONG).until(() -> "1".equals(info(m, "min_slaves_good_slaves")));
                assertThat(m.call("SET", "k", "v")).isEqualTo(new RespValue.Simple("OK"));
                awaitInSync(m, r);
            }
        }
    }

    @Test
    void waitCountsAcknowledgingReplicas() throws InterruptedException {
        try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
             RawClient m = master.client();
             TestNode a = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient ra = a.client();
             TestNode b = TestNode.start("replicaof", "127.0.0.1 " + master.port());
             RawClient rb = b.client()) {
            awaitInSync(m, ra);
            awaitInSync(m, rb);
            // a client that never wrote waits for nothing: every replica acknowledged offset 0
            assertThat(m.call("WAIT", "2", "0")).isEqualTo(new RespValue.Int(2));
            assertThat(m.call("WAIT", "3", "100")).isEqualTo(new RespValue.Int(2));
            m.call("SET", "k", "v");
            assertThat(m.call("WAIT", "2", "5000")).isEqualTo(new RespValue.Int(2));
            // one replica stops processing: WAIT gives up at its timeout with the one that acknowledged
            try (RawClient sleeper = b.client()) {
                sleeper.send(RawClient.args("DEBUG", "SLEEP", "2"));
                Thread.sleep(150); // the sleep has begun
                m.call("SET", "k", "w");
                long t0 = System.nanoTime();
                assertThat(m.call("WAIT", "2", "700")).isEqualTo(new RespValue.Int(1));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(ms).isBetween(650L, 1900L);
                assertThat(m.call("WAIT", "1", "0")).isEqualTo(new RespValue.Int(1));
                assertThat(text(sleeper.read())).isEqualTo("OK");
            }
            assertThat(m.call("WAIT", "2", "10000")).isEqualTo(new RespValue.Int(2));
            assertThat(m.call("WAIT", "x", "0"))
                .isEqualTo(new RespValue.Error("ERR value is not an integer or out of range"));
        }
    }

    @Test
    void replicationCommandReplies() {
        try (TestNode node = TestNode.start(); RawClient c = node.client()) {
            assertThat(text(c.call("ROLE"))).isEqualTo("[master, 0, []]");
            assertThat(c.call("REPLICAOF", "host", "70000"))
                .isEqualTo(new RespValue.Error("ERR Invalid master port"));
            assertThat(c.call("REPLCONF", "listening-port"))
                .isEqualTo(new RespValue.Error("ERR syntax error"));
            assertThat(c.call("REPLCONF", "foo", "bar"))
                .isEqualTo(new RespValue.Error("ERR Unrecognized REPLCONF option: foo"));
            assertThat(c.call("REPLCONF", "listening-port", "1", "capa", "eof"))
                .isEqualTo(new RespValue.Simple("OK"));
            assertThat(c.call("REPLICAOF", "NO", "ONE")).isEqualTo(new RespValue.Simple("OK"));
            assertThat(info(c, "master_replid2")).isEqualTo("0".repeat(40));
        }
    }
}
