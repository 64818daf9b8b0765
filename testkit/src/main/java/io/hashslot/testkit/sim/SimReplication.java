package io.hashslot.testkit.sim;

import io.hashslot.cluster.core.ClusterAction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Just enough replication for failover to mean something: every master serving slots takes writes (its offset
 * grows on each cron tick unless a manual failover paused writes); a replica whose master is alive and reachable
 * copies the master's offset on each of its ticks (a full or partial sync, both end at the master's offset), and
 * otherwise counts how long its master link has been down. Promotions are recorded with the offsets involved so
 * scenarios can count lost writes.
 */
final class SimReplication {
    /** A replica turned master: when, its offset then, and its old master's offset then (-1 if unknown). */
    record Promotion(long time, SimNode node, String oldMaster, long offset, long oldMasterOffset) {
    }

    private final SimCluster sim;
    private final SplittableRandom random;
    private final List<Promotion> promotions = new ArrayList<>();
    /** Bytes of writes a master takes per 100 ms tick, at most. */
    private long writeRate = 1000;

    SimReplication(SimCluster sim, SplittableRandom random) {
        this.sim = sim;
        this.random = random;
    }

    void setWriteRate(long bytesPerTick) {
        this.writeRate = bytesPerTick;
    }

    List<Promotion> promotions() {
        return promotions;
    }

    /** Before the node's cron tick: take writes (master) or follow the master (replica). */
    void tick(SimNode n, long now) {
        if (n.replicatingFrom == null) {
            if (n.core.myself().isMaster() && n.core.myself().numSlots() > 0 && now >= n.pausedUntil
                && writeRate > 0) {
                n.offset += 1 + random.nextLong(writeRate);
            }
            return;
        }
        SimNode master = sim.byName(n.replicatingFrom);
        if (master != null && master.alive && master != n && !sim.isPartitioned(n, master)) {
            n.offset = master.offset;
            n.linkDownSince = 0;
        } else if (n.linkDownSince == 0) {
            n.linkDownSince = now;
        }
    }

    /** The replication side of a core's action; false when the action is not about replication. */
    boolean perform(SimNode x, ClusterAction a, long now) {
        if (a instanceof ClusterAction.ReplicateFrom r) {
            if (!r.nodeName().equals(x.replicatingFrom)) {
                x.replicatingFrom = r.nodeName();
                x.linkDownSince = now;
            }
        } else if (a instanceof ClusterAction.StopReplication) {
            if (x.replicatingFrom != null) {
                SimNode old = sim.byName(x.replicatingFrom);
                promotions.add(new Promotion(now, x, x.replicatingFrom, x.offset, old == null ? -1 : old.offset));
            }
            x.replicatingFrom = null;
            x.linkDownSince = 0;
        } else if (a instanceof ClusterAction.PauseWritesFor p) {
            x.pausedUntil = now + p.millis();
        } else if (a instanceof ClusterAction.UnpauseWrites) {
            x.pausedUntil = 0;
        } else {
            return false;
        }
        return true;
    }
}
