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
import io.hashslot.cluster.view.ReplyValue;
import io.hashslot.protocol.RespValue;
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
import java.util.Set;
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

    /** Makes the real cluster forget a node of ours that a test added (so the next test starts clean). */
    private static void forgetEverywhere(String name) {
        for (RealRedis r : NODES) {
            RealRedisBusTest.call(r, "CLUSTER", "FORGET", name);
        }
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
            forgetEverywhere(ourName);
        }
    }

    @Test
    void slotsAndShardsRepliesMatchTheRealNodes() {
        int port = FreePorts.find();
        try (BusSocketDriver ours = BusSocketDriver.start(ClusterSettings.defaults(port).withNodeTimeout(3000), 8)) {
            RealRedis first = NODES.get(0);
            ours.call(c -> c.operator().meet("127.0.0.1", String.valueOf(first.port()), null,
                System.currentTimeMillis()));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> ours.call(c -> c.knownNodes() == 7
                    && c.nodes().stream().filter(KnownNode::isReplica).count() == 3 && c.stateOk()
                    && c.nodes().stream().filter(KnownNode::isReplica).allMatch(n -> n.replOffset() != 0)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(ours.call(c -> ClusterNodesText.nodes(c, 0, false) + c.stateOk() + " "
                    + c.nodes().stream().map(n -> n.name() + "=" + n.replOffset()).toList()), e);
            }
            String ourName = ours.call(c -> c.myself().name());
            // CLUSTER SLOTS: same ranges, masters and available replicas (the real node lists the same nodes)
            await().atMost(Duration.ofSeconds(30)).until(() -> show(rawCall(first, "CLUSTER", "SLOTS")).equals(
                showOurs(ours.call(c -> io.hashslot.cluster.view.ClusterSlotsReply.slots(c, false)))));
            // CLUSTER SHARDS: one map per master, the same nodes with the same fields (offsets blanked; our own
            // slot-less shard is not in the real node's reply until it learns about us, so compare the others)
            Set<String> real = shardSet(show(rawCall(first, "CLUSTER", "SHARDS")), ourName);
            Set<String> seen = shardSet(showOurs(ours.call(io.hashslot.cluster.view.ClusterSlotsReply::shards)),
                ourName);
            assertThat(seen).isEqualTo(real);
            forgetEverywhere(ourName);
        }
    }

    private static RespValue rawCall(RealRedis r, String... args) {
        try (io.hashslot.testkit.RawClient c = new io.hashslot.testkit.RawClient(r.port())) {
            return c.call(args);
        }
    }

    /** A reply as text: arrays [..], maps {k: v}, bulks quoted, integers bare. */
    static String show(RespValue v) {
        if (v instanceof RespValue.Int i) {
            return String.valueOf(i.value());
        } else if (v instanceof RespValue.Bulk b) {
            return '"' + b.text() + '"';
        } else if (v instanceof RespValue.Null) {
            return "null";
        } else if (v instanceof RespValue.Array a) {
            return a.items().stream().map(RealClusterTest::show).collect(Collectors.joining(", ", "[", "]"));
        } else if (v instanceof RespValue.MapValue m) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < m.items().size(); i += 2) {
                sb.append(i == 0 ? "" : ", ").append(show(m.items().get(i))).append(": ")
                    .append(show(m.items().get(i + 1)));
            }
            return sb.append('}').toString();
        }
        return v.toString();
    }

    /** Our reply tree in the same text form, with maps shown as flat arrays as RESP2 sends them. */
    static String showOurs(ReplyValue v) {
        if (v instanceof ReplyValue.Int i) {
            return String.valueOf(i.value());
        } else if (v instanceof ReplyValue.Bulk b) {
            return '"' + b.value() + '"';
        } else if (v instanceof ReplyValue.Null) {
            return "null";
        } else if (v instanceof ReplyValue.Array a) {
            return a.items().stream().map(RealClusterTest::showOurs).collect(Collectors.joining(", ", "[", "]"));
        }
        return ((ReplyValue.MapValue) v).keysAndValues().stream().map(RealClusterTest::showOurs)
            .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Shards as a set of texts, offsets blanked, without the shard of {@code skip}. */
    private static Set<String> shardSet(String shards, String skip) {
        String body = shards.substring(1, shards.length() - 1);
        Set<String> out = new java.util.TreeSet<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(body.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (!body.isBlank()) {
            out.add(body.substring(start).trim());
        }
        Set<String> cleaned = new java.util.TreeSet<>();
        for (String shard : out) {
            if (!shard.contains(skip)) {
                cleaned.add(shard.replaceAll("\"replication-offset\", \\d+", "\"replication-offset\", N"));
            }
        }
        return cleaned;
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
