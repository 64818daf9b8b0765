package io.hashslot.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.KnownNode;
import io.hashslot.cluster.core.OpResult;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulations of the cluster core: nodes meet and converge to one view, a cluster set up the way
 * redis-cli does it reaches cluster_state ok, faults (loss, latency, partitions, crashes) heal, and the same seed
 * gives the same run. Invariants are checked after every event by the simulator itself.
 */
class SimClusterTest {

    /** redis-cli --cluster create: slots split evenly, SET-CONFIG-EPOCH 1..N, then every node meets the first. */
    static SimCluster createdLikeRedisCli(long seed, int masters, SimConfig config) {
        SimCluster sim = new SimCluster(seed, config);
        for (int i = 0; i < masters; i++) {
            SimNode n = sim.addNode();
            int from = (int) ((long) i * 16384 / masters);
            int to = (int) ((long) (i + 1) * 16384 / masters) - 1;
            assertThat(sim.op(n, c -> c.operator().addSlotsRange(List.of(String.valueOf(from), String.valueOf(to)),
                false))).isEqualTo(OpResult.OK);
            assertThat(sim.op(n, c -> c.operator().setConfigEpoch(String.valueOf(n.index() + 1))))
                .isEqualTo(OpResult.OK);
        }
        for (int i = 1; i < masters; i++) {
            sim.meet(sim.node(i), sim.node(0));
        }
        return sim;
    }

    static SimCluster meshed(long seed, int n, SimConfig config) {
        SimCluster sim = new SimCluster(seed, config);
        for (int i = 0; i < n; i++) {
            sim.addNode();
        }
        for (int i = 1; i < n; i++) {
            sim.meet(sim.node(0), sim.node(i));
        }
        return sim;
    }

    @Property(tries = 25)
    void threeNodesMeetAndConverge(@ForAll @LongRange(min = 1) long seed) {
        SimCluster sim = meshed(seed, 3, SimConfig.defaults().withLatency(0, 20));
        long t = sim.runUntil(sim::allKnowEachOther, 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        for (SimNode n : sim.nodes()) {
            assertThat(n.core().knownNodes()).isEqualTo(3);
        }
    }

    @Property(tries = 15)
    void sixNodesConvergeAndSurviveConnectionResets(@ForAll @LongRange(min = 1) long seed) {
        SimCluster sim = meshed(seed, 6, SimConfig.defaults().withLatency(1, 50));
        long t = sim.runUntil(sim::allKnowEachOther, 60_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        // epochs: six masters without slots start at 0 and the collision rule spreads them apart
        assertThat(sim.runUntil(() -> sim.nodes().stream().map(n -> n.core().myself().configEpoch()).distinct()
            .count() == 6, 60_000)).as(sim.describe()).isNotNegative();
        // then 5% of the frames are lost and take their connection down: nothing is forgotten, links come back
        sim.setDropProbability(0.05);
        sim.runFor(60_000);
        sim.setDropProbability(0);
        long healed = sim.runUntil(() -> sim.allKnowEachOther() && sim.nodes().stream().allMatch(n ->
            n.core().nodes().stream().allMatch(k -> k.isMyself() || (k.hasLink() && !k.timedOut()
                && !k.failed()))), 60_000);
        assertThat(healed).as(sim.describe()).isNotNegative();
    }

    @Test
    void aMeetLostToAConnectionResetStrandsTheMetNodeAsInRedis() {
        // Redis clears the MEET flag once the MEET is written; if that connection dies before the MEET is read,
        // the reconnect sends a PING, the met node answers without adding anyone, and stays alone (redis-cli
        // re-sends CLUSTER MEET for such nodes).
        SimCluster sim = new SimCluster(3, SimConfig.defaults().withSplitFrames(false));
        SimNode a = sim.addNode();
        SimNode b = sim.addNode();
        sim.setDropProbability(1.0);
        sim.meet(a, b);
        sim.runFor(150);
        sim.setDropProbability(0);
        sim.runFor(20_000);
        assertThat(a.core().lookup(b.name())).isNotNull();
        assertThat(b.core().knownNodes()).isEqualTo(1);
        sim.meet(a, b);
        assertThat(sim.runUntil(sim::allKnowEachOther, 10_000)).isNotNegative();
    }

    @Property(tries = 10)
    void redisCliStyleClusterGetsStateOkEverywhere(@ForAll @LongRange(min = 1) long seed) {
        SimCluster sim = createdLikeRedisCli(seed, 3, SimConfig.defaults().withLatency(0, 10));
        long t = sim.runUntil(() -> sim.allKnowEachOther() && sim.slotMapAgreed() && sim.allStateOk(), 60_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        for (SimNode n : sim.nodes()) {
            ClusterNode c = n.core();
            assertThat(c.size()).isEqualTo(3);
            assertThat(c.currentEpoch()).isEqualTo(3);
            assertThat(c.myself().configEpoch()).isEqualTo(n.index() + 1);
        }
    }

    @Test
    void sixNodeClusterConverges() {
        SimCluster sim = createdLikeRedisCli(42, 6, SimConfig.defaults());
        long t = sim.runUntil(() -> sim.allKnowEachOther() && sim.slotMapAgreed() && sim.allStateOk(), 60_000);
        assertThat(t).as(sim.describe()).isNotNegative();
    }

    @Test
    void hundredNodesConverge() {
        int n = 100;
        SimCluster sim = createdLikeRedisCli(7, n, SimConfig.defaults().withLatency(0, 5));
        long started = System.nanoTime();
        long t = sim.runUntil(() -> sim.allKnowEachOther() && sim.slotMapAgreed() && sim.allStateOk(), 300_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        long bytesAtConvergence = sim.totalBytesSent();
        long window = 60_000;
        sim.runFor(window);
        double perNodePerSecond = (sim.totalBytesSent() - bytesAtConvergence) / (double) n / (window / 1000.0);
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("100-node convergence: %d ms virtual; steady-state bus traffic %.0f bytes/node/s "
            + "(%d events, %.1f s wall)%n", t, perNodePerSecond, sim.events(), wallSeconds);
        assertThat(sim.allStateOk()).isTrue();
        for (SimNode node : sim.nodes()) {
            assertThat(node.core().knownNodes()).isEqualTo(n);
            assertThat(node.core().currentEpoch()).isEqualTo(n);
        }
        // Redis sends ~1/10 of the nodes as gossip: a PING/PONG here is 2256 + 10 * 104 bytes
        assertThat(perNodePerSecond).isBetween(10_000.0, 200_000.0);
    }

    @Test
    void aPartitionedMasterIsFailedAndComesBack() {
        SimCluster sim = createdLikeRedisCli(11, 3, SimConfig.defaults().withNodeTimeout(2000));
        assertThat(sim.runUntil(() -> sim.allKnowEachOther() && sim.allStateOk(), 30_000)).isNotNegative();
        SimNode lonely = sim.node(2);
        sim.partition(List.of(List.of(sim.node(0), sim.node(1)), List.of(lonely)));
        sim.runFor(10_000);
        String lonelyName = lonely.name();
        for (int i = 0; i < 2; i++) {
            KnownNode seen = sim.node(i).core().lookup(lonelyName);
            assertThat(seen.failed()).as(sim.describe()).isTrue();
            assertThat(sim.node(i).core().stateOk()).isFalse();
        }
        assertThat(lonely.core().stateOk()).isFalse();
        sim.heal();
        long t = sim.runUntil(sim::allStateOk, 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        assertThat(sim.node(0).core().lookup(lonelyName).failed()).isFalse();
    }

    @Test
    void aCrashedNodeRestartsFromItsNodesConfAndRejoins() {
        SimCluster sim = createdLikeRedisCli(5, 3, SimConfig.defaults().withNodeTimeout(3000));
        assertThat(sim.runUntil(() -> sim.allKnowEachOther() && sim.allStateOk(), 30_000)).isNotNegative();
        SimNode victim = sim.node(1);
        String name = victim.name();
        sim.kill(victim);
        sim.runFor(10_000);
        assertThat(sim.node(0).core().lookup(name).failed()).isTrue();
        sim.restart(victim);
        assertThat(victim.name()).isEqualTo(name);
        assertThat(victim.core().myself().configEpoch()).isEqualTo(2);
        long t = sim.runUntil(() -> sim.allStateOk() && sim.slotMapAgreed(), 30_000);
        assertThat(t).as(sim.describe()).isNotNegative();
    }

    @Test
    void closingAnImportPropagatesTheNewOwner() {
        SimCluster sim = createdLikeRedisCli(9, 3, SimConfig.defaults());
        assertThat(sim.runUntil(() -> sim.allKnowEachOther() && sim.allStateOk(), 30_000)).isNotNegative();
        // slot 16000 moves from node 2 (config epoch 3, the greatest) to node 0 (epoch 1)
        SimNode source = sim.node(2);
        SimNode target = sim.node(0);
        assertThat(sim.op(target, c -> c.operator().setSlot("16000", List.of("IMPORTING", source.name()), sim.now())))
            .isEqualTo(OpResult.OK);
        assertThat(sim.op(source, c -> c.operator().setSlot("16000", List.of("MIGRATING", target.name()), sim.now())))
            .isEqualTo(OpResult.OK);
        assertThat(sim.op(target, c -> c.operator().setSlot("16000", List.of("NODE", target.name()), sim.now())))
            .isEqualTo(OpResult.OK);
        // closing the import bumps the importer's epoch without consensus: 1 -> 4
        assertThat(target.core().myself().configEpoch()).isEqualTo(4);
        long t = sim.runUntil(() -> sim.nodes().stream().allMatch(n -> n.core().slotOwner(16000).name()
            .equals(target.name())), 10_000);
        assertThat(t).as(sim.describe()).isNotNegative();
        // the source closes its side too (redis-cli sends SETSLOT NODE to every master)
        assertThat(sim.op(source, c -> c.operator().setSlot("16000", List.of("NODE", target.name()), sim.now())))
            .isEqualTo(OpResult.OK);
        assertThat(source.core().migratingTo(16000)).isNull();
        // a node that already has the greatest epoch keeps it when it closes an import (BUMPEPOCH says STILL)
        assertThat(sim.op(target, c -> c.operator().bumpEpoch())).isEqualTo(OpResult.status("STILL 4"));
        assertThat(sim.runUntil(sim::slotMapAgreed, 5_000)).isNotNegative();
    }

    @Test
    void sameSeedSameRun() {
        String[] runs = new String[2];
        for (int r = 0; r < 2; r++) {
            SimCluster sim = createdLikeRedisCli(1234, 5, SimConfig.defaults().withLatency(0, 30)
                .withDropProbability(0.02));
            sim.runFor(20_000);
            StringBuilder sb = new StringBuilder(sim.events() + " " + sim.totalBytesSent() + "\n");
            for (SimNode n : sim.nodes()) {
                sb.append(n.savedConfig().replaceAll(" \\d{13} ", " T "));
            }
            runs[r] = sb.toString();
        }
        assertThat(runs[1]).isEqualTo(runs[0]);
    }
}
