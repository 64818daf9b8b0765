package io.hashslot.testkit.cluster;

import static io.hashslot.testkit.cluster.ClusterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Failovers across kinds in one cluster of Hashslot and real redis-server 7.0 nodes: a real master killed with
 * SIGKILL is replaced by its Hashslot replica, a crashed Hashslot master by its real replica, each old master
 * comes back as a replica of its successor and syncs from it; and the safe manual failover (CLUSTER FAILOVER)
 * works both ways under a writer, losing no acknowledged write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixedFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String[] HASHSLOT = {"cluster-enabled", "yes", "cluster-node-timeout", "1000",
        "cluster-config-file", "nodes.conf"};
    private static final String[] REAL = {"--cluster-enabled", "yes", "--cluster-node-timeout", "1000"};

    private static RealRedis realMaster;        // its replica is hashslotOfReal
    private static TestNode hashslotOfReal;
    private static TestNode hashslotMaster;     // its replica is realOfHashslot
    private static RealRedis realOfHashslot;
    private static RealRedis manualMaster;      // real, its replica is manualReplica (Hashslot)
    private static TestNode manualReplica;
    private static final List<Integer> PORTS = new ArrayList<>();

    @BeforeAll
    static void createCluster() {
        Assumptions.assumeTrue(RealRedis.available() && RedisCli.available(), RealRedis.unavailableMessage());
        realMaster = RealRedis.start(REAL);
        hashslotMaster = TestNode.start(HASHSLOT);
        manualMaster = RealRedis.start(REAL);
        hashslotOfReal = TestNode.start(HASHSLOT);
        realOfHashslot = RealRedis.start(REAL);
        manualReplica = TestNode.start(HASHSLOT);
        PORTS.addAll(List.of(realMaster.port(), hashslotMaster.port(), manualMaster.port()));
        ClusterHarness.create(PORTS, 0);
        addReplica(hashslotOfReal.port(), realMaster.port());
        addReplica(realOfHashslot.port(), hashslotMaster.port());
        addReplica(manualReplica.port(), manualMaster.port());
        ClusterHarness.awaitAgreement(PORTS, 3);
        for (int replica : List.of(hashslotOfReal.port(), realOfHashslot.port(), manualReplica.port())) {
            awaitLinkUp(replica);
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {realMaster, hashslotOfReal, hashslotMaster, realOfHashslot,
            manualMaster, manualReplica}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
        PORTS.clear();
    }

    private static void addReplica(int replica, int master) {
        String id = call(master, "CLUSTER", "MYID");
        RedisCli.Result r = RedisCli.run(master, "--cluster", "add-node", "127.0.0.1:" + replica,
            "127.0.0.1:" + master, "--cluster-slave", "--cluster-master-id", id);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        PORTS.add(replica);
    }

    private static void awaitLinkUp(int replica) {
        await().atMost(WAIT).until(() -> call(replica, "INFO", "replication").contains("master_link_status:up"));
    }

    private static JedisCluster jedis() {
        return new JedisCluster(Set.of(new HostAndPort("127.0.0.1", PORTS.get(2))));
    }

    /** Writes {@code n} keys and waits until every master's replica acknowledged them. */
    private static void writeAndReplicate(String prefix, int n, List<Integer> masters) {
        try (JedisCluster jc = jedis()) {
            for (int i = 0; i < n; i++) {
                jc.set(prefix + i, "v" + i);
            }
        }
        for (int m : masters) {
            assertThat(call(m, "WAIT", "1", "5000")).isEqualTo("1");
        }
    }

    private static void assertAllReadable(String prefix, int n) {
        try (JedisCluster jc = jedis()) {
            for (int i = 0; i < n; i++) {
                assertThat(jc.get(prefix + i)).as(prefix + i).isEqualTo("v" + i);
            }
        }
    }

    /** Waits until every node in {@code ports} sees {@code id} as a master and reports cluster_state:ok. */
    private static void awaitMasterEverywhere(String id, List<Integer> ports) {
        for (int p : ports) {
            await().atMost(WAIT).until(() -> call(p, "CLUSTER", "INFO").contains("cluster_state:ok")
                && call(p, "CLUSTER", "NODES").lines().anyMatch(l -> l.startsWith(id + " ")
                    && l.split(" ")[2].contains("master") && l.split(" ").length > 8));
        }
    }

    /** Waits until {@code port} is a replica of {@code masterId} with its link up and the master's key count. */
    private static void awaitReplicaOf(int port, String masterId, int masterPort) {
        await().atMost(WAIT).until(() -> call(port, "CLUSTER", "NODES").lines()
            .anyMatch(l -> l.contains("myself,slave " + masterId)));
        awaitLinkUp(port);
        await().atMost(WAIT).until(() -> call(port, "DBSIZE").equals(call(masterPort, "DBSIZE")));
    }

    private static List<Integer> portsExcept(int port) {
        return PORTS.stream().filter(p -> p != port).toList();
    }

    @Test
    @Order(1)
    void realMasterKilledHashslotReplicaTakesOverAndOldMasterRejoins() {
        writeAndReplicate("a:", 600, List.of(realMaster.port(), hashslotMaster.port(), manualMaster.port()));
        int port = realMaster.port();
        long keys = Long.parseLong(call(port, "DBSIZE"));
        assertThat(keys).isPositive();
        String successor = call(hashslotOfReal.port(), "CLUSTER", "MYID");

        realMaster.kill();
        awaitMasterEverywhere(successor, portsExcept(port));
        assertThat(call(hashslotOfReal.port(), "ROLE")).startsWith("[master");
        assertThat(Long.parseLong(call(hashslotOfReal.port(), "DBSIZE"))).isEqualTo(keys);
        assertThat(hashslotOfReal.log()).contains("Failover election won: I'm the new master.");
        assertAllReadable("a:", 600);
        writeAndReplicate("b:", 300, List.of(hashslotMaster.port(), manualMaster.port()));

        realMaster = realMaster.restart();
        awaitReplicaOf(port, successor, hashslotOfReal.port());
        awaitMasterEverywhere(successor, PORTS);
        assertAllReadable("b:", 300);
    }

    @Test
    @Order(2)
    void hashslotMasterCrashedRealReplicaTakesOverAndOldMasterRejoins() {
        int port = hashslotMaster.port();
        Path dir = hashslotMaster.dir();
        long keys = Long.parseLong(call(port, "DBSIZE"));
        assertThat(keys).isPositive();
        String successor = call(realOfHashslot.port(), "CLUSTER", "MYID");

        try (RawClient c = hashslotMaster.client()) {
            c.sendRaw("*2\r\n$5\r\nDEBUG\r\n$8\r\nSEGFAULT\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        await().atMost(WAIT).until(() -> hashslotMaster.server().terminationFuture().isDone());
        awaitMasterEverywhere(successor, portsExcept(port));
        assertThat(call(realOfHashslot.port(), "ROLE")).startsWith("[master");
        assertThat(Long.parseLong(call(realOfHashslot.port(), "DBSIZE"))).isEqualTo(keys);
        assertThat(realOfHashslot.log()).contains("Failover election won: I'm the new master.");
        assertAllReadable("a:", 600);
        assertAllReadable("b:", 300);

        hashslotMaster = TestNode.startIn(dir, ClusterHarness.clusterDirectives("cluster-node-timeout", "1000",
            "port", String.valueOf(port)));
        awaitReplicaOf(port, successor, realOfHashslot.port());
        awaitMasterEverywhere(successor, PORTS);
    }

    @Test
    @Order(3)
    void manualFailoverBothWaysUnderWritesLosesNothing() throws Exception {
        String realId = call(manualMaster.port(), "CLUSTER", "MYID");
        String hashslotId = call(manualReplica.port(), "CLUSTER", "MYID");
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Long> unanswered = new ConcurrentHashMap<>(); // a failed SET may still have been applied
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (JedisCluster jc = jedis()) {
                long i = 0;
                while (running.get()) {
                    String key = "w:" + (i % 500);
                    try {
                        jc.set(key, String.valueOf(i));
                        acked.put(key, i);
                        unanswered.remove(key);
                    } catch (RuntimeException e) {
                        unanswered.put(key, i);
                        failures.incrementAndGet();
                    }
                    i++;
                }
            }
        }, "mixed-writer");
        writer.start();
        try {
            Thread.sleep(500);
            // a Hashslot replica takes over from a real master, then the real node takes its slots back
            assertThat(call(manualReplica.port(), "CLUSTER", "FAILOVER")).isEqualTo("OK");
            awaitMasterEverywhere(hashslotId, PORTS);
            awaitReplicaOf(manualMaster.port(), hashslotId, manualReplica.port());
            assertThat(manualMaster.log()).contains("Manual failover requested by replica " + hashslotId + ".");
            assertThat(manualReplica.log()).contains("Manual failover user request accepted.")
                .contains("All master replication stream processed, manual failover can start.")
                .contains("Failover election won: I'm the new master.");
            Thread.sleep(500);
            assertThat(call(manualMaster.port(), "CLUSTER", "FAILOVER")).isEqualTo("OK");
            awaitMasterEverywhere(realId, PORTS);
            awaitReplicaOf(manualReplica.port(), realId, manualMaster.port());
            assertThat(manualReplica.log()).contains("Manual failover requested by replica " + realId + ".");
            Thread.sleep(500);
        } finally {
            running.set(false);
            writer.join();
        }
        assertThat(acked).hasSize(500);
        try (JedisCluster jc = jedis()) {
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                String value = jc.get(e.getKey());
                if (!value.equals(String.valueOf(unanswered.get(e.getKey())))) {
                    assertThat(value).as(e.getKey()).isEqualTo(String.valueOf(e.getValue()));
                }
            }
        }
        System.out.println("MixedFailoverTest manual failovers: " + failures.get() + " failed writes, 0 lost of "
            + acked.size() + " keys");
    }
}
