package io.hashslot.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.bus.MessageFlags;
import io.hashslot.cluster.bus.MessageType;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * CLUSTER FAILOVER on the core (§14): argument and precondition errors, the MFSTART → write pause → PAUSED offset
 * → election → promotion sequence with the actions the server carries out, TAKEOVER without votes, and the
 * manual failover timeout.
 */
class FailoverCoreTest {

    /** Three masters and a replica (port 30004) of the first. */
    static MiniNet withReplica() {
        MiniNet net = SlotsAndEpochsTest.threeMasters();
        ClusterNode r = net.addFresh(30004, 99);
        net.meet(r, net.nodes.get(0));
        net.run(6000);
        assertThat(r.operator().replicate(net.nodes.get(0).myself().name())).isEqualTo(OpResult.OK);
        net.run(3000);
        return net;
    }

    static List<String> logLines(MiniNet net) {
        return net.log.stream().filter(a -> a instanceof ClusterAction.Log).map(a -> ((ClusterAction.Log) a).line())
            .collect(Collectors.toList());
    }

    @Test
    void failoverIsRefusedWhereRedisRefusesIt() {
        MiniNet net = withReplica();
        ClusterNode master = net.nodes.get(0);
        ClusterNode replica = net.nodes.get(3);
        assertThat(master.operator().failover(null, net.now).error())
            .isEqualTo("ERR You should send CLUSTER FAILOVER to a replica");
        assertThat(replica.operator().failover("nope", net.now).error()).isEqualTo("ERR syntax error");
        assertThat(replica.operator().failover("force", net.now).isError()).isFalse();
        // a replica whose master is not linked must use FORCE
        net.down.add(master.settings().cport());
        master.myself().link = null;
        for (KnownNode n : replica.nodes()) {
            if (n.name().equals(master.myself().name()) && n.link != null) {
                replica.links.free(n.link, true);
            }
        }
        assertThat(replica.operator().failover(null, net.now).error())
            .isEqualTo("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE");
    }

    @Test
    void theSafeManualFailoverPausesTheMasterAndPromotesTheReplica() {
        MiniNet net = withReplica();
        ClusterNode master = net.nodes.get(0);
        ClusterNode replica = net.nodes.get(3);
        long epoch = replica.currentEpoch();
        net.log.clear();
        assertThat(replica.operator().failover(null, net.now)).isEqualTo(OpResult.OK);
        net.settle();
        List<ClusterAction> mfstart = net.log.stream().filter(a -> a instanceof ClusterAction.Send s
            && s.message().type() == MessageType.MFSTART).toList();
        assertThat(mfstart).hasSize(1);
        assertThat(net.log).contains(new ClusterAction.PauseWritesFor(10_000));
        // the master's PING back carries PAUSED
        assertThat(net.log.stream().anyMatch(a -> a instanceof ClusterAction.Send s
            && s.message().type() == MessageType.PING
            && (s.message().message().header().mflags() & MessageFlags.PAUSED) != 0)).isTrue();
        net.run(1000);
        assertThat(replica.myself().isMaster()).isTrue();
        assertThat(replica.myself().configEpoch()).isEqualTo(epoch + 1);
        assertThat(master.myself().isReplica()).isTrue();
        assertThat(master.myself().master().name()).isEqualTo(replica.myself().name());
        assertThat(net.log).contains(new ClusterAction.UnpauseWrites(), new ClusterAction.StopReplication(),
            new ClusterAction.ReplicateFrom(replica.myself().name(), "127.0.0.1", 30004));
        assertThat(logLines(net)).contains("Manual failover user request accepted.",
            "Manual failover requested by replica " + replica.myself().name() + ".",
            "Received replication offset for paused master manual failover: 0",
            "All master replication stream processed, manual failover can start.",
            "Start of election delayed for 0 milliseconds (rank #0, offset 0).",
            "Starting a failover election for epoch " + (epoch + 1) + ".",
            "Failover election won: I'm the new master.");
        // the request asked the masters to vote although the master is up
        assertThat(net.log.stream().anyMatch(a -> a instanceof ClusterAction.Send s
            && s.message().type() == MessageType.FAILOVER_AUTH_REQUEST
            && (s.message().message().header().mflags() & MessageFlags.FORCEACK) != 0)).isTrue();
        for (ClusterNode c : net.nodes) {
            assertThat(c.slotOwner(0).name()).isEqualTo(replica.myself().name());
        }
    }

    @Test
    void takeoverNeedsNoVotes() {
        MiniNet net = withReplica();
        ClusterNode replica = net.nodes.get(3);
        net.down.add(30001);
        net.down.add(30002);
        net.down.add(30003);
        long epoch = replica.currentEpoch();
        net.log.clear();
        assertThat(replica.operator().failover("TAKEOVER", net.now)).isEqualTo(OpResult.OK);
        assertThat(replica.myself().isMaster()).isTrue();
        assertThat(replica.myself().numSlots()).isEqualTo(5461);
        assertThat(replica.myself().configEpoch()).isEqualTo(epoch + 1);
        List<ClusterAction> actions = replica.takeActions();
        assertThat(actions).contains(new ClusterAction.StopReplication());
        assertThat(actions.stream().noneMatch(a -> a instanceof ClusterAction.Send s
            && s.message().type() == MessageType.FAILOVER_AUTH_REQUEST)).isTrue();
    }

    @Test
    void aManualFailoverWhoseOffsetNeverMatchesTimesOutAndUnpausesTheMaster() {
        MiniNet net = SlotsAndEpochsTest.threeMasters();
        DataProbe behind = new DataProbe() {
            @Override
            public long countKeysInSlot(int slot) {
                return 0;
            }

            @Override
            public long db0Size() {
                return 0;
            }

            @Override
            public long replicationOffset() {
                return 5; // never reaches the master's (0)
            }

            @Override
            public boolean replicationMasterSet() {
                return true;
            }
        };
        ClusterNode replica = net.add(ClusterNode.fresh(ClusterSettings.defaults(30004), Nodes.rng(98), behind,
            net.now));
        net.meet(replica, net.nodes.get(0));
        net.run(6000);
        assertThat(replica.operator().replicate(net.nodes.get(0).myself().name())).isEqualTo(OpResult.OK);
        net.run(3000);
        net.log.clear();
        assertThat(replica.operator().failover(null, net.now)).isEqualTo(OpResult.OK);
        net.run(4800);
        assertThat(logLines(net)).contains("Received replication offset for paused master manual failover: 0")
            .doesNotContain("All master replication stream processed, manual failover can start.");
        assertThat(net.log).doesNotContain(new ClusterAction.UnpauseWrites());
        net.run(400);
        assertThat(replica.myself().isReplica()).isTrue();
        assertThat(logLines(net).stream().filter(l -> l.equals("Manual failover timed out."))).hasSize(2);
        assertThat(net.log).contains(new ClusterAction.UnpauseWrites());
    }
}
