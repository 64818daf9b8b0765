package io.hashslot.cluster.core;

import io.hashslot.common.LogLevel;

/**
 * clusterUpdateState: cluster_state is ok when every slot is served by a non-failed node (with
 * cluster-require-full-coverage) and a majority of the slot-serving masters is reachable; a master waits 2 s after
 * start, and after being in the minority waits clamp(node_timeout, 500, 5000) ms, before going back to ok.
 */
final class StateEvaluator {
    static final long WRITABLE_DELAY = 2000;
    static final long MIN_REJOIN_DELAY = 500;
    static final long MAX_REJOIN_DELAY = 5000;

    private final ClusterNode c;
    private long firstCallTime;
    private long amongMinorityTime;

    StateEvaluator(ClusterNode c) {
        this.c = c;
    }

    void update(long now) {
        NodeTable t = c.table;
        c.out.todo &= ~Outbox.TODO_UPDATE_STATE;
        if (firstCallTime == 0) {
            firstCallTime = now;
        }
        if (t.myself.isMaster() && c.state == ClusterNode.STATE_FAIL && now - firstCallTime < WRITABLE_DELAY) {
            return;
        }
        int newState = ClusterNode.STATE_OK;
        if (c.settings.requireFullCoverage()) {
            for (int j = 0; j < NodeTable.SLOTS; j++) {
                KnownNode n = t.slots[j];
                if (n == null || n.failed()) {
                    newState = ClusterNode.STATE_FAIL;
                    break;
                }
            }
        }
        int size = 0;
        int reachable = 0;
        for (KnownNode n : t.all()) {
            if (n.isMaster() && n.numSlots > 0) {
                size++;
                if ((n.flags & (NodeFlags.FAIL | NodeFlags.PFAIL)) == 0) {
                    reachable++;
                }
            }
        }
        c.size = size;
        if (reachable < size / 2 + 1) {
            newState = ClusterNode.STATE_FAIL;
            amongMinorityTime = now;
        }
        if (newState != c.state) {
            long rejoinDelay = Math.min(MAX_REJOIN_DELAY, Math.max(MIN_REJOIN_DELAY, c.settings.nodeTimeout()));
            if (newState == ClusterNode.STATE_OK && t.myself.isMaster() && now - amongMinorityTime < rejoinDelay) {
                return;
            }
            c.out.log(LogLevel.WARNING, "Cluster state changed: " + (newState == ClusterNode.STATE_OK ? "ok" : "fail"));
            c.state = newState;
        }
    }
}
