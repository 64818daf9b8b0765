package io.hashslot.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.bus.BusMessage;
import io.hashslot.cluster.bus.MessageBody;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.bus.SlotBitmap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slot ownership on the bus (§12), UPDATE messages, epochs, collisions, BUMPEPOCH and SET-CONFIG-EPOCH (§13). */
class SlotsAndEpochsTest {
    static final long T0 = 1_700_000_000_000L;

    /** Three masters with 0-5460 / 5461-10922 / 10923-16383 and config epochs 1..3, like redis-cli creates them. */
    static MiniNet threeMasters() {
        MiniNet net = new MiniNet(T0);
        int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
        for (int i = 0; i < 3; i++) {
            ClusterNode c = net.addFresh(30001 + i, 10 + i);
            assertThat(c.operator().addSlotsRange(List.of(String.valueOf(ranges[i][0]), String.valueOf(ranges[i][1])),
                false).isError()).isFalse();
            assertThat(c.operator().setConfigEpoch(String.valueOf(i + 1)).isError()).isFalse();
        }
        net.meet(net.nodes.get(0), net.nodes.get(1));
        net.meet(net.nodes.get(0), net.nodes.get(2));
        net.run(6000);
        return net;
    }

    @Test
    void redisCliStyleClusterBecomesOk() {
        MiniNet net = threeMasters();
        for (ClusterNode c : net.nodes) {
            assertThat(c.stateOk()).isTrue();
            assertThat(c.size()).isEqualTo(3);
            assertThat(c.currentEpoch()).isEqualTo(3);
            for (int s : new int[] {0, 5460, 5461, 10922, 10923, 16383}) {
                assertThat(c.slotOwner(s).name()).isEqualTo(net.nodes.get(s <= 5460 ? 0 : s <= 10922 ? 1 : 2)
                    .myself().name());
            }
        }
    }

    @Test
    void aHigherEpochClaimTakesTheSlotAndLosersFollow() {
        MiniNet net = threeMasters();
        ClusterNode a = net.nodes.get(0);
        ClusterNode b = net.nodes.get(1);
        // b closes an import of slot 100 from a: SETSLOT IMPORTING then NODE myself bumps b's epoch (4)
        assertThat(b.operator().setSlot("100", List.of("IMPORTING", a.myself().name()), net.now).isError()).isFalse();
        assertThat(b.operator().setSlot("100", List.of("NODE", b.myself().name()), net.now)).isEqualTo(OpResult.OK);
        assertThat(b.myself().configEpoch()).isEqualTo(4);
        net.settle();
        for (ClusterNode c : net.nodes) {
            assertThat(c.slotOwner(100).name()).isEqualTo(b.myself().name());
        }
        // a no longer claims 100 in its own table
        assertThat(a.myself().ownsSlot(100)).isFalse();
    }

    @Test
    void aStaleClaimGetsAnUpdate() {
        MiniNet net = threeMasters();
        ClusterNode a = net.nodes.get(0);
        ClusterNode c = net.nodes.get(2);
        // a (epoch 1) starts claiming slot 16000 owned by c (epoch 3) behind everybody's back
        a.table.delSlot(16000);
        a.table.addSlot(a.myself(), 16000);
        net.log.clear();
        net.run(2000);
        List<BusMessage> updates = net.log.stream().filter(x -> x instanceof ClusterAction.Send)
            .map(x -> ((ClusterAction.Send) x).message().message()).filter(m -> m.type() == MessageType.UPDATE)
            .toList();
        assertThat(updates).isNotEmpty();
        MessageBody.Update u = (MessageBody.Update) updates.get(0).body();
        assertThat(u.nodeName()).isEqualTo(c.myself().name());
        assertThat(u.configEpoch()).isEqualTo(3);
        assertThat(u.slots()).isEqualTo(SlotBitmap.range(10923, 16383));
        // the UPDATE puts a back in line
        assertThat(a.slotOwner(16000).name()).isEqualTo(c.myself().name());
        assertThat(a.myself().ownsSlot(16000)).isFalse();
    }

    @Test
    void slotsTakenFromMeWithKeysAreEmptiedAndSlotsMarkedNotClaimed() {
        KeysProbe probe = new KeysProbe();
        MiniNet net = new MiniNet(T0);
        ClusterNode a = net.add(ClusterNode.fresh(ClusterSettings.defaults(30001), Nodes.rng(1), probe, T0));
        ClusterNode b = net.addFresh(30002, 2);
        a.operator().addSlotsRange(List.of("0", "99"), false);
        a.operator().setConfigEpoch("1");
        b.operator().setConfigEpoch("2");
        net.meet(a, b);
        net.run(3000);
        probe.keys.put(7, 3L);
        // b takes slots 5..9 with its greater epoch (as after a failover of those slots)
        for (int s = 5; s <= 9; s++) {
            b.table.delSlot(s);
            b.table.addSlot(b.myself(), s);
        }
        net.log.clear();
        net.run(2000);
        assertThat(net.log).anySatisfy(x -> assertThat(x).isInstanceOf(ClusterAction.DeleteKeysInSlots.class)
            .satisfies(d -> assertThat(((ClusterAction.DeleteKeysInSlots) d).slots()).containsExactly(7)));
        assertThat(a.slotOwner(7).name()).isEqualTo(b.myself().name());
        // b gives slot 9 up without anyone taking it: a keeps b as owner but marks it not claimed
        b.table.delSlot(9);
        net.run(2000);
        assertThat(a.slotOwner(9).name()).isEqualTo(b.myself().name());
        assertThat(a.ownerNotClaiming(9)).isTrue();
    }

    @Test
    void aMasterThatLosesItsLastSlotBecomesAReplicaOfTheWinner() {
        MiniNet net = new MiniNet(T0);
        ClusterNode a = net.addFresh(30001, 1);
        ClusterNode b = net.addFresh(30002, 2);
        a.operator().addSlotsRange(List.of("0", "9"), false);
        a.operator().setConfigEpoch("1");
        b.operator().setConfigEpoch("2");
        net.meet(a, b);
        net.run(3000);
        for (int s = 0; s <= 9; s++) {
            b.table.delSlot(s);
            b.table.addSlot(b.myself(), s);
        }
        net.log.clear();
        net.run(2000);
        assertThat(a.myself().isReplica()).isTrue();
        assertThat(a.myself().master()).isSameAs(a.lookup(b.myself().name()));
        assertThat(net.log).contains(new ClusterAction.ReplicateFrom(b.myself().name(), "127.0.0.1", 30002));
        net.run(2000);
        assertThat(b.lookup(a.myself().name()).isReplica()).isTrue();
        assertThat(b.myself().replicas()).extracting(KnownNode::name).containsExactly(a.myself().name());
    }

    @Test
    void importingSlotsIgnoreBusUpdates() {
        MiniNet net = threeMasters();
        ClusterNode a = net.nodes.get(0);
        ClusterNode b = net.nodes.get(1);
        a.operator().setSlot("6000", List.of("IMPORTING", b.myself().name()), net.now);
        b.table.delSlot(6000);
        net.nodes.get(2).table.delSlot(6000);
        net.nodes.get(2).table.addSlot(net.nodes.get(2).myself(), 6000);
        net.nodes.get(2).epochs.bumpWithoutConsensus();
        net.run(2000);
        assertThat(b.slotOwner(6000).name()).isEqualTo(net.nodes.get(2).myself().name());
        assertThat(a.slotOwner(6000).name()).isEqualTo(b.myself().name());
    }

    @Test
    void configEpochCollisionMovesTheNodeWithTheSmallerName() {
        MiniNet net = new MiniNet(T0);
        ClusterNode a = net.addFresh(30001, 1);
        ClusterNode b = net.addFresh(30002, 2);
        net.meet(a, b);
        net.run(3000);
        ClusterNode smaller = EpochRules.compareNames(a.myself().name(), b.myself().name()) < 0 ? a : b;
        ClusterNode larger = smaller == a ? b : a;
        assertThat(smaller.myself().configEpoch()).isEqualTo(1);
        assertThat(larger.myself().configEpoch()).isZero();
        assertThat(a.currentEpoch()).isEqualTo(1);
        assertThat(b.currentEpoch()).isEqualTo(1);
    }

    @Test
    void bumpEpoch() {
        ClusterNode a = Nodes.fresh(30001, 1, T0);
        assertThat(a.operator().bumpEpoch()).isEqualTo(OpResult.status("BUMPED 1"));
        assertThat(a.operator().bumpEpoch()).isEqualTo(OpResult.status("STILL 1"));
        a.table.currentEpoch = 5;
        assertThat(a.operator().bumpEpoch()).isEqualTo(OpResult.status("BUMPED 6"));
        assertThat(a.currentEpoch()).isEqualTo(6);
        assertThat(a.takeActions()).contains(new io.hashslot.cluster.core.ClusterAction.Log(
            io.hashslot.common.LogLevel.WARNING, "New configEpoch set to 6"));
    }

    @Test
    void setConfigEpochRules() {
        ClusterNode a = Nodes.fresh(30001, 1, T0);
        assertThat(a.operator().setConfigEpoch("x").error()).isEqualTo("ERR value is not an integer or out of range");
        assertThat(a.operator().setConfigEpoch("-1").error()).isEqualTo("ERR Invalid config epoch specified: -1");
        assertThat(a.operator().setConfigEpoch("0")).isEqualTo(OpResult.OK);
        assertThat(a.operator().setConfigEpoch("7")).isEqualTo(OpResult.OK);
        assertThat(a.currentEpoch()).isEqualTo(7);
        assertThat(a.operator().setConfigEpoch("8").error()).isEqualTo("ERR Node config epoch is already non-zero");
        ClusterNode b = Nodes.fresh(30002, 2, T0);
        b.operator().meet("127.0.0.1", "30001", null, T0);
        assertThat(b.operator().setConfigEpoch("3").error()).isEqualTo(
            "ERR The user can assign a config epoch only when the node does not know any other node.");
    }

    @Test
    void currentEpochFollowsTheGreatestSeenAndNeverGoesBack() {
        MiniNet net = threeMasters();
        ClusterNode c = net.nodes.get(2);
        c.operator().bumpEpoch(); // c already has the max (3): STILL
        net.nodes.get(0).operator().bumpEpoch(); // a: BUMPED 4
        net.run(2000);
        for (ClusterNode n : net.nodes) {
            assertThat(n.currentEpoch()).isEqualTo(4);
        }
    }

    @Test
    void addSlotsErrors() {
        ClusterNode a = Nodes.fresh(30001, 1, T0);
        assertThat(a.operator().addSlots(List.of("1", "x"), false).error()).isEqualTo(
            "ERR Invalid or out of range slot");
        assertThat(a.operator().addSlots(List.of("16384"), false).error()).isEqualTo(
            "ERR Invalid or out of range slot");
        assertThat(a.operator().addSlots(List.of("1", "2", "1"), false).error()).isEqualTo(
            "ERR Slot 1 specified multiple times");
        assertThat(a.myself().numSlots()).isZero();
        assertThat(a.operator().addSlots(List.of("1", "2"), false)).isEqualTo(OpResult.OK);
        assertThat(a.operator().addSlots(List.of("3", "2"), false).error()).isEqualTo("ERR Slot 2 is already busy");
        assertThat(a.operator().addSlots(List.of("5"), true).error()).isEqualTo("ERR Slot 5 is already unassigned");
        assertThat(a.operator().addSlotsRange(List.of("10", "5"), false).error()).isEqualTo(
            "ERR start slot number 10 is greater than end slot number 5");
        assertThat(a.operator().addSlotsRange(List.of("3", "4", "4", "5"), false).error()).isEqualTo(
            "ERR Slot 4 specified multiple times");
        assertThat(a.operator().addSlotsRange(List.of("3", "4", "0", "x"), false).error()).isEqualTo(
            "ERR Invalid or out of range slot");
        assertThat(a.operator().addSlotsRange(List.of("3"), false).error()).isEqualTo(
            "ERR wrong number of arguments for 'cluster|addslotsrange' command");
        assertThat(a.operator().addSlotsRange(List.of("0", "16383"), true).error()).isEqualTo(
            "ERR Slot 0 is already unassigned");
        assertThat(a.operator().addSlotsRange(List.of("1", "2"), true)).isEqualTo(OpResult.OK);
        assertThat(a.myself().numSlots()).isZero();
    }

    @Test
    void setSlotErrors() {
        ClusterNode a = Nodes.fresh(30001, 1, T0);
        String other = "b".repeat(40);
        a.operator().addSlots(List.of("5"), false);
        assertThat(a.operator().setSlot("x", List.of("STABLE"), T0).error()).isEqualTo(
            "ERR Invalid or out of range slot");
        assertThat(a.operator().setSlot("6", List.of("MIGRATING", other), T0).error()).isEqualTo(
            "ERR I'm not the owner of hash slot 6");
        assertThat(a.operator().setSlot("5", List.of("MIGRATING", other), T0).error()).isEqualTo(
            "ERR I don't know about node " + other);
        assertThat(a.operator().setSlot("5", List.of("IMPORTING", other), T0).error()).isEqualTo(
            "ERR I'm already the owner of hash slot 5");
        assertThat(a.operator().setSlot("6", List.of("IMPORTING", other), T0).error()).isEqualTo(
            "ERR I don't know about node " + other);
        assertThat(a.operator().setSlot("6", List.of("NODE", other), T0).error())
            .isEqualTo("ERR Unknown node " + other);
        assertThat(a.operator().setSlot("6", List.of("BOGUS"), T0).error()).isEqualTo(
            "ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
        assertThat(a.operator().setSlot("6", List.of("STABLE", "extra"), T0).error()).isEqualTo(
            "ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
        assertThat(a.operator().setSlot("6", List.of("stable"), T0)).isEqualTo(OpResult.OK);
    }

    @Test
    void setSlotNodeRefusesToGiveAwayASlotWithKeys() {
        KeysProbe probe = new KeysProbe();
        MiniNet net = new MiniNet(T0);
        ClusterNode a = net.add(ClusterNode.fresh(ClusterSettings.defaults(30001), Nodes.rng(1), probe, T0));
        ClusterNode b = net.addFresh(30002, 2);
        a.operator().addSlots(List.of("5", "6"), false);
        net.meet(a, b);
        net.run(2000);
        probe.keys.put(5, 1L);
        assertThat(a.operator().setSlot("5", List.of("NODE", b.myself().name()), net.now).error()).isEqualTo(
            "ERR Can't assign hashslot 5 to a different node while I still hold keys for this hash slot.");
        a.operator().setSlot("6", List.of("MIGRATING", b.myself().name()), net.now);
        assertThat(a.migratingTo(6)).isNotNull();
        assertThat(a.operator().setSlot("6", List.of("NODE", b.myself().name()), net.now)).isEqualTo(OpResult.OK);
        assertThat(a.migratingTo(6)).isNull();
        assertThat(a.slotOwner(6).name()).isEqualTo(b.myself().name());
    }
}
