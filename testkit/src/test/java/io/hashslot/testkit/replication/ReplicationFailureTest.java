package io.hashslot.testkit.replication;

import static io.hashslot.testkit.replication.ReplicationSupport.assertSameData;
import static io.hashslot.testkit.replication.ReplicationSupport.info;
import static io.hashslot.testkit.replication.ReplicationSupport.text;
import static io.hashslot.testkit.replication.ReplicationSupport.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.persistence.RdbWriter;
import io.hashslot.protocol.RespReader;
import io.hashslot.store.Keyspace;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What a replica does when its master misbehaves or dies: a fake master answering with garbage at every step of
 * the protocol (the replica drops the link, retries and keeps serving), and a real master killed during the full
 * sync and during the stream, then restarted on the same port.
 */
class ReplicationFailureTest {
    private static final Duration LONG = Duration.ofSeconds(40);
    private static final String ID = "0123456789abcdef0123456789abcdef01234567";

    /** One misbehaviour per connection, in order. */
    private static final int SCENARIOS = 7;

    @Test
    void garbageFromAFakeMasterDropsTheLinkAndRetries() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket fake = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> serveGarbage(fake, connections), "fake-master");
            t.setDaemon(true);
            t.start();
            try (TestNode replica = TestNode.start("repl-timeout", "2");
                 RawClient r = replica.client()) {
                r.call("SET", "kept", "1"); // before it becomes a replica
                r.call("REPLICAOF", "127.0.0.1", Integer.toString(fake.getLocalPort()));
                Awaitility.await().atMost(LONG).until(() -> connections.get() > SCENARIOS);
                assertThat(text(r.call("PING"))).isEqualTo("PONG");
                assertThat(info(r, "master_link_status")).isEqualTo("down");
                String log = replica.log();
                assertThat(log).contains("Unexpected reply to PSYNC from master",
                    "Failed trying to load the MASTER synchronization DB from disk",
                    "Bad protocol from MASTER, the first byte is not '$'",
                    "Protocol error from MASTER");
                // a real master afterwards: the replica syncs normally
                try (TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
                     RawClient m = master.client()) {
                    workload(m, new Random(3), 500);
                    r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
                    assertSameData(m, r);
                }
            }
        }
    }

    private static void serveGarbage(ServerSocket fake, AtomicInteger connections) {
        while (!fake.isClosed()) {
            try (Socket s = fake.accept()) {
                int n = connections.getAndIncrement();
                s.setSoTimeout(5000);
                misbehave(n % SCENARIOS, s.getInputStream(), s.getOutputStream());
                Thread.sleep(100);
            } catch (IOException e) {
                // the replica dropped the link, as it should
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void misbehave(int scenario, InputStream in, OutputStream out) throws IOException {
        RespReader reader = new RespReader(in);
        if (scenario == 0) {
            return; // close at once
        }
        reader.read(); // PING
        if (scenario == 1) {
            write(out, "\u0001\u0002junk\r\n"); // accepted as a PING reply ...
            for (int i = 0; i < 2; i++) {
                reader.read();
                write(out, "\u00ffmore junk\r\n");
            }
            reader.read(); // PSYNC
            write(out, "\u0000\u0001 not a psync reply\r\n");
            return;
        }
        write(out, "+PONG\r\n");
        reader.read();
        reader.read();
        write(out, "+OK\r\n+OK\r\n");
        reader.read(); // PSYNC
        write(out, "+FULLRESYNC " + ID + " 100\r\n");
        Random rnd = new Random(scenario);
        byte[] junk = new byte[5000];
        rnd.nextBytes(junk);
        String mark = "f".repeat(40);
        switch (scenario) {
            case 2 -> {
                write(out, "$EOF:" + mark + "\r\n");
                out.write(junk);
                write(out, mark);
            }
            case 3 -> {
                write(out, "$" + junk.length + "\r\n");
                out.write(junk);
            }
            case 4 -> write(out, "\n\nXYZ not a bulk\r\n");
            case 5 -> {
                byte[] rdb = emptyRdb();
                write(out, "$" + rdb.length + "\r\n");
                out.write(rdb);
                write(out, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nSET\r\n$-x\r\n");
            }
            default -> {
                byte[] rdb = emptyRdb();
                write(out, "$" + rdb.length + "\r\n");
                out.write(rdb);
                write(out, "*99999999999999\r\n");
            }
        }
        out.flush();
        in.read(new byte[1]); // until the replica closes (or the timeout)
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static byte[] emptyRdb() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new RdbWriter(true, true).writeAll(b, new Keyspace(16, 1), 0, 0, new RdbWriter.ReplInfo(0, ID, 100));
        return b.toByteArray();
    }

    @Test
    void masterKilledDuringFullSyncAndDuringTheStream() {
        Random rnd = new Random(4);
        TestNode master = TestNode.start("repl-diskless-sync-delay", "0");
        int port = master.port();
        try (TestNode replica = TestNode.start("replicaof", "127.0.0.1 " + port);
             RawClient r = replica.client()) {
            try (RawClient m = master.client()) {
                // a dataset big enough that the transfer takes a while
                for (int i = 0; i < 200; i++) {
                    String[] args = new String[1 + 2 * 500];
                    args[0] = "MSET";
                    for (int j = 0; j < 500; j++) {
                        args[1 + 2 * j] = "key:" + i + ":" + j;
                        args[2 + 2 * j] = "value-" + j;
                    }
                    m.call(args);
                }
            }
            Awaitility.await().atMost(LONG).until(() -> replica.log().contains("MASTER <-> REPLICA sync started")
                && replica.log().contains("Full resync from master"));
            master.close(); // during (or right after) the full sync
            master = TestNode.start("port", Integer.toString(port), "repl-diskless-sync-delay", "0");
            try (RawClient m = master.client()) {
                workload(m, rnd, 400);
                assertSameData(m, r);
            }
            master.close(); // during the stream
            Awaitility.await().atMost(LONG).until(() -> "down".equals(info(r, "master_link_status")));
            master = TestNode.start("port", Integer.toString(port), "repl-diskless-sync-delay", "0");
            try (RawClient m = master.client()) {
                workload(m, rnd, 400);
                assertSameData(m, r);
            }
        } finally {
            master.close();
        }
    }
}
