package io.hashslot.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.core.KnownNode;
import io.hashslot.cluster.core.OpResult;
import io.hashslot.cluster.route.Redirect;
import io.hashslot.cluster.route.RouteRequest;
import io.hashslot.cluster.route.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failure detection and failover scenarios on the deterministic simulator: a crashed master replaced by its
 * replica (which the old master then follows), a shard losing every node, a master cut off with a minority,
 * replicas racing, manual failover (default, FORCE, TAKEOVER), replica migration, and a 100-node cluster losing
 * 10% of its nodes. The simulator checks its invariants after every event (epochs, votes, slot claims).
 */
class SimFailoverTest {

    /** A cluster built as redis-cli does, then {@code replicas[i]} replicas added to master i. */
    static SimCluster withReplicas(long seed, int[] replicas, SimConfig config) {
        SimCluster sim = SimClusterTest.createdLikeRedisCli(seed, replicas.length, config);
        List<SimNode> added = new ArrayList<>();
        List<SimNode> masters = new ArrayList<>(sim.nodes());
        for (int m = 0; m < replicas.length; m++) {
            for (int r = 0; r < replicas[m]; r++) {
                SimNode n = sim.addNode();
                sim.meet(n, sim.node(0));
                added.add(n);
            }
        }
        assertThat(sim.runUntil(sim::allKnowEachOther, 120_000)).as(sim.describe()).isNotNegative();
        int next = 0;
        for (int m = 0; m < replicas.length; m++) {
            SimNode master = masters.get(m);
            for (int r = 0; r < replicas[m]; r++) {
                SimNode replica = added.get(next++);
                assertThat(sim.op(replica, c -> c.operator().replicate(master.name()))).isEqualTo(OpResult.OK);
            }
        }
        assertThat(sim.runUntil(() -> sim.allSlotsServedByLiveMasters() && sim.allStateOk()
            && rolesAgreed(sim), 120_000)).as(sim.describe()).isNotNegative();
        return sim;
    }

    /** Every live node sees every live node in the role that node has in its own view. */
    static boolean rolesAgreed(SimCluster sim) {
        for (SimNode n : sim.alive()) {
            for (SimNode m : sim.alive()) {
                KnownNode seen = n.core().lookup(m.name());
                KnownNode self = m.core().myself();
                if (seen == null || seen.isReplica() != self.isReplica()) {
                    return false;
                }
                String a = seen.master() == null ? null : seen.master().name();
                String b = self.master() == null ? null : self.master().name();
                if (self.isReplica() && !java.util.Objects.equals(a, b)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean logged(SimNode n, String text) {
        return n.log().stream().anyMatch(l -> l.contains(text));
    }

    static byte[] keyInSlotOf(SimNode owner) {
        for (int i = 0; ; i++) {
            byte[] k = ("key:" + i).getBytes(StandardCharsets.ISO_8859_1);
            KnownNode o = owner.core().slotOwner(io.hashslot.common.HashSlot.of(k));
            if (o != null && o.name().equals(owner.name())) {
                return k;
            }
        }
    }

    @Test
    void theSeedsCrashOfAMasterPromotesItsReplicaAndTheOldMasterComesBackAsItsReplica() {
        SimCluster sim = withReplicas(4, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode master = sim.node(0);
        SimNode replica = sim.node(3);
        assertThat(replica.core().myself().master().name()).isEqualTo(master.name());
        String masterName = master.name();
        long epochBefore = sim.node(1).core().currentEpoch();
        sim.runFor(3000);
        sim.kill(master);
        long t = sim.runUntil(() -> replica.core().myself().isMaster() && sim.allSlotsServedByLiveMasters()
            && sim.allStateOk(), 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        // node timeout, FAIL agreement, then 500-1000 ms of election delay (rank 0)
        assertThat(t).isBetween(2000L, 8000L);
        assertThat(logged(replica, "Start of election delayed for")).isTrue();
        assertThat(logged(replica, "(rank #0, offset ")).isTrue();
        assertThat(logged(replica, "Starting a failover election for epoch " + (epochBefore + 1) + ".")).isTrue();
        assertThat(logged(replica, "Failover election won: I'm the new master.")).isTrue();
        assertThat(logged(replica, "configEpoch set to " + (epochBefore + 1) + " after successful failover"))
            .isTrue();
        assertThat(replica.core().myself().configEpoch()).isEqualTo(epochBefore + 1);
        assertThat(replica.replicatingFrom()).isNull();
        assertThat(sim.promotions()).hasSize(1);
        for (int i = 1; i < 3; i++) {
            assertThat(logged(sim.node(i), "Failover auth granted to " + replica.name() + " for epoch "
                + (epochBefore + 1))).isTrue();
        }
        // the old master restarts from its nodes.conf, learns it lost its slots, and follows the new master
        sim.restart(master);
        assertThat(master.name()).isEqualTo(masterName);
        long back = sim.runUntil(() -> master.core().myself().isReplica() && sim.allSlotsServedByLiveMasters()
            && sim.allStateOk() && rolesAgreed(sim), 30_000);
        assertThat(back).as(sim.describe()).isNotNegative();
        assertThat(master.core().myself().master().name()).isEqualTo(replica.name());
        assertThat(master.replicatingFrom()).isEqualTo(replica.name());
        sim.setWriteRate(0);
        sim.runFor(500);
        assertThat(master.offset()).isEqualTo(replica.offset());
        assertThat(master.core().lookup(replica.name()).numSlots()).isEqualTo(5461);
    }

    @Test
    void aVoteDeliveredTwiceCountsOnce() {
        SimCluster sim = withReplicas(61, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode master = sim.node(0);
        SimNode replica = sim.node(3);
        sim.runFor(3000);
        // from now on every frame arrives twice; the replica cannot reach master 2, so only master 1 can vote
        sim.setDuplicateAndReorderProbability(1.0, 0);
        sim.cut(replica, sim.node(2));
        sim.kill(master);
        sim.runFor(20_000);
        assertThat(logged(replica, "Starting a failover election for epoch")).as(sim.describe()).isTrue();
        assertThat(logged(sim.node(1), "Failover auth granted to " + replica.name())).as(sim.describe()).isTrue();
        assertThat(replica.core().myself().isMaster()).as("one voter out of three masters, its ACK seen twice")
            .isFalse();
        assertThat(sim.node(1).framesDuplicated()).isPositive();
        // with the second voter reachable again the election is won
        sim.uncut(replica, sim.node(2));
        long t = sim.runUntil(() -> replica.core().myself().isMaster() && sim.allSlotsServedByLiveMasters()
            && sim.allStateOk(), 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        assertThat(sim.promotions()).hasSize(1);
    }

    @Test
    void aMasterAndItsOnlyReplicaCrashingLeaveTheClusterDownUntilOneReturns() {
        SimCluster sim = withReplicas(8, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode master = sim.node(1);
        SimNode replica = sim.node(4);
        sim.kill(master);
        sim.kill(replica);
        sim.runFor(15_000);
        for (SimNode n : sim.alive()) {
            assertThat(n.core().stateOk()).as(sim.describe()).isFalse();
            assertThat(n.core().lookup(master.name()).failed()).isTrue();
            assertThat(n.core().lookup(replica.name()).failed()).isTrue();
        }
        assertThat(sim.promotions()).isEmpty();
        // a key of the dead shard is refused with CLUSTERDOWN by every live node
        byte[] key = keyInSlotOf(master);
        assertThat(Router.route(sim.node(0).core(), RouteRequest.of(true, List.of(key)), k -> false))
            .isInstanceOf(Redirect.DownState.class);
        sim.restart(master);
        long t = sim.runUntil(() -> sim.allSlotsServedByLiveMasters() && sim.allStateOk(), 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        sim.restart(replica);
        assertThat(sim.runUntil(() -> sim.allStateOk() && rolesAgreed(sim), 30_000)).isNotNegative();
        assertThat(replica.core().myself().master().name()).isEqualTo(master.name());
    }

    @Test
    void withoutFullCoverageTheRestOfTheClusterKeepsServingWhileAShardIsDown() {
        SimCluster sim = withReplicas(9, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        for (SimNode n : sim.nodes()) {
            sim.configure(n, s -> s.withRequireFullCoverage(false));
        }
        SimNode master = sim.node(1);
        sim.kill(master);
        sim.kill(sim.node(4));
        sim.runFor(15_000);
        for (SimNode n : sim.alive()) {
            assertThat(n.core().stateOk()).as(sim.describe()).isTrue();
            assertThat(n.core().lookup(master.name()).failed()).isTrue();
        }
        // keys of live shards are served; a key of the dead shard is still sent to its (failed) owner
        SimNode live = sim.node(0);
        assertThat(Router.route(live.core(), RouteRequest.of(true, List.of(keyInSlotOf(live))), k -> false))
            .isInstanceOf(Redirect.None.class);
        assertThat(Router.route(live.core(), RouteRequest.of(true, List.of(keyInSlotOf(master))), k -> false))
            .isInstanceOf(Redirect.Moved.class);
    }

    @Test
    void aMasterCutOffWithAMinorityStopsServingAndRejoinsAsAReplica() {
        SimCluster sim = withReplicas(12, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode lonely = sim.node(0);
        SimNode itsReplica = sim.node(3);
        List<SimNode> majority = new ArrayList<>(sim.nodes());
        majority.remove(lonely);
        byte[] key = keyInSlotOf(lonely);
        sim.partition(List.of(List.of(lonely), majority));
        sim.runFor(1500);
        // before the node timeout the lonely master still serves its slots (the seeds' window of lost writes)
        assertThat(Router.route(lonely.core(), RouteRequest.of(true, List.of(key)), k -> false))
            .isInstanceOf(Redirect.None.class);
        long offsetAtCut = lonely.offset();
        long down = sim.runUntil(() -> !lonely.core().stateOk(), 10_000);
        assertThat(down).as(sim.describe()).isNotNegative();
        assertThat(down + 1500).isLessThanOrEqualTo(2000 + 1500);
        assertThat(Router.route(lonely.core(), RouteRequest.of(true, List.of(key)), k -> false))
            .isInstanceOf(Redirect.DownState.class);
        // the majority side fails over
        assertThat(sim.runUntil(() -> itsReplica.core().myself().isMaster()
            && majority.stream().allMatch(n -> n.core().stateOk()), 20_000)).as(sim.describe()).isNotNegative();
        assertThat(lonely.core().myself().isMaster()).isTrue();
        assertThat(lonely.offset()).isGreaterThan(offsetAtCut);
        sim.heal();
        long t = sim.runUntil(() -> lonely.core().myself().isReplica() && sim.allSlotsServedByLiveMasters()
            && sim.allStateOk() && rolesAgreed(sim), 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        assertThat(lonely.core().myself().master().name()).isEqualTo(itsReplica.name());
        assertThat(logged(lonely, "Configuration change detected. Reconfiguring myself as a replica of "
            + itsReplica.name())).isTrue();
        sim.setWriteRate(0);
        sim.runFor(500);
        // the writes it took alone are gone: it now carries the new master's stream
        assertThat(lonely.offset()).isEqualTo(itsReplica.offset());
    }

    @Test
    void aMasterStoppedLongerThanTheNodeTimeoutResumesAsAReplica() {
        SimCluster sim = withReplicas(17, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode master = sim.node(2);
        SimNode replica = sim.node(5);
        sim.freeze(master, 8000);
        assertThat(sim.runUntil(() -> replica.core().myself().isMaster(), 8000)).as(sim.describe()).isNotNegative();
        assertThat(master.core().myself().isMaster()).isTrue();
        // it wakes up believing it still serves its slots; the first message from the new owner corrects it
        long t = sim.runUntil(() -> master.core().myself().isReplica() && sim.allSlotsServedByLiveMasters()
            && sim.allStateOk() && rolesAgreed(sim), 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        assertThat(master.core().myself().master().name()).isEqualTo(replica.name());
        assertThat(sim.promotions()).hasSize(1);
    }

    @Test
    void twoReplicasRaceAndTheOneWithMoreDataWins() {
        SimCluster sim = withReplicas(21, new int[] {2, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode master = sim.node(0);
        SimNode r1 = sim.node(3);
        SimNode r2 = sim.node(4);
        sim.runFor(2000);
        // r2 falls behind: cut from its master only while writes go on; then the master dies
        sim.cut(r2, master);
        sim.runFor(1000);
        sim.kill(master);
        sim.heal();
        long t = sim.runUntil(() -> sim.allSlotsServedByLiveMasters() && sim.allStateOk() && rolesAgreed(sim),
            30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        assertThat(sim.promotions()).hasSize(1);
        SimNode winner = sim.promotions().get(0).node();
        SimNode loser = winner == r1 ? r2 : r1;
        assertThat(winner).isSameAs(r1);
        assertThat(logged(r2, "(rank #1, offset ")).isTrue();
        assertThat(winner.core().myself().isMaster()).isTrue();
        assertThat(loser.core().myself().isReplica()).isTrue();
        assertThat(loser.core().myself().master().name()).isEqualTo(winner.name());
        assertThat(loser.replicatingFrom()).isEqualTo(winner.name());
        assertThat(logged(loser, "Configuration change detected. Reconfiguring myself as a replica of "
            + winner.name())).isTrue();
    }

    @Test
    void aManualFailoverUnderLoadLosesNoWrite() {
        SimCluster sim = withReplicas(33, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(5000));
        SimNode master = sim.node(2);
        SimNode replica = sim.node(5);
        sim.runFor(3000);
        assertThat(sim.op(master, c -> c.operator().failover(null, sim.now())).error())
            .isEqualTo("ERR You should send CLUSTER FAILOVER to a replica");
        assertThat(sim.op(replica, c -> c.operator().failover("soft", sim.now())).error())
            .isEqualTo("ERR syntax error");
        long epoch = replica.core().currentEpoch();
        assertThat(sim.op(replica, c -> c.operator().failover(null, sim.now()))).isEqualTo(OpResult.OK);
        long t = sim.runUntil(() -> replica.core().myself().isMaster() && sim.allSlotsServedByLiveMasters()
            && sim.allStateOk() && rolesAgreed(sim), 10_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        assertThat(logged(replica, "Manual failover user request accepted.")).isTrue();
        assertThat(logged(master, "Manual failover requested by replica " + replica.name() + ".")).isTrue();
        assertThat(logged(replica, "Received replication offset for paused master manual failover: ")).isTrue();
        assertThat(logged(replica, "All master replication stream processed, manual failover can start."))
            .isTrue();
        assertThat(logged(replica, "Start of election delayed for 0 milliseconds (rank #0, offset ")).isTrue();
        assertThat(logged(replica, "Starting a failover election for epoch " + (epoch + 1) + ".")).isTrue();
        assertThat(logged(replica, "Failover election won: I'm the new master.")).isTrue();
        SimReplication.Promotion p = sim.promotions().get(0);
        assertThat(p.node()).isSameAs(replica);
        // zero acknowledged-write loss: the new master had everything the paused old master had
        assertThat(p.offset()).isEqualTo(p.oldMasterOffset());
        assertThat(master.core().myself().isReplica()).isTrue();
        assertThat(master.writesPaused()).isFalse();
        sim.setWriteRate(0);
        sim.runFor(500);
        assertThat(master.offset()).isEqualTo(replica.offset());
    }

    @Test
    void forcedAndTakeoverFailoverWorkWithTheMasterDown() {
        SimCluster sim = withReplicas(44, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(15_000));
        SimNode master = sim.node(1);
        SimNode replica = sim.node(4);
        sim.kill(master);
        sim.runFor(1000);
        assertThat(sim.op(replica, c -> c.operator().failover(null, sim.now())).error())
            .isEqualTo("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE");
        assertThat(sim.op(replica, c -> c.operator().failover("FORCE", sim.now()))).isEqualTo(OpResult.OK);
        assertThat(sim.runUntil(() -> replica.core().myself().isMaster() && sim.allSlotsServedByLiveMasters(),
            5_000)).as(sim.describe()).isNotNegative();
        assertThat(logged(replica, "Forced failover user request accepted.")).isTrue();
        // TAKEOVER on another shard: no votes at all, epoch bumped without consensus
        SimNode m2 = sim.node(2);
        SimNode r2 = sim.node(5);
        sim.partition(List.of(List.of(r2), new ArrayList<>(sim.alive().stream().filter(n -> n != r2).toList())));
        long before = r2.core().currentEpoch();
        assertThat(sim.op(r2, c -> c.operator().failover("takeover", sim.now()))).isEqualTo(OpResult.OK);
        assertThat(r2.core().myself().isMaster()).isTrue();
        assertThat(r2.core().myself().numSlots()).isEqualTo(5462);
        assertThat(r2.core().myself().configEpoch()).isEqualTo(before + 1);
        assertThat(logged(r2, "Taking over the master (user request).")).isTrue();
        sim.heal();
        assertThat(sim.runUntil(() -> m2.core().myself().isReplica() && sim.allSlotsServedByLiveMasters()
            && sim.allStateOk() && rolesAgreed(sim), 30_000)).as(sim.describe()).isNotNegative();
        assertThat(m2.core().myself().master().name()).isEqualTo(r2.name());
    }

    @Test
    void anOrphanedMasterGetsAReplicaFromTheMasterWithTheMost() {
        SimCluster sim = withReplicas(55, new int[] {2, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode rich = sim.node(0);
        SimNode orphan = sim.node(1);
        SimNode orphansReplica = sim.node(5);
        List<SimNode> candidates = List.of(sim.node(3), sim.node(4));
        sim.kill(orphansReplica);
        long t = sim.runUntil(() -> candidates.stream().anyMatch(n -> n.core().myself().master() != null
            && n.core().myself().master().name().equals(orphan.name())), 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        // FAIL after ~2 s, then the master must stay orphaned for 5 s
        assertThat(t).isGreaterThan(5000);
        SimNode moved = candidates.stream().filter(n -> n.core().myself().master().name().equals(orphan.name()))
            .findFirst().orElseThrow();
        SimNode stayed = candidates.get(0) == moved ? candidates.get(1) : candidates.get(0);
        // the replica with the smallest name among the richest master's replicas moves
        assertThat(moved.name().compareTo(stayed.name())).isLessThan(0);
        assertThat(logged(moved, "Migrating to orphaned master " + orphan.name())).isTrue();
        assertThat(moved.replicatingFrom()).isEqualTo(orphan.name());
        assertThat(stayed.core().myself().master().name()).isEqualTo(rich.name());
        assertThat(sim.runUntil(() -> rolesAgreed(sim) && sim.allStateOk(), 10_000)).isNotNegative();
    }

    @Test
    void noMigrationWhenReplicaMigrationIsDisallowedOrTheBarrierIsNotPassed() {
        SimCluster sim = withReplicas(55, new int[] {2, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        List<SimNode> candidates = List.of(sim.node(3), sim.node(4));
        for (SimNode n : candidates) {
            sim.configure(n, s -> s.withAllowReplicaMigration(false));
        }
        sim.kill(sim.node(5));
        sim.runFor(20_000);
        for (SimNode n : candidates) {
            assertThat(n.core().myself().master().name()).isEqualTo(sim.node(0).name());
        }
        SimCluster barrier = withReplicas(56, new int[] {2, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        for (SimNode n : List.of(barrier.node(3), barrier.node(4))) {
            barrier.configure(n, s -> new io.hashslot.cluster.core.ClusterSettings(s.port(), s.pport(), s.cport(),
                s.announceIp(), s.announceHostname(), s.nodeTimeout(), s.requireFullCoverage(),
                s.allowReplicaMigration(), s.replicaNoFailover(), s.allowReadsWhenDown(),
                s.allowPubsubshardWhenDown(), s.preferredEndpointType(), 2, s.replicaValidityFactor(),
                s.replPingReplicaPeriod(), s.tlsCluster(), s.verbosity()));
        }
        barrier.kill(barrier.node(5));
        barrier.runFor(20_000);
        for (SimNode n : List.of(barrier.node(3), barrier.node(4))) {
            assertThat(n.core().myself().master().name()).isEqualTo(barrier.node(0).name());
        }
    }

    @Test
    void aReplicaWithNoFailoverDoesNotStandForElection() {
        SimCluster sim = withReplicas(66, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode replica = sim.node(3);
        sim.configure(replica, s -> s.withReplicaNoFailover(true));
        assertThat(sim.runUntil(() -> sim.alive().stream().allMatch(n -> (n.core().lookup(replica.name()).flags()
            & io.hashslot.cluster.core.NodeFlags.NOFAILOVER) != 0), 10_000)).isNotNegative();
        sim.kill(sim.node(0));
        sim.runFor(20_000);
        assertThat(replica.core().myself().isReplica()).isTrue();
        assertThat(sim.promotions()).isEmpty();
        assertThat(sim.allStateOk()).isFalse();
        // a manual FORCE failover still works
        assertThat(sim.op(replica, c -> c.operator().failover("FORCE", sim.now()))).isEqualTo(OpResult.OK);
        assertThat(sim.runUntil(() -> sim.allSlotsServedByLiveMasters() && sim.allStateOk(), 10_000))
            .isNotNegative();
    }

    @Test
    void aReplicaDisconnectedTooLongDoesNotFailOver() {
        // validity: repl-ping-replica-period 10 s + node timeout 2 s x factor 10 = 30 s of data age at most
        SimCluster sim = withReplicas(77, new int[] {1, 1, 1}, SimConfig.defaults().withNodeTimeout(2000));
        SimNode master = sim.node(0);
        SimNode replica = sim.node(3);
        // only the replica loses its master for 40 s; then the master dies
        sim.cut(replica, master);
        sim.runFor(40_000);
        sim.kill(master);
        sim.heal();
        sim.runFor(20_000);
        assertThat(replica.core().myself().isReplica()).as(sim.describe()).isTrue();
        assertThat(logged(replica, "Currently unable to failover: Disconnected from master for longer than allowed."
            + " Please check the 'cluster-replica-validity-factor' configuration option.")).isTrue();
    }
}
