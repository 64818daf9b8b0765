package io.hashslot.testkit.replication;

import static io.hashslot.testkit.replication.ReplicationSupport.infoLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * client-output-buffer-limit for replicas, on redis-server and Hashslot: a replica that stops reading is dropped
 * once its unsent output passes the hard limit (instead of the master buffering without end), with Redis's log
 * line; and SYNC/PSYNC pipelined behind a command whose reply is not sent yet is refused.
 */
class ReplicaOutputLimitTest {
    private static void stalledReplicaIsDropped(int port, Supplier<String> log) throws Exception {
        try (Socket fake = new Socket()) {
            fake.setReceiveBufferSize(4096);
            fake.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            OutputStream out = fake.getOutputStream();
            out.write("REPLCONF listening-port 9999\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] ok = new byte[5];
            assertThat(fake.getInputStream().readNBytes(ok, 0, 5)).isEqualTo(5); // +OK, then nothing is read
            out.write("PSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (RawClient c = new RawClient(port)) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> infoLong(c, "connected_slaves") == 1);
                String value = "x".repeat(100_000);
                for (int i = 0; i < 600 && infoLong(c, "connected_slaves") == 1; i++) {
                    c.call("SET", "k" + i, value); // 60 MB at most, far over the 8 MB hard limit
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> infoLong(c, "connected_slaves") == 0);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(5))
            .until(() -> log.get().contains("scheduled to be closed ASAP for overcoming of output buffer limits."));
    }

    private static String pipelinedSync(int port) {
        try (RawClient c = new RawClient(port)) {
            c.sendRaw("REPLCONF listening-port 9999\r\nPSYNC ? -1\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(c.readRaw(), StandardCharsets.ISO_8859_1) + new String(c.readRaw(),
                StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aReplicaThatStopsReadingIsDroppedAtTheHardLimit() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (RealRedis r = RealRedis.start("--client-output-buffer-limit", "replica 8mb 0 0")) {
            stalledReplicaIsDropped(r.port(), r::log);
        }
        try (TestNode n = TestNode.start("client-output-buffer-limit", "replica 8mb 0 0")) {
            stalledReplicaIsDropped(n.port(), n::log);
        }
    }

    @Test
    void aFullSyncLargerThanTheLimitCompletes() {
        // the RDB payload does not count against the replica's limit, only the stream held meanwhile
        ReplicationSupport.onBothKinds((kind, m, r) -> {
            r.call("REPLICAOF", "NO", "ONE");
            m.call("DEBUG", "POPULATE", "400", "key", "100000"); // 40 MB of values
            r.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            ReplicationSupport.awaitInSync(m, r);
            assertThat(r.call("DBSIZE")).as(kind).isEqualTo(m.call("DBSIZE"));
            assertThat(infoLong(m, "connected_slaves")).as(kind).isEqualTo(1);
        }, "client-output-buffer-limit", "replica 8mb 0 0");
    }

    @Test
    void syncBehindAnUnsentReplyIsRefused() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        String real;
        try (RealRedis r = RealRedis.start()) {
            real = pipelinedSync(r.port());
        }
        try (TestNode n = TestNode.start()) {
            assertThat(pipelinedSync(n.port())).isEqualTo(real)
                .isEqualTo("+OK\r\n-ERR SYNC and PSYNC are invalid with pending output\r\n");
        }
    }
}
