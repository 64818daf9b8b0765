package io.hashslot.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.cluster.conf.NodesConf;
import io.hashslot.cluster.conf.NodesConfException;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.ClusterSettings;
import io.hashslot.cluster.core.DataProbe;
import io.hashslot.cluster.core.KnownNode;
import io.hashslot.cluster.view.ClusterNodesText;
import io.hashslot.testkit.FreePorts;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real 6-node Redis 7.0 cluster built with {@code redis-cli --cluster create --cluster-replicas 1}: the core
 * loads every nodes.conf it wrote (and writes them back the same), and joins the cluster through one CLUSTER MEET,
 * learning the same topology the real nodes report.
 */
class RealClusterTest {
    private static final List<RealRedis> NODES = new ArrayList<>();

    @BeforeAll
    static void createCluster() {
        Assumptions.assumeTrue(RealRedis.available() && RedisCli.available(), RealRedis.unavailableMessage());
        List<String> addrs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RealRedis r = RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "3000");
            NODES.add(r);
            addrs.add("127.0.0.1:" + r.port());
        }
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        args.addAll(addrs);
        args.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        RedisCli.Result res = RedisCli.run(NODES.get(0).port(), args.toArray(new String[0]));
        assertThat(res.exitCode()).as(res.stdout() + res.stderr()).isZero();
        for (RealRedis r : NODES) {
            await().atMost(Duration.ofSeconds(30)).until(() -> RealRedisBusTest.call(r, "CLUSTER", "INFO")
                .contains("cluster_state:ok") && !RealRedisBusTest.nodesOf(r).contains("handshake")
                && RealRedisBusTest.nodesOf(r).lines().count() == 6);
        }
        // wait until every node sees every replica attached (the replicas' PINGs carry their role)
        for (RealRedis r : NODES) {
            await().atMost(Duration.ofSeconds(30)).until(() -> RealRedisBusTest.nodesOf(r).lines()
                .filter(l -> l.contains("slave")).count() == 3);
        }
    }

    @AfterAll
    static void stop() {
        NODES.forEach(RealRedis::close);
        NODES.clear();
    }

    /** Lines keyed by node id, with what a restart changes blanked (times, link state). */
    private static Map<String, String> normalized(String text) {
        Map<String, String> out = new HashMap<>();
        for (String l : text.lines().filter(x -> !x.startsWith("vars")).collect(Collectors.toList())) {
            String[] f = l.split(" ");
            f[4] = f[4].equals("0") ? "0" : "T";
            f[5] = f[5].equals("0") ? "0" : "T";
            f[7] = "L";
            out.put(f[0], String.join(" ", f));
        }
        return out;
    }

    @Test
    void loadsEveryNodesConfTheClusterWrote() throws IOException, NodesConfException {
        for (RealRedis r : NODES) {
            RealRedisBusTest.call(r, "CLUSTER", "SAVECONFIG");
            String file = Files.readString(r.dir().resolve("nodes.conf"), StandardCharsets.ISO_8859_1);
            ClusterNode c = ClusterNode.fromConfig(NodesConf.parse(file), ClusterSettings.defaults(r.port()),
                new SplittableRandom(1), DataProbe.EMPTY, 1_800_000_000_000L);
            String ours = NodesConf.render(c);
            assertThat(normalized(ours)).isEqualTo(normalized(file));
            assertThat(ours.lines().filter(l -> l.startsWith("vars"))).containsExactlyElementsOf(
                file.lines().filter(l -> l.startsWith("vars")).toList());
            assertThat(c.myself().name()).isEqualTo(RealRedisBusTest.call(r, "CLUSTER", "MYID"));
        }
    }

    @Test
    void ourNodeJoinsAndSeesWhatTheRealNodesSee() {
        int port = FreePorts.find();
        try (BusSocketDriver ours = BusSocketDriver.start(ClusterSettings.defaults(port).withNodeTimeout(3000), 7)) {
            RealRedis first = NODES.get(0);
            ours.call(c -> c.operator().meet("127.0.0.1", String.valueOf(first.port()), null,
                System.currentTimeMillis()));
            String ourName = ours.call(c -> c.myself().name());
            await().atMost(Duration.ofSeconds(30)).until(() -> ours.call(c -> c.knownNodes() == 7
                && c.nodes().stream().noneMatch(KnownNode::inHandshake)
                && c.nodes().stream().filter(KnownNode::isReplica).count() == 3 && c.stateOk()));
            for (RealRedis r : NODES) {
                await().atMost(Duration.ofSeconds(30)).until(() -> RealRedisBusTest.nodesOf(r).contains(ourName));
            }
            Map<String, String> real = comparable(RealRedisBusTest.nodesOf(first));
            Map<String, String> seen = comparable(ours.call(c -> ClusterNodesText.nodes(c, 0, false)));
            real.remove(ourName);
            seen.remove(ourName);
            String firstName = RealRedisBusTest.call(first, "CLUSTER", "MYID");
            real.remove(firstName);
            seen.remove(firstName);
            assertThat(seen).isEqualTo(real);
            String info = ours.call(io.hashslot.cluster.view.ClusterInfoText::info);
            assertThat(info).startsWith("cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n"
                + "cluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:7\r\ncluster_size:3\r\n");
            String realInfo = RealRedisBusTest.call(first, "CLUSTER", "INFO");
            String epochLine = realInfo.lines().filter(l -> l.startsWith("cluster_current_epoch")).findFirst()
                .orElseThrow();
            assertThat(info).contains(epochLine + "\r\n");
        }
    }

    /** Id → "address flags master epoch slots" (no times, no link state, no myself marker). */
    private static Map<String, String> comparable(String nodes) {
        Map<String, String> out = new HashMap<>();
        for (String l : nodes.lines().toList()) {
            String[] f = l.split(" ");
            List<String> keep = new ArrayList<>(List.of(f[1], f[2].replace("myself,", ""), f[3], f[6]));
            for (int i = 8; i < f.length; i++) {
                keep.add(f[i]);
            }
            out.put(f[0], String.join(" ", keep));
        }
        return out;
    }
}
