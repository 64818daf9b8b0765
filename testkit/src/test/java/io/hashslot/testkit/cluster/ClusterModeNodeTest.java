package io.hashslot.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashslot.testkit.FreePorts;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TempDirs;
import io.hashslot.testkit.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One node in cluster mode: its first start (new id, nodes.conf), refusal to start on a corrupt or locked
 * nodes.conf, and the replies of the CLUSTER commands and cluster-mode checks compared byte for byte with a real
 * redis-server 7.0 started the same way.
 */
class ClusterModeNodeTest {

    @Test
    void firstStartCreatesAnIdAndNodesConf() throws IOException {
        try (TestNode n = ClusterHarness.startNode()) {
            String id = ClusterHarness.call(n.port(), "CLUSTER", "MYID");
            assertThat(id).matches("[0-9a-f]{40}");
            assertThat(n.log()).contains("No cluster configuration found, I'm " + id);
            String conf = Files.readString(n.dir().resolve("nodes.conf"), StandardCharsets.ISO_8859_1);
            // as redis-server, the first save happens before the ports are known
            assertThat(conf).isEqualTo(id + " :0@0 myself,master - 0 0 0 connected\n"
                + "vars currentEpoch 0 lastVoteEpoch 0\n");
            assertThat(ClusterHarness.call(n.port(), "CLUSTER", "NODES"))
                .startsWith(id + " :" + n.port() + "@" + (n.port() + 10000) + " myself,master - 0 0 0 connected");
            assertThat(ClusterHarness.call(n.port(), "CLUSTER", "INFO")).startsWith("cluster_state:fail\r\n");
        }
    }

    @Test
    void corruptNodesConfStopsStartupNamingTheLine() throws IOException {
        Path dir = Files.createTempDirectory("hashslot-corrupt-");
        try {
            Files.writeString(dir.resolve("nodes.conf"), "vars currentEpoch 0 lastVoteEpoch 0\n"
                + "not-a-node-line 127.0.0.1:1@2 myself,master - 0 0 0 connected\n");
            assertThatThrownBy(() -> TestNode.startIn(dir, ClusterHarness.clusterDirectives()))
                .isInstanceOf(java.io.UncheckedIOException.class);
            String log = Files.readString(dir.resolve("node.log"));
            assertThat(log).contains("Unrecoverable error: corrupted cluster config file (line 2:");
            assertThat(log).doesNotContain("Ready to accept connections");
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    @Test
    void secondNodeOnTheSameNodesConfIsRefused() throws IOException {
        try (TestNode first = ClusterHarness.startNode()) {
            int port = FreePorts.find();
            assertThatThrownBy(() -> TestNode.startIn(first.dir(), ClusterHarness.clusterDirectives("port",
                String.valueOf(port), "logfile", first.dir().resolve("second.log").toString())))
                .isInstanceOf(java.io.UncheckedIOException.class);
            assertThat(Files.readString(first.dir().resolve("second.log")))
                .contains("Sorry, the cluster configuration file nodes.conf is already used by a different Redis "
                    + "Cluster node.");
            assertThat(ClusterHarness.call(first.port(), "PING")).isEqualTo("PONG");
        }
    }

    /** As redis-server: a taken bus port (port + 10000) stops the start with the two log lines saying why. */
    @Test
    void busPortInUseStopsStartupWithRedisLogLines() throws IOException {
        Path dir = Files.createTempDirectory("hashslot-busport-");
        try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int bus = taken.getLocalPort();
            Assumptions.assumeTrue(bus > 11024, "no client port below the taken one");
            int port = bus - 10000;
            assertThatThrownBy(() -> TestNode.startIn(dir, ClusterHarness.clusterDirectives("port",
                String.valueOf(port)))).isInstanceOf(java.io.UncheckedIOException.class);
            String log = Files.readString(dir.resolve("node.log"));
            assertThat(log).contains("# Warning: Could not create server TCP listening socket 127.0.0.1:" + bus + ": ",
                "# Failed listening on port " + bus + " (cluster), aborting.\n");
            assertThat(log).doesNotContain("Ready to accept connections");
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    /** Commands whose replies do not depend on node ids, sent in order to a fresh cluster-mode node. */
    private static final List<List<String>> SCRIPT = List.of(
        List.of("CLUSTER", "KEYSLOT", "foo"),
        List.of("CLUSTER", "KEYSLOT", "{user1000}.following"),
        List.of("CLUSTER", "COUNTKEYSINSLOT", "abc"),
        List.of("CLUSTER", "COUNTKEYSINSLOT", "16384"),
        List.of("CLUSTER", "COUNTKEYSINSLOT", "100"),
        List.of("CLUSTER", "GETKEYSINSLOT", "0", "-1"),
        List.of("CLUSTER", "GETKEYSINSLOT", "x", "1"),
        List.of("CLUSTER", "GETKEYSINSLOT", "0", "5"),
        List.of("SELECT", "1"),
        List.of("SELECT", "0"),
        List.of("GET", "foo"),
        List.of("MSET", "a", "1", "b", "2"),
        List.of("PING"),
        List.of("CLUSTER", "FORGET", "abc"),
        List.of("CLUSTER", "REPLICATE", "abc"),
        List.of("CLUSTER", "COUNT-FAILURE-REPORTS", "abc"),
        List.of("CLUSTER", "REPLICAS", "abc"),
        List.of("CLUSTER", "ADDSLOTS", "16384"),
        List.of("CLUSTER", "ADDSLOTS", "x"),
        List.of("CLUSTER", "ADDSLOTS", "5", "5"),
        List.of("CLUSTER", "ADDSLOTSRANGE", "1"),
        List.of("CLUSTER", "ADDSLOTSRANGE", "10", "5"),
        List.of("CLUSTER", "DELSLOTS", "5"),
        List.of("CLUSTER", "DELSLOTSRANGE", "5", "6"),
        List.of("CLUSTER", "SETSLOT", "x", "stable"),
        List.of("CLUSTER", "SETSLOT", "1", "foo"),
        List.of("CLUSTER", "SETSLOT", "1", "node", "abc"),
        List.of("CLUSTER", "RESET", "foo"),
        List.of("CLUSTER", "RESET", "soft", "x"),
        List.of("CLUSTER", "MEET", "1.2.3.4", "x"),
        List.of("CLUSTER", "MEET", "1.2.3.4", "10", "y"),
        List.of("CLUSTER", "MEET", "nonsense", "10"),
        List.of("CLUSTER", "SET-CONFIG-EPOCH", "-1"),
        List.of("CLUSTER", "SET-CONFIG-EPOCH", "x"),
        List.of("CLUSTER", "SLOTS"),
        List.of("CLUSTER", "NOSUCH"),
        List.of("CLUSTER", "ADDSLOTS", "0", "1", "2"),
        List.of("CLUSTER", "COUNTKEYSINSLOT", "0"),
        List.of("EVAL", "return redis.call('get','foo')", "0"),
        List.of("EVAL", "return redis.call('get',KEYS[1])", "1", "foo"),
        List.of("EVAL", "return redis.call('get','06S')", "0"),
        List.of("EVAL", "return redis.pcall('set','06S','x')", "0"),
        List.of("EVAL", "#!lua\nreturn redis.call('get','foo')", "0"),
        List.of("CLUSTER", "BUMPEPOCH"),
        List.of("CLUSTER", "BUMPEPOCH"),
        List.of("CLUSTER", "SET-CONFIG-EPOCH", "5"),
        List.of("CLUSTER", "FLUSHSLOTS"),
        List.of("CLUSTER", "DELSLOTS", "0"),
        List.of("READONLY"),
        List.of("READWRITE"),
        List.of("ASKING"),
        List.of("INFO", "cluster"),
        List.of("CONFIG", "GET", "cluster-node-timeout"),
        List.of("CONFIG", "GET", "cluster-allow-reads-when-down"),
        List.of("MOVE", "a", "1"),
        List.of("SWAPDB", "0", "1"));

    private static String run(RawClient c, List<String> cmd) {
        return new String(c.callRaw(RawClient.args(cmd.toArray(new String[0]))), StandardCharsets.ISO_8859_1);
    }

    @Test
    void clusterCommandRepliesMatchRealRedis() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (RealRedis real = RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "3000");
             TestNode ours = ClusterHarness.startNode();
             RawClient r = new RawClient(real.port());
             RawClient o = new RawClient(ours.port())) {
            for (List<String> cmd : SCRIPT) {
                assertThat(run(o, cmd)).as(String.join(" ", cmd)).isEqualTo(run(r, cmd));
            }
        }
    }

    @Test
    void clusterOnlyCommandsOnAStandaloneNodeMatchRealRedis() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<List<String>> script = List.of(List.of("READONLY"), List.of("READWRITE"), List.of("ASKING"),
            List.of("CLUSTER", "NODES"), List.of("CLUSTER", "INFO"), List.of("INFO", "cluster"));
        try (RealRedis real = RealRedis.start();
             TestNode ours = TestNode.start();
             RawClient r = new RawClient(real.port());
             RawClient o = new RawClient(ours.port())) {
            for (List<String> cmd : script) {
                assertThat(run(o, cmd)).as(String.join(" ", cmd)).isEqualTo(run(r, cmd));
            }
        }
    }
}
