package io.hashslot.testkit.cluster;

import static io.hashslot.testkit.cluster.ClusterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.TestNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Garbage on the cluster bus: random bytes, frames with a wrong signature or impossible lengths, truncated frames,
 * and real frames captured from redis-server with random bytes flipped, sent to every node of a 3-node cluster.
 * The nodes keep serving clients and the cluster stays up. Then a master stops: the others mark it failed after
 * the node timeout and the cluster goes down until it comes back from its nodes.conf.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBusGarbageTest {
    private static final List<TestNode> NODES = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();

    @BeforeAll
    static void createCluster() {
        Assumptions.assumeTrue(RedisCli.available(), RedisCli.unavailableMessage());
        for (int i = 0; i < 3; i++) {
            TestNode n = ClusterHarness.startNode();
            NODES.add(n);
            PORTS.add(n.port());
        }
        String out = ClusterHarness.create(PORTS, 0);
        assertThat(out).contains("[OK] All 16384 slots covered.");
        ClusterHarness.awaitAgreement(PORTS, 0);
    }

    @AfterAll
    static void stop() {
        NODES.forEach(TestNode::close);
        NODES.clear();
        PORTS.clear();
    }

    private static List<byte[]> goldenFrames() throws IOException {
        Path dir = Path.of("..", "cluster", "src", "test", "resources", "golden");
        List<byte[]> frames = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return frames;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".hex")).sorted().toList()) {
                frames.add(HexFormat.of().parseHex(Files.readString(p, StandardCharsets.US_ASCII).strip()));
            }
        }
        return frames;
    }

    private static void send(int cport, byte[] bytes, boolean half) {
        try (Socket s = new Socket("127.0.0.1", cport)) {
            s.setSoTimeout(20); // just long enough for the node to read; answers do not matter
            OutputStream out = s.getOutputStream();
            out.write(bytes, 0, half ? bytes.length / 2 : bytes.length);
            out.flush();
            try {
                s.getInputStream().read(new byte[4096]);
            } catch (IOException timeoutOrReset) {
                // the node may answer, stay silent or close: all fine
            }
        } catch (IOException e) {
            // a node closing on us mid-write is fine too
        }
    }

    private static byte[] header(String sig, long totlen, int type) {
        ByteBuffer b = ByteBuffer.allocate(2256);
        b.put(sig.getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) totlen);
        b.putShort((short) 1);
        b.putShort((short) 7000);
        b.putShort((short) type);
        return b.array();
    }

    @Test
    @Order(1)
    void garbageNeverTakesANodeDown() throws IOException {
        SplittableRandom random = new SplittableRandom(20261123L);
        List<byte[]> golden = goldenFrames();
        for (int p : PORTS) {
            int cport = p + 10000;
            for (int i = 0; i < 40; i++) {
                byte[] junk = new byte[1 + random.nextInt(5000)];
                random.nextBytes(junk);
                send(cport, junk, false);
            }
            send(cport, header("RCmb", 0xFFFFFFFFL, 0), false);
            send(cport, header("RCmb", 8, 0), false);
            send(cport, header("RCmb", 2256, 250), false);
            send(cport, header("XXXX", 2256, 0), false);
            send(cport, header("RCmb", 100_000, 1), true);
            for (byte[] frame : golden) {
                send(cport, frame, true);
                for (int i = 0; i < 30; i++) {
                    byte[] m = frame.clone();
                    int flips = 1 + random.nextInt(8);
                    for (int f = 0; f < flips; f++) {
                        // keep the signature and length sometimes, so the decoder gets past the framing
                        int at = random.nextBoolean() ? 8 + random.nextInt(m.length - 8) : random.nextInt(m.length);
                        m[at] = (byte) random.nextInt(256);
                    }
                    send(cport, m, false);
                }
            }
        }
        for (int p : PORTS) {
            assertThat(call(p, "PING")).isEqualTo("PONG");
            assertThat(call(p, "CLUSTER", "INFO")).contains("cluster_state:ok");
            String nodes = call(p, "CLUSTER", "NODES");
            for (int q : PORTS) {
                assertThat(nodes).contains("127.0.0.1:" + q + "@" + (q + 10000));
            }
        }
        List<String> first = ClusterHarness.topology(PORTS.get(0)).stream()
            .filter(l -> !l.contains("handshake")).toList();
        assertThat(first).hasSize(3);
        assertThat(RedisCli.run(PORTS.get(0), "--cluster", "check", "127.0.0.1:" + PORTS.get(0)).stdout())
            .contains("[OK] All 16384 slots covered.");
    }

    @Test
    @Order(2)
    void aStoppedMasterIsMarkedFailedAndTheClusterGoesDownUntilItReturns() {
        TestNode gone = NODES.get(2);
        String goneId = call(gone.port(), "CLUSTER", "MYID");
        Path dir = gone.dir();
        // a client blocked on a key of a live node is unblocked with CLUSTERDOWN when the cluster fails
        RawClient blocked = new RawClient(PORTS.get(0));
        String key = null;
        for (int i = 0; key == null; i++) {
            String k = "b" + i;
            if (!call(PORTS.get(0), "GET", k).startsWith("MOVED")) {
                key = k;
            }
        }
        blocked.send(RawClient.args("BLPOP", key, "0"));
        gone.stopKeepingFiles();
        for (int i = 0; i < 2; i++) {
            int p = PORTS.get(i);
            await().atMost(ClusterHarness.WAIT).until(() -> call(p, "CLUSTER", "INFO").contains("cluster_state:fail"));
            String line = call(p, "CLUSTER", "NODES").lines().filter(l -> l.startsWith(goneId)).findFirst()
                .orElseThrow();
            assertThat(line.split(" ")[2]).isEqualTo("master,fail");
            assertThat(line).endsWith(" disconnected " + line.substring(line.lastIndexOf(' ') + 1));
            assertThat(call(p, "GET", "foo")).isEqualTo("CLUSTERDOWN The cluster is down");
            assertThat(call(p, "PING")).isEqualTo("PONG");
        }
        blocked.setTimeout(10_000);
        assertThat(ClusterHarness.text(blocked.read())).isEqualTo("CLUSTERDOWN The cluster is down");
        blocked.close();
        NODES.set(2, TestNode.startIn(dir, ClusterHarness.clusterDirectives("port", String.valueOf(PORTS.get(2)))));
        ClusterHarness.awaitAgreement(PORTS, 0);
        assertThat(call(PORTS.get(0), "CLUSTER", "NODES")).doesNotContain("fail");
    }

    @Test
    @Order(3)
    void withoutFullCoverageTheRestOfTheClusterStaysUp() {
        for (int i = 0; i < 2; i++) {
            assertThat(call(PORTS.get(i), "CONFIG", "SET", "cluster-require-full-coverage", "no")).isEqualTo("OK");
        }
        TestNode gone = NODES.get(2);
        String goneId = call(gone.port(), "CLUSTER", "MYID");
        Path dir = gone.dir();
        gone.stopKeepingFiles();
        for (int i = 0; i < 2; i++) {
            int p = PORTS.get(i);
            await().atMost(ClusterHarness.WAIT).until(() -> call(p, "CLUSTER", "NODES").lines()
                .anyMatch(l -> l.startsWith(goneId) && l.split(" ")[2].equals("master,fail")));
            assertThat(call(p, "CLUSTER", "INFO")).contains("cluster_state:ok").contains("cluster_slots_fail:");
            assertThat(call(p, "CLUSTER", "INFO")).doesNotContain("cluster_slots_fail:0\r\n");
        }
        NODES.set(2, TestNode.startIn(dir, ClusterHarness.clusterDirectives("port", String.valueOf(PORTS.get(2)))));
        ClusterHarness.awaitAgreement(PORTS, 0);
    }
}
