package io.hashslot.testkit.cluster;

import static io.hashslot.testkit.cluster.ClusterHarness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.common.HashSlot;
import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.TestNode;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * Six in-process Hashslot nodes made into a 3-master/3-replica cluster by Debian's
 * {@code redis-cli --cluster create --cluster-replicas 1}, then driven by redis-cli, JedisCluster and Lettuce's
 * RedisClusterClient over real sockets; finally every node is restarted from its nodes.conf.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HashslotClusterTest {
    private static final List<TestNode> NODES = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();
    private static String createOutput;

    @BeforeAll
    static void createCluster() {
        Assumptions.assumeTrue(RedisCli.available(), RedisCli.unavailableMessage());
        for (int i = 0; i < 6; i++) {
            TestNode n = ClusterHarness.startNode();
            NODES.add(n);
            PORTS.add(n.port());
        }
        createOutput = ClusterHarness.create(PORTS, 1);
        ClusterHarness.awaitAgreement(PORTS, 3);
    }

    @AfterAll
    static void stop() {
        NODES.forEach(TestNode::close);
        NODES.clear();
        PORTS.clear();
    }

    private static int ownerPort(byte[] key) {
        int slot = HashSlot.of(key);
        for (String line : call(PORTS.get(0), "CLUSTER", "NODES").split("\n")) {
            String[] f = line.split(" ");
            if (!f[2].contains("master")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] r = f[i].split("-");
                int a = Integer.parseInt(r[0]);
                int b = r.length > 1 ? Integer.parseInt(r[1]) : a;
                if (slot >= a && slot <= b) {
                    return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                }
            }
        }
        throw new AssertionError("no owner for slot " + slot);
    }

    @Test
    @Order(1)
    void redisCliCreatesAndChecksTheCluster() {
        assertThat(createOutput).contains("[OK] All nodes agree about slots configuration.")
            .contains("[OK] All 16384 slots covered.").contains("Adding replica");
        RedisCli.Result check = RedisCli.run(PORTS.get(3), "--cluster", "check", "127.0.0.1:" + PORTS.get(3));
        assertThat(check.exitCode()).isZero();
        assertThat(check.stdout()).contains("[OK] All nodes agree about slots configuration.")
            .contains("[OK] All 16384 slots covered.").doesNotContain("[ERR]").doesNotContain("[WARNING]");
        RedisCli.Result info = RedisCli.run(PORTS.get(0), "--cluster", "info", "127.0.0.1:" + PORTS.get(0));
        assertThat(info.stdout()).contains("keys in 3 masters.");
        assertThat(info.stdout().lines().filter(l -> l.contains("| 1 slaves."))).hasSize(3);
    }

    @Test
    @Order(2)
    void everyNodeShowsTheSameTopologyWithReplicas() {
        List<String> first = ClusterHarness.topology(PORTS.get(0));
        for (int p : PORTS) {
            assertThat(ClusterHarness.topology(p)).isEqualTo(first);
            String nodes = call(p, "CLUSTER", "NODES");
            assertThat(nodes.lines().filter(l -> l.contains("myself"))).hasSize(1);
            assertThat(nodes.lines().filter(l -> l.split(" ")[2].contains("master"))).hasSize(3);
            assertThat(nodes.lines().filter(l -> l.split(" ")[2].contains("slave"))).hasSize(3);
            assertThat(nodes).doesNotContain("fail").doesNotContain("disconnected");
            assertThat(call(p, "CLUSTER", "INFO")).contains("cluster_known_nodes:6").contains("cluster_size:3")
                .contains("cluster_slots_assigned:16384");
            assertThat(call(p, "INFO", "cluster")).isEqualTo("# Cluster\r\ncluster_enabled:1\r\n");
            assertThat(call(p, "INFO", "clients")).contains("\r\ncluster_connections:10\r\n");
        }
        // each replica names a master that has slots; the masters' replicas agree
        for (String line : call(PORTS.get(0), "CLUSTER", "NODES").split("\n")) {
            String[] f = line.split(" ");
            if (f[2].contains("slave")) {
                String replicas = call(PORTS.get(0), "CLUSTER", "REPLICAS", f[3]);
                assertThat(replicas).contains(f[0]);
            }
        }
    }

    @Test
    @Order(3)
    void redisCliDashCFollowsMoved() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/script").canExecute(), "util-linux script(1) needed for a tty");
        int start = PORTS.get(0) == ownerPort("foo".getBytes(StandardCharsets.UTF_8)) ? PORTS.get(1) : PORTS.get(0);
        int owner = ownerPort("foo".getBytes(StandardCharsets.UTF_8));
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", RedisCli.BINARY + " -c -p " + start, "/dev/null");
        pb.environment().put("TERM", "dumb");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().write("set foo bar\nget foo\nexit\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
        assertThat(out).contains("-> Redirected to slot [12182] located at 127.0.0.1:" + owner)
            .contains("\"bar\"");
    }

    @Test
    @Order(4)
    void redirectionErrors() {
        int owner = ownerPort("foo".getBytes(StandardCharsets.UTF_8));
        int other = PORTS.stream().filter(p -> p != owner).findFirst().orElseThrow();
        assertThat(call(other, "GET", "foo")).isEqualTo("MOVED 12182 127.0.0.1:" + owner);
        assertThat(call(owner, "MSET", "a", "1", "b", "2"))
            .isEqualTo("CROSSSLOT Keys in request don't hash to the same slot");
        assertThat(call(owner, "MSET", "{foo}a", "1", "{foo}b", "2")).isEqualTo("OK");
        assertThat(call(other, "EVAL", "return redis.call('get', KEYS[1])", "1", "foo"))
            .isEqualTo("MOVED 12182 127.0.0.1:" + owner);
        assertThat(call(owner, "SELECT", "1")).isEqualTo("ERR SELECT is not allowed in cluster mode");
        try (RawClient c = new RawClient(other)) {
            assertThat(ClusterHarness.text(c.call("MULTI"))).isEqualTo("OK");
            assertThat(ClusterHarness.text(c.call("SET", "foo", "x"))).isEqualTo("MOVED 12182 127.0.0.1:" + owner);
            assertThat(ClusterHarness.text(c.call("EXEC")))
                .isEqualTo("EXECABORT Transaction discarded because of previous errors.");
        }
        try (RawClient c = new RawClient(owner)) {
            assertThat(ClusterHarness.text(c.call("MULTI"))).isEqualTo("OK");
            assertThat(ClusterHarness.text(c.call("SET", "foo", "y"))).isEqualTo("QUEUED");
            assertThat(ClusterHarness.text(c.call("GET", "{foo}a"))).isEqualTo("QUEUED");
            assertThat(ClusterHarness.text(c.call("EXEC"))).contains("OK").contains("1");
        }
    }

    @Test
    @Order(5)
    void replicaServesReadsAfterReadonly() {
        int owner = ownerPort("foo".getBytes(StandardCharsets.UTF_8));
        String ownerId = call(owner, "CLUSTER", "MYID");
        String replicaLine = call(owner, "CLUSTER", "REPLICAS", ownerId).replaceAll("^\\[|\\]$", "");
        String addr = replicaLine.split(" ")[1];
        int replica = Integer.parseInt(addr.substring(addr.indexOf(':') + 1, addr.indexOf('@')));
        try (RawClient c = new RawClient(replica)) {
            assertThat(ClusterHarness.text(c.call("GET", "foo"))).isEqualTo("MOVED 12182 127.0.0.1:" + owner);
            assertThat(ClusterHarness.text(c.call("READONLY"))).isEqualTo("OK");
            // CLUSTER REPLICATE started real replication: the replica serves the master's value
            String value = call(owner, "GET", "foo");
            await().atMost(ClusterHarness.WAIT).until(() -> ClusterHarness.text(c.call("GET", "foo")).equals(value));
            assertThat(call(replica, "ROLE")).startsWith("[slave, 127.0.0.1, " + owner + ", connected, ");
            assertThat(ClusterHarness.text(c.call("SET", "foo", "z"))).isEqualTo("MOVED 12182 127.0.0.1:" + owner);
            assertThat(ClusterHarness.text(c.call("READWRITE"))).isEqualTo("OK");
            assertThat(ClusterHarness.text(c.call("GET", "foo"))).isEqualTo("MOVED 12182 127.0.0.1:" + owner);
        }
    }

    @Test
    @Order(6)
    void publishReachesSubscribersOnEveryNode() {
        try (RawClient sub = new RawClient(PORTS.get(5))) {
            sub.call("SUBSCRIBE", "news");
            call(PORTS.get(0), "PUBLISH", "news", "hello");
            assertThat(ClusterHarness.text(sub.read())).contains("message").contains("news").contains("hello");
        }
        int owner = ownerPort("chan".getBytes(StandardCharsets.UTF_8));
        int other = PORTS.stream().filter(p -> p != owner).findFirst().orElseThrow();
        assertThat(call(other, "SPUBLISH", "chan", "x")).startsWith("MOVED " + HashSlot.of("chan".getBytes()));
        try (RawClient sub = new RawClient(owner)) {
            sub.call("SSUBSCRIBE", "chan");
            assertThat(call(owner, "SPUBLISH", "chan", "y")).isEqualTo("1");
            assertThat(ClusterHarness.text(sub.read())).contains("smessage").contains("y");
        }
    }

    /** One key per hash slot (found by trying names), so a workload touches all 16384 slots. */
    private static List<String> keyPerSlot() {
        String[] bySlot = new String[HashSlot.COUNT];
        int found = 0;
        for (int i = 0; found < HashSlot.COUNT; i++) {
            String k = "k" + i;
            int s = HashSlot.of(k.getBytes(StandardCharsets.UTF_8));
            if (bySlot[s] == null) {
                bySlot[s] = k;
                found++;
            }
        }
        return List.of(bySlot);
    }

    @Test
    @Order(7)
    void jedisClusterWorkloadOverAllSlots() {
        List<String> keys = keyPerSlot();
        Set<HostAndPort> seeds = new HashSet<>();
        seeds.add(new HostAndPort("127.0.0.1", PORTS.get(2)));
        try (JedisCluster jc = new JedisCluster(seeds)) {
            for (String k : keys) {
                jc.set(k, "v-" + k);
            }
            for (String k : keys) {
                assertThat(jc.get(k)).isEqualTo("v-" + k);
            }
            assertThat(jc.incr("{k1}counter")).isEqualTo(1);
            assertThat(jc.hset("{k1}hash", Map.of("a", "1", "b", "2"))).isEqualTo(2);
        }
        long total = 0;
        for (int p : PORTS) {
            if (call(p, "CLUSTER", "NODES").contains("myself,master")) {
                total += Long.parseLong(call(p, "DBSIZE"));
            }
        }
        assertThat(total).isGreaterThanOrEqualTo(HashSlot.COUNT);
        for (int slot : new int[] {0, 5460, 5461, 10922, 10923, 16383}) {
            int owner = ownerPort(keys.get(slot).getBytes(StandardCharsets.UTF_8));
            assertThat(call(owner, "CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot))).isEqualTo("1");
            assertThat(call(owner, "CLUSTER", "GETKEYSINSLOT", String.valueOf(slot), "10"))
                .contains(keys.get(slot));
        }
        // the count caps the answer: a slot with five more keys asked for two, zero, and more than it holds
        int owner = ownerPort("{getkeys}".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            assertThat(call(owner, "SET", "{getkeys}" + i, "v")).isEqualTo("OK");
        }
        String slot = call(owner, "CLUSTER", "KEYSLOT", "{getkeys}");
        try (RawClient c = new RawClient(owner)) {
            assertThat(((RespValue.Array) c.call("CLUSTER", "GETKEYSINSLOT", slot, "2")).items()).hasSize(2);
            assertThat(((RespValue.Array) c.call("CLUSTER", "GETKEYSINSLOT", slot, "0")).items()).isEmpty();
            int inSlot = Integer.parseInt(call(owner, "CLUSTER", "COUNTKEYSINSLOT", slot));
            assertThat(inSlot).isGreaterThanOrEqualTo(5);
            assertThat(((RespValue.Array) c.call("CLUSTER", "GETKEYSINSLOT", slot, "100")).items()).hasSize(inSlot);
        }
    }

    @Test
    @Order(8)
    void lettuceClusterClientWorkload() {
        List<String> keys = keyPerSlot();
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", PORTS.get(4)));
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            RedisAdvancedClusterCommands<String, String> cmd = conn.sync();
            assertThat(cmd.clusterSlots()).isNotEmpty();
            Map<String, String> batch = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                batch.put(keys.get(i), "l" + i);
                if (batch.size() == 512) {
                    assertThat(cmd.mset(batch)).isEqualTo("OK");
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                assertThat(cmd.mset(batch)).isEqualTo("OK");
            }
            for (int i = 0; i < keys.size(); i += 97) {
                assertThat(cmd.get(keys.get(i))).isEqualTo("l" + i);
            }
            assertThat(cmd.mget(keys.get(1), keys.get(9000), keys.get(16000))).hasSize(3);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    @Order(9)
    void nodesConfIsWrittenAtomicallyInRedisFormat() throws IOException {
        for (TestNode n : NODES) {
            Path conf = n.dir().resolve("nodes.conf");
            String text = Files.readString(conf, StandardCharsets.ISO_8859_1);
            assertThat(text).endsWith("\n").contains("myself")
                .containsPattern("vars currentEpoch \\d+ lastVoteEpoch 0\n");
            assertThat(text.lines().count()).isEqualTo(7);
            try (var files = Files.list(n.dir())) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".tmp"));
            }
        }
    }

    @Test
    @Order(10)
    void redisCliCallAndSetTimeout() {
        RedisCli.Result callRes = RedisCli.run(PORTS.get(0), "--cluster", "call", "127.0.0.1:" + PORTS.get(0),
            "CLUSTER", "KEYSLOT", "foo");
        assertThat(callRes.exitCode()).isZero();
        assertThat(callRes.stdout().lines().filter(l -> l.endsWith(": 12182"))).hasSize(6);
        RedisCli.Result timeout = RedisCli.run(PORTS.get(0), "--cluster", "set-timeout",
            "127.0.0.1:" + PORTS.get(0), "4000");
        // CONFIG SET applies; the CONFIG REWRITE that follows fails as on a redis-server started without a file
        assertThat(timeout.stdout().lines().filter(l -> l.contains("ERR The server is running without a config file")))
            .hasSize(6);
        for (int p : PORTS) {
            assertThat(call(p, "CONFIG", "GET", "cluster-node-timeout")).isEqualTo("[cluster-node-timeout, 4000]");
        }
        ClusterHarness.awaitAgreement(PORTS, 3);
    }

    @Test
    @Order(11)
    void announcedHostnamesSpreadAndNameTheMovedEndpoint() {
        for (int i = 0; i < PORTS.size(); i++) {
            assertThat(call(PORTS.get(i), "CONFIG", "SET", "cluster-announce-hostname", "node-" + i + ".example"))
                .isEqualTo("OK");
        }
        for (int p : PORTS) {
            await().atMost(ClusterHarness.WAIT).until(() -> call(p, "CLUSTER", "NODES").lines()
                .filter(l -> l.split(" ")[1].contains(",node-")).count() == 6);
        }
        int owner = ownerPort("foo".getBytes(StandardCharsets.UTF_8));
        int other = PORTS.stream().filter(p -> p != owner).findFirst().orElseThrow();
        assertThat(call(other, "CONFIG", "SET", "cluster-preferred-endpoint-type", "hostname")).isEqualTo("OK");
        assertThat(call(other, "GET", "foo"))
            .isEqualTo("MOVED 12182 node-" + PORTS.indexOf(owner) + ".example:" + owner);
        assertThat(call(other, "CONFIG", "SET", "cluster-preferred-endpoint-type", "ip")).isEqualTo("OK");
        assertThat(call(other, "GET", "foo")).isEqualTo("MOVED 12182 127.0.0.1:" + owner);
        for (int p : PORTS) {
            call(p, "CONFIG", "SET", "cluster-announce-hostname", "");
        }
        for (int p : PORTS) {
            await().atMost(ClusterHarness.WAIT).until(() -> !call(p, "CLUSTER", "NODES").contains(",node-"));
        }
    }

    @Test
    @Order(12)
    void askRedirectsWhileASlotIsMigrating() {
        int owner = ownerPort("foo".getBytes(StandardCharsets.UTF_8));
        int target = PORTS.stream().filter(p -> p != owner && call(p, "CLUSTER", "NODES").contains("myself,master"))
            .findFirst().orElseThrow();
        String ownerId = call(owner, "CLUSTER", "MYID");
        String targetId = call(target, "CLUSTER", "MYID");
        assertThat(call(owner, "SET", "foo", "here")).isEqualTo("OK");
        assertThat(call(target, "CLUSTER", "SETSLOT", "12182", "IMPORTING", ownerId)).isEqualTo("OK");
        assertThat(call(owner, "CLUSTER", "SETSLOT", "12182", "MIGRATING", targetId)).isEqualTo("OK");
        try {
            assertThat(call(owner, "GET", "foo")).isEqualTo("here");
            assertThat(call(owner, "GET", "{foo}missing")).isEqualTo("ASK 12182 127.0.0.1:" + target);
            assertThat(call(owner, "MGET", "foo", "{foo}missing"))
                .isEqualTo("TRYAGAIN Multiple keys request during rehashing of slot");
            assertThat(call(target, "GET", "{foo}missing")).isEqualTo("MOVED 12182 127.0.0.1:" + owner);
            try (RawClient c = new RawClient(target)) {
                assertThat(ClusterHarness.text(c.call("ASKING"))).isEqualTo("OK");
                assertThat(c.call("GET", "{foo}missing")).isInstanceOf(io.hashslot.protocol.RespValue.Null.class);
                // ASKING lasts one command
                assertThat(ClusterHarness.text(c.call("GET", "{foo}missing")))
                    .isEqualTo("MOVED 12182 127.0.0.1:" + owner);
            }
            assertThat(call(owner, "CLUSTER", "NODES")).contains("[12182->-" + targetId + "]");
            assertThat(call(target, "CLUSTER", "NODES")).contains("[12182-<-" + ownerId + "]");
        } finally {
            assertThat(call(owner, "CLUSTER", "SETSLOT", "12182", "STABLE")).isEqualTo("OK");
            assertThat(call(target, "CLUSTER", "SETSLOT", "12182", "STABLE")).isEqualTo("OK");
        }
        assertThat(call(owner, "GET", "{foo}missing")).isNotEqualTo("ASK 12182 127.0.0.1:" + target);
    }

    @Test
    @Order(13)
    void scriptsOnlyTouchLocalKeysOfOneSlot() {
        int owner = ownerPort("foo".getBytes(StandardCharsets.UTF_8));
        String sameNode = null;
        String otherNode = null;
        for (int i = 0; sameNode == null || otherNode == null; i++) {
            String k = "s" + i;
            int port = ownerPort(k.getBytes(StandardCharsets.UTF_8));
            if (port == owner && HashSlot.of(k.getBytes(StandardCharsets.UTF_8)) != 12182) {
                sameNode = sameNode == null ? k : sameNode;
            } else if (port != owner) {
                otherNode = otherNode == null ? k : otherNode;
            }
        }
        String twoSlots = "redis.call('set', KEYS[1], '1'); return redis.call('set', ARGV[1], '2')";
        // without a shebang (compatibility mode) keys of several local slots are fine
        assertThat(call(owner, "EVAL", twoSlots, "1", "foo", sameNode)).isEqualTo("OK");
        assertThat(call(owner, "EVAL", "#!lua\n" + twoSlots, "1", "foo", sameNode))
            .startsWith("ERR Script attempted to access keys that do not hash to the same slot script: ");
        assertThat(call(owner, "EVAL", "#!lua flags=allow-cross-slot-keys\n" + twoSlots, "1", "foo", sameNode))
            .isEqualTo("OK");
        assertThat(call(owner, "EVAL", twoSlots, "1", "foo", otherNode))
            .startsWith("ERR Script attempted to access a non local key in a cluster node script: ");
    }

    @Test
    @Order(14)
    void linksSaveconfigAndFailureReports() {
        for (int p : PORTS) {
            try (RawClient c = new RawClient(p)) {
                io.hashslot.protocol.RespValue links = c.call("CLUSTER", "LINKS");
                List<io.hashslot.protocol.RespValue> items = ((io.hashslot.protocol.RespValue.Array) links).items();
                // one outbound and one inbound link to each of the 5 other nodes
                assertThat(items).hasSize(10);
                String all = ClusterHarness.text(links);
                assertThat(all).contains("direction, to").contains("direction, from").contains("create-time")
                    .contains("events").contains("send-buffer-allocated").contains("send-buffer-used");
            }
            assertThat(call(p, "CLUSTER", "SAVECONFIG")).isEqualTo("OK");
            String someone = call(PORTS.get((PORTS.indexOf(p) + 1) % PORTS.size()), "CLUSTER", "MYID");
            assertThat(call(p, "CLUSTER", "COUNT-FAILURE-REPORTS", someone)).isEqualTo("0");
        }
    }

    @Test
    @Order(100)
    void restartedNodesComeBackFromNodesConf() {
        Map<Integer, String> ids = new LinkedHashMap<>();
        for (int p : PORTS) {
            ids.put(p, call(p, "CLUSTER", "MYID"));
        }
        List<String> before = ClusterHarness.topology(PORTS.get(0));
        List<Path> dirs = new ArrayList<>();
        for (TestNode n : NODES) {
            dirs.add(n.dir());
            n.stopKeepingFiles();
        }
        NODES.clear();
        for (int i = 0; i < dirs.size(); i++) {
            NODES.add(TestNode.startIn(dirs.get(i), ClusterHarness.clusterDirectives("port",
                String.valueOf(PORTS.get(i)))));
        }
        ClusterHarness.awaitAgreement(PORTS, 3);
        for (int p : PORTS) {
            assertThat(call(p, "CLUSTER", "MYID")).isEqualTo(ids.get(p));
            assertThat(ClusterHarness.topology(p)).isEqualTo(before);
        }
        assertThat(NODES.get(0).log()).contains("Node configuration loaded, I'm " + ids.get(PORTS.get(0)));
        await().atMost(ClusterHarness.WAIT).until(() -> RedisCli.run(PORTS.get(0), "--cluster", "check",
            "127.0.0.1:" + PORTS.get(0)).stdout().contains("[OK] All 16384 slots covered."));
    }
}
