package io.hashslot.cluster.core;

import io.hashslot.common.LogLevel;

/**
 * Replica migration (clusterHandleSlaveMigration): a replica of the master with the most working replicas moves to
 * an orphaned master (one that serves slots and had replicas, but has no working one left) once that master has
 * been orphaned for {@link #MIGRATION_DELAY} ms, if its own master keeps more than cluster-migration-barrier
 * working replicas. Among the candidates only the replica with the smallest name moves.
 */
final class ReplicaMigration {
    /** CLUSTER_SLAVE_MIGRATION_DELAY. */
    static final long MIGRATION_DELAY = 5000;

    private final ClusterNode c;

    ReplicaMigration(ClusterNode c) {
        this.c = c;
    }

    void handle(int maxReplicas, long now) {
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        KnownNode myMaster = myself.master;
        if (c.state != ClusterNode.STATE_OK || myMaster == null) {
            return;
        }
        int okReplicas = 0;
        for (KnownNode r : myMaster.replicas) {
            if (!r.failed() && !r.timedOut()) {
                okReplicas++;
            }
        }
        if (okReplicas <= c.settings.migrationBarrier()) {
            return;
        }
        KnownNode target = null;
        KnownNode candidate = myself;
        for (KnownNode node : t.snapshot()) {
            int ok = 0;
            boolean orphaned = !node.isReplica() && !node.failed() && (node.flags & NodeFlags.MIGRATE_TO) != 0;
            if (node.isMaster()) {
                ok = t.countNonFailingReplicas(node);
            }
            if (ok > 0) {
                orphaned = false;
            }
            if (orphaned) {
                if (target == null && node.numSlots > 0) {
                    target = node;
                }
                if (node.orphanedTime == 0) {
                    node.orphanedTime = now;
                }
            } else {
                node.orphanedTime = 0;
            }
            if (ok == maxReplicas) {
                for (KnownNode r : node.replicas) {
                    if (EpochRules.compareNames(r.name, candidate.name) < 0) {
                        candidate = r;
                    }
                }
            }
        }
        if (target != null && candidate == myself && now - target.orphanedTime > MIGRATION_DELAY) {
            c.out.log(LogLevel.WARNING, "Migrating to orphaned master " + target.name);
            c.setMaster(target);
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
        }
    }
}
