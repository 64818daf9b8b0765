package io.hashslot.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.cluster.bus.BusCodec;
import io.hashslot.cluster.bus.BusMessage;
import io.hashslot.cluster.bus.DecodeResult;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.ClusterSettings;
import io.hashslot.cluster.core.KnownNode;
import io.hashslot.cluster.view.ClusterNodesText;
import io.hashslot.testkit.FreePorts;
import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster core on real sockets against a real redis-server 7.0: the frames Redis sends decode and re-encode
 * byte for byte, Redis accepts our PONGs and PINGs (its CLUSTER NODES shows us connected), slots and epochs flow
 * both ways, and a config epoch collision resolves the way Redis resolves it.
 */
class RealRedisBusTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void needsRedis() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
    }

    private static RealRedis startReal() {
        return RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "2000");
    }

    /** A command's reply as text (simple string, error, bulk or integer). */
    static String call(RealRedis r, String... args) {
        try (RawClient c = new RawClient(r.port())) {
            RespValue v = c.call(args);
            if (v instanceof RespValue.Simple s) {
                return s.text();
            } else if (v instanceof RespValue.Error e) {
                return e.text();
            } else if (v instanceof RespValue.Bulk b) {
                return b.text();
            } else if (v instanceof RespValue.Int i) {
                return String.valueOf(i.value());
            }
            return v.toString();
        }
    }

    static String nodesOf(RealRedis r) {
        return call(r, "CLUSTER", "NODES");
    }

    /** Waits for a condition; on timeout fails with both nodes' views and our log. */
    private static void waitFor(RealRedis real, BusSocketDriver ours, java.util.concurrent.Callable<Boolean> cond) {
        try {
            await().atMost(WAIT).until(cond);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("real node:\n" + nodesOf(real) + "\nours:\n"
                + ours.call(c -> ClusterNodesText.nodes(c, 0, false)) + "\nour log:\n"
                + String.join("\n", ours.logLines()) + "\nreal log:\n" + real.log(), e);
        }
    }

    private static BusSocketDriver startOurs(long seed) {
        int port = FreePorts.find();
        return BusSocketDriver.start(ClusterSettings.defaults(port).withNodeTimeout(2000), seed);
    }

    @Test
    void realNodeMeetsUsAndAcceptsOurPong() {
        try (RealRedis real = startReal(); BusSocketDriver ours = startOurs(1)) {
            String ourName = ours.call(c -> c.myself().name());
            int ourPort = ours.call(c -> c.settings().port());
            assertThat(call(real, "CLUSTER", "MEET", "127.0.0.1", String.valueOf(ourPort))).contains("OK");
            waitFor(real, ours, () -> nodesOf(real).contains(ourName + " 127.0.0.1:" + ourPort + "@"
                + (ourPort + 10000) + " master - "));
            waitFor(real, ours, () -> nodesOf(real).lines().anyMatch(l -> l.startsWith(ourName)
                && l.endsWith(" connected")));
            String realName = call(real, "CLUSTER", "MYID");
            waitFor(real, ours, () -> ours.call(c -> c.lookup(realName) != null
                && !c.lookup(realName).inHandshake() && c.lookup(realName).hasLink()));
            String ourIp = ours.call(c -> c.myself().ip());
            assertThat(ourIp).isEqualTo("127.0.0.1");
            // Every frame the real node sent us re-encodes to the same bytes; the first one was its MEET.
            List<byte[]> frames = ours.receivedFrames();
            assertThat(frames).isNotEmpty();
            BusMessage first = ((DecodeResult.Decoded) BusCodec.decode(frames.get(0))).message();
            assertThat(first.type()).isEqualTo(MessageType.MEET);
            assertThat(first.header().sender()).isEqualTo(realName);
            for (byte[] f : frames) {
                DecodeResult r = BusCodec.decode(f);
                assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
                assertThat(BusCodec.encode(((DecodeResult.Decoded) r).message())).isEqualTo(f);
            }
        }
    }

    @Test
    void weMeetTheRealNodeAndSlotsFlowBothWays() {
        try (RealRedis real = startReal(); BusSocketDriver ours = startOurs(2)) {
            assertThat(call(real, "CLUSTER", "SET-CONFIG-EPOCH", "1")).contains("OK");
            assertThat(call(real, "CLUSTER", "ADDSLOTSRANGE", "0", "8191")).contains("OK");
            ours.call(c -> c.operator().setConfigEpoch("2"));
            ours.call(c -> c.operator().addSlotsRange(List.of("8192", "16383"), false));
            String ourName = ours.call(c -> c.myself().name());
            String realName = call(real, "CLUSTER", "MYID");
            ours.call(c -> c.operator().meet("127.0.0.1", String.valueOf(real.port()), null,
                System.currentTimeMillis()));
            waitFor(real, ours, () -> call(real, "CLUSTER", "INFO").contains("cluster_state:ok"));
            waitFor(real, ours, () -> ours.call(ClusterNode::stateOk));
            assertThat(nodesOf(real)).contains(ourName + " 127.0.0.1:").contains(" master - ")
                .contains(" 2 connected 8192-16383");
            String ourView = ours.call(c -> ClusterNodesText.nodes(c, 0, false));
            assertThat(ourView).containsPattern(realName + " 127\\.0\\.0\\.1:" + real.port() + "@"
                + (real.port() + 10000) + " master - 0 \\d+ 1 connected 0-8191\n");
            assertThat(ourView).contains(" myself,master - 0 0 2 connected 8192-16383\n");
            assertThat(call(real, "CLUSTER", "INFO")).contains("cluster_current_epoch:2");
            // CLUSTER INFO: the same fields in the same order, the same values but for my epoch and message counts
            List<String> realInfo = call(real, "CLUSTER", "INFO").lines().toList();
            List<String> ourInfo = ours.call(io.hashslot.cluster.view.ClusterInfoText::info).lines().toList();
            assertThat(ourInfo.stream().map(l -> l.substring(0, l.indexOf(':'))).filter(k -> !k.contains("stats"))
                .toList()).isEqualTo(realInfo.stream().map(l -> l.substring(0, l.indexOf(':')))
                    .filter(k -> !k.contains("stats")).toList());
            assertThat(ourInfo.subList(0, 8)).isEqualTo(realInfo.subList(0, 8));
            assertThat(ourInfo.get(8)).isEqualTo("cluster_my_epoch:2");
            assertThat(realInfo.get(8)).isEqualTo("cluster_my_epoch:1");
            assertThat(ourInfo).anyMatch(l -> l.startsWith("cluster_stats_messages_meet_sent:1"));
            assertThat(realInfo).anyMatch(l -> l.startsWith("cluster_stats_messages_meet_received:1"));
            long ourCurrent = ours.call(ClusterNode::currentEpoch);
            assertThat(ourCurrent).isEqualTo(2);
            // the real node redirects keys of our slots to us
            try (RawClient c = new RawClient(real.port())) {
                int ourPort = ours.call(n -> n.settings().port());
                assertThat(c.callRawString("GET", "foo")).isEqualTo("-MOVED 12182 127.0.0.1:" + ourPort + "\r\n");
            }
        }
    }

    @Test
    void configEpochCollisionMovesTheSmallerName() {
        try (RealRedis real = startReal(); BusSocketDriver ours = startOurs(3)) {
            String realName = call(real, "CLUSTER", "MYID");
            String ourName = ours.call(c -> c.myself().name());
            ours.call(c -> c.operator().meet("127.0.0.1", String.valueOf(real.port()), null,
                System.currentTimeMillis()));
            waitFor(real, ours, () -> ours.call(c -> c.lookup(realName) != null
                && !c.lookup(realName).inHandshake()));
            // Both start at config epoch 0: the node with the smaller name takes a new epoch, the other never moves.
            waitFor(real, ours, () -> ours.call(c -> {
                KnownNode r = c.lookup(realName);
                return r.configEpoch() != c.myself().configEpoch();
            }));
            long ourEpoch = ours.call(c -> c.myself().configEpoch());
            long realEpoch = ours.call(c -> c.lookup(realName).configEpoch());
            if (ourName.compareTo(realName) < 0) {
                assertThat(ourEpoch).isEqualTo(1);
                assertThat(realEpoch).isZero();
            } else {
                assertThat(realEpoch).isEqualTo(1);
                assertThat(ourEpoch).isZero();
            }
            waitFor(real, ours, () -> call(real, "CLUSTER", "INFO").contains("cluster_current_epoch:1"));
        }
    }
}
