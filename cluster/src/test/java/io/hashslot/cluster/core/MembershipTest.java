package io.hashslot.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.bus.BusCodec;
import io.hashslot.cluster.bus.BusLayout;
import io.hashslot.cluster.bus.BusMessage;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.view.ClusterInfoText;
import io.hashslot.common.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FORGET and its blacklist, RESET, REPLICATE, failure detection, pub/sub propagation, statistics, odd frames. */
class MembershipTest {
    static final long T0 = 1_700_000_000_000L;

    static MiniNet meshOf(int n) {
        MiniNet net = new MiniNet(T0);
        for (int i = 0; i < n; i++) {
            net.addFresh(30001 + i, 100 + i);
        }
        for (int i = 1; i < n; i++) {
            net.meet(net.nodes.get(0), net.nodes.get(i));
        }
        net.run(5000);
        for (ClusterNode c : net.nodes) {
            assertThat(c.knownNodes()).isEqualTo(n);
        }
        return net;
    }

    @Test
    void forgetKeepsGossipFromReaddingTheNodeForSixtySeconds() {
        MiniNet net = meshOf(3);
        ClusterNode a = net.nodes.get(0);
        ClusterNode c = net.nodes.get(2);
        String cName = c.myself().name();
        assertThat(a.operator().forget(cName, net.now)).isEqualTo(OpResult.OK);
        assertThat(a.knownNodes()).isEqualTo(2);
        assertThat(a.blacklisted(cName, net.now)).isTrue();
        net.run(30_000);
        assertThat(a.lookup(cName)).isNull();
        net.run(35_000);
        // after the 60 s blacklist, b's gossip (or c's MEET-less PINGs) bring c back
        assertThat(a.lookup(cName)).isNotNull();
        assertThat(a.operator().forget(a.myself().name(), net.now).error())
            .isEqualTo("ERR I tried hard but I can't forget myself...");
        assertThat(a.operator().forget("f".repeat(40), net.now).error())
            .isEqualTo("ERR Unknown node " + "f".repeat(40));
    }

    @Test
    void replicateAndItsRules() {
        MiniNet net = meshOf(2);
        ClusterNode a = net.nodes.get(0);
        ClusterNode b = net.nodes.get(1);
        String bName = b.myself().name();
        assertThat(a.operator().replicate("x").error()).isEqualTo("ERR Unknown node x");
        assertThat(a.operator().replicate(a.myself().name()).error()).isEqualTo("ERR Can't replicate myself");
        a.operator().addSlots(List.of("1"), false);
        assertThat(a.operator().replicate(bName).error())
            .isEqualTo("ERR To set a master the node must be empty and without assigned slots.");
        a.operator().addSlots(List.of("1"), true);
        assertThat(a.operator().replicate(bName)).isEqualTo(OpResult.OK);
        List<ClusterAction> actions = a.takeActions();
        assertThat(actions).contains(new ClusterAction.ReplicateFrom(bName, "127.0.0.1", 30002));
        assertThat(a.myself().isReplica()).isTrue();
        assertThat(a.operator().forget(bName, net.now).error()).isEqualTo("ERR Can't forget my master!");
        net.run(2000);
        KnownNode aInB = b.lookup(a.myself().name());
        assertThat(aInB.isReplica()).isTrue();
        assertThat(aInB.master()).isSameAs(b.myself());
        assertThat(b.operator().replicate(a.myself().name()).error())
            .isEqualTo("ERR I can only replicate a master, not a replica.");
        assertThat(a.operator().setSlot("1", List.of("STABLE"), net.now).error())
            .isEqualTo("ERR Please use SETSLOT only with masters.");
    }

    @Test
    void resetSoftAndHard() {
        MiniNet net = meshOf(3);
        ClusterNode a = net.nodes.get(0);
        a.operator().addSlots(List.of("1", "2"), false);
        a.operator().bumpEpoch();
        String oldName = a.myself().name();
        assertThat(a.operator().reset("bogus", 0, net.now).error()).isEqualTo("ERR syntax error");
        assertThat(a.operator().reset(null, 5, net.now).error())
            .isEqualTo("ERR CLUSTER RESET can't be called with master nodes containing keys");
        assertThat(a.operator().reset("soft", 0, net.now)).isEqualTo(OpResult.OK);
        assertThat(a.knownNodes()).isEqualTo(1);
        assertThat(a.myself().numSlots()).isZero();
        assertThat(a.myself().name()).isEqualTo(oldName);
        assertThat(a.currentEpoch()).isNotZero();
        assertThat(Nodes.of(a.takeActions(), ClusterAction.CloseLink.class)).isNotEmpty();
        assertThat(a.operator().reset("HARD", 0, net.now)).isEqualTo(OpResult.OK);
        assertThat(a.myself().name()).isNotEqualTo(oldName);
        assertThat(a.lookup(a.myself().name())).isSameAs(a.myself());
        assertThat(a.currentEpoch()).isZero();
        assertThat(a.myself().configEpoch()).isZero();
        a.beforeSleep(net.now);
        List<ClusterAction.SaveConfig> saves = Nodes.of(a.takeActions(), ClusterAction.SaveConfig.class);
        assertThat(saves).singleElement().satisfies(s -> assertThat(s.fsync()).isTrue());
    }

    @Test
    void resetOfAReplicaStopsReplicationAndFlushes() {
        MiniNet net = meshOf(2);
        ClusterNode a = net.nodes.get(0);
        a.operator().replicate(net.nodes.get(1).myself().name());
        a.takeActions();
        assertThat(a.operator().reset(null, 99, net.now)).isEqualTo(OpResult.OK);
        List<ClusterAction> actions = a.takeActions();
        assertThat(actions).contains(new ClusterAction.StopReplication(), new ClusterAction.FlushAllData());
        assertThat(a.myself().isMaster()).isTrue();
    }

    @Test
    void unreachableNodeGoesPfailThenFailWithAMajorityOfMasters() {
        MiniNet net = new MiniNet(T0);
        for (int i = 0; i < 4; i++) {
            ClusterNode c = net.addFresh(30001 + i, 200 + i);
            c.operator().addSlotsRange(List.of(String.valueOf(i * 4096), String.valueOf(i * 4096 + 4095)), false);
            c.operator().setConfigEpoch(String.valueOf(i + 1));
        }
        for (int i = 1; i < 4; i++) {
            net.meet(net.nodes.get(0), net.nodes.get(i));
        }
        net.run(6000);
        for (ClusterNode c : net.nodes) {
            assertThat(c.stateOk()).isTrue();
        }
        ClusterNode dead = net.nodes.get(3);
        String deadName = dead.myself().name();
        net.down.add(dead.settings().cport());
        net.log.clear();
        net.run(14_000);
        ClusterNode a = net.nodes.get(0);
        assertThat(a.lookup(deadName).timedOut() || a.lookup(deadName).failed()).isFalse();
        net.run(20_000);
        for (int i = 0; i < 3; i++) {
            KnownNode d = net.nodes.get(i).lookup(deadName);
            assertThat(d.failed()).as("node %d sees the dead node FAIL", i).isTrue();
            assertThat(net.nodes.get(i).stateOk()).isFalse();
            assertThat(ClusterInfoText.info(net.nodes.get(i))).contains("cluster_slots_fail:4096\r\n");
        }
        assertThat(Nodes.sent(net.log)).anySatisfy(m -> assertThat(m.type()).isEqualTo(MessageType.FAIL));
        assertThat(net.log).anySatisfy(x -> assertThat(x).isEqualTo(new ClusterAction.Log(LogLevel.NOTICE,
            "Marking node " + deadName + " as failing (quorum reached).")).isNotNull());
        // it comes back: a master with slots stays FAIL until 2 x node timeout after fail_time, then is cleared
        net.down.clear();
        net.run(40_000);
        for (int i = 0; i < 3; i++) {
            assertThat(net.nodes.get(i).lookup(deadName).failed()).isFalse();
            assertThat(net.nodes.get(i).stateOk()).isTrue();
        }
    }

    @Test
    void publishGoesToEveryoneAndShardPublishToTheShard() {
        MiniNet net = meshOf(3);
        ClusterNode a = net.nodes.get(0);
        ClusterNode b = net.nodes.get(1);
        ClusterNode c = net.nodes.get(2);
        c.operator().replicate(a.myself().name());
        net.run(2000);
        net.log.clear();
        byte[] ch = "news".getBytes(StandardCharsets.ISO_8859_1);
        byte[] msg = "hello".getBytes(StandardCharsets.ISO_8859_1);
        a.operator().propagatePublish(ch, msg, false);
        net.settle();
        List<ClusterAction.DeliverPublish> delivered = Nodes.of(net.log, ClusterAction.DeliverPublish.class);
        assertThat(delivered).hasSize(2).allSatisfy(d -> assertThat(d.sharded()).isFalse());
        net.log.clear();
        a.operator().propagatePublish(ch, msg, true);
        net.settle();
        delivered = Nodes.of(net.log, ClusterAction.DeliverPublish.class);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).sharded()).isTrue();
        assertThat(b.stats().received(MessageType.PUBLISHSHARD)).isZero();
        assertThat(c.stats().received(MessageType.PUBLISHSHARD)).isEqualTo(1);
        assertThat(a.stats().sent(MessageType.PUBLISH)).isEqualTo(2);
    }

    @Test
    void statisticsCountEveryTypeIncludingIgnoredFrames() {
        MiniNet net = meshOf(2);
        ClusterNode a = net.nodes.get(0);
        long pings = a.stats().received(MessageType.PING);
        Link inbound = a.links.all().stream().filter(l -> l.inbound).findFirst().orElseThrow();
        byte[] ping = BusCodec.encode(new BusMessage(net.nodes.get(1).messages.header(MessageType.PING),
            new io.hashslot.cluster.bus.MessageBody.Gossip(List.of(), List.of())));
        ping[BusLayout.COUNT + 1] = 1; // wrong length for the type: ignored but counted
        a.onBytes(inbound.id, ping, 0, ping.length, net.now);
        assertThat(a.stats().received(MessageType.PING)).isEqualTo(pings + 1);
        assertThat(a.takeActions()).contains(new ClusterAction.Log(LogLevel.WARNING,
            "Received invalid ping packet of length 2256 but expected length 2360"));
        assertThat(a.links.get(inbound.id)).isNotNull();
        String info = ClusterInfoText.info(a);
        assertThat(info).contains("cluster_stats_messages_ping_sent:").contains("cluster_stats_messages_pong_sent:")
            .contains("cluster_stats_messages_meet_sent:1\r\n").contains("cluster_stats_messages_received:");
        // a bad signature closes the link
        byte[] junk = "NOPE....".getBytes(StandardCharsets.ISO_8859_1);
        a.onBytes(inbound.id, junk, 0, junk.length, net.now);
        assertThat(a.links.get(inbound.id)).isNull();
        assertThat(a.takeActions()).contains(new ClusterAction.CloseLink(inbound.id));
    }

    @Test
    void aPongFromTheWrongNodeMarksTheNodeNoaddr() {
        MiniNet net = meshOf(2);
        ClusterNode a = net.nodes.get(0);
        ClusterNode b = net.nodes.get(1);
        KnownNode bInA = a.lookup(b.myself().name());
        Link out = bInA.link;
        BusMessage impostor = new BusMessage(b.messages.header(MessageType.PONG).withType(MessageType.PONG),
            new io.hashslot.cluster.bus.MessageBody.Gossip(List.of(), List.of()));
        byte[] f = BusCodec.encode(impostor);
        byte[] name = "e".repeat(40).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(name, 0, f, BusLayout.SENDER, 40);
        a.onBytes(out.id, f, 0, f.length, net.now);
        assertThat(bInA.flags() & NodeFlags.NOADDR).isNotZero();
        assertThat(bInA.ip()).isEmpty();
        assertThat(bInA.hasLink()).isFalse();
        assertThat(io.hashslot.cluster.view.ClusterNodesText.describe(a, bInA, false))
            .contains(" :0@0 master,noaddr - ");
    }

    @Test
    void aNodeThatMovedIsFoundAtItsNewAddress() {
        MiniNet net = meshOf(2);
        ClusterNode a = net.nodes.get(0);
        ClusterNode b = net.nodes.get(1);
        // b now announces another client/bus port in its PINGs on its outbound link (a's inbound link)
        b.updateSettings(b.settings().withPorts(30012, 0, 40002));
        net.run(10_000);
        KnownNode bInA = a.lookup(b.myself().name());
        assertThat(bInA.port()).isEqualTo(30012);
        assertThat(net.log).anySatisfy(x -> assertThat(x).isEqualTo(new ClusterAction.Log(LogLevel.WARNING,
            "Address updated for node " + b.myself().name() + ", now 127.0.0.1:30012")).isNotNull());
    }
}
