package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.MessageFlags;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.common.LogLevel;

/**
 * A replica replacing its failed master (clusterHandleSlaveFailover and its helpers): eligibility (validity factor,
 * cluster-replica-no-failover), the delayed start ranked by replication offset, the FAILOVER_AUTH_REQUEST round in
 * a new epoch, winning with a majority of the slot-serving masters, and taking over the master's slots. Manual
 * failover runs the same election without delay and with FORCEACK. Its state lives in {@link FailoverState}.
 */
final class Election {
    static final int CANT_NONE = 0;
    static final int CANT_DATA_AGE = 1;
    static final int CANT_WAITING_DELAY = 2;
    static final int CANT_EXPIRED = 3;
    static final int CANT_WAITING_VOTES = 4;
    /** CLUSTER_CANT_FAILOVER_RELOG_PERIOD, seconds. */
    static final long RELOG_PERIOD_SECONDS = 60 * 5;

    private final ClusterNode c;
    private long lastCantLogSeconds;

    Election(ClusterNode c) {
        this.c = c;
    }

    /** clusterGetSlaveRank: other failover-capable replicas of my master with a greater replication offset. */
    int rank() {
        KnownNode myself = c.table.myself;
        KnownNode master = myself.master;
        if (master == null) {
            return 0;
        }
        long myOffset = c.probe.replicationOffset();
        int rank = 0;
        for (KnownNode r : master.replicas) {
            if (r != myself && (r.flags & NodeFlags.NOFAILOVER) == 0 && r.replOffset > myOffset) {
                rank++;
            }
        }
        return rank;
    }

    /** clusterHandleSlaveFailover: one step of the election state machine; called from cron and beforeSleep. */
    void handle(long now) {
        FailoverState f = c.failover;
        KnownNode myself = c.table.myself;
        KnownNode master = myself.master;
        long authAge = now - f.authTime;
        int neededQuorum = c.size / 2 + 1;
        boolean manual = f.mfEnd != 0 && f.mfCanStart;
        long nodeTimeout = c.settings.nodeTimeout();
        long authTimeout = Math.max(nodeTimeout * 2, 2000);
        long authRetryTime = authTimeout * 2;
        c.out.todo &= ~Outbox.TODO_HANDLE_FAILOVER;

        if (myself.isMaster() || master == null || (!master.failed() && !manual)
            || (c.settings.replicaNoFailover() && !manual) || master.numSlots == 0) {
            f.cantFailoverReason = CANT_NONE;
            return;
        }
        long dataAge = c.probe.masterLinkDownMillis();
        if (dataAge > nodeTimeout) {
            dataAge -= nodeTimeout;
        }
        int factor = c.settings.replicaValidityFactor();
        if (factor != 0 && dataAge > c.settings.replPingReplicaPeriod() * 1000L + nodeTimeout * factor && !manual) {
            logCantFailover(CANT_DATA_AGE, now);
            return;
        }
        if (authAge > authRetryTime) {
            f.authTime = now + 500 + c.random.nextInt(500);
            f.authVoters.clear();
            f.authSent = false;
            f.authRank = rank();
            f.authTime += f.authRank * 1000L;
            if (f.mfEnd != 0) {
                f.authTime = now;
                f.authRank = 0;
                c.out.todo(Outbox.TODO_HANDLE_FAILOVER);
            }
            c.out.log(LogLevel.WARNING, "Start of election delayed for " + (f.authTime - now)
                + " milliseconds (rank #" + f.authRank + ", offset " + c.probe.replicationOffset() + ").");
            c.messages.broadcastPong(MessageBuilder.BROADCAST_LOCAL_REPLICAS, now);
            return;
        }
        if (!f.authSent && f.mfEnd == 0) {
            int newRank = rank();
            if (newRank > f.authRank) {
                long added = (newRank - f.authRank) * 1000L;
                f.authTime += added;
                f.authRank = newRank;
                c.out.log(LogLevel.WARNING, "Replica rank updated to #" + newRank + ", added " + added
                    + " milliseconds of delay.");
            }
        }
        if (now < f.authTime) {
            logCantFailover(CANT_WAITING_DELAY, now);
            return;
        }
        if (authAge > authTimeout) {
            logCantFailover(CANT_EXPIRED, now);
            return;
        }
        NodeTable t = c.table;
        if (!f.authSent) {
            t.currentEpoch++;
            f.authEpoch = t.currentEpoch;
            c.out.log(LogLevel.WARNING, "Starting a failover election for epoch "
                + Long.toUnsignedString(t.currentEpoch) + ".");
            c.saveConfigNow(true);
            c.messages.broadcast(c.messages.headerOnly(MessageType.FAILOVER_AUTH_REQUEST,
                f.mfEnd != 0 ? MessageFlags.FORCEACK : 0));
            f.authSent = true;
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE | Outbox.TODO_FSYNC_CONFIG);
        }
        if (f.authVoters.size() >= neededQuorum) {
            c.out.log(LogLevel.WARNING, "Failover election won: I'm the new master.");
            if (Long.compareUnsigned(myself.configEpoch, f.authEpoch) < 0) {
                myself.configEpoch = f.authEpoch;
                c.out.log(LogLevel.WARNING, "configEpoch set to " + Long.toUnsignedString(myself.configEpoch)
                    + " after successful failover");
            }
            replaceMyMaster(now);
        } else {
            logCantFailover(CANT_WAITING_VOTES, now);
        }
    }

    /**
     * clusterFailoverReplaceYourMaster: become a master, stop replicating, take every slot of the old master, save,
     * and PONG everybody so they learn the new owner.
     */
    void replaceMyMaster(long now) {
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        KnownNode old = myself.master;
        if (myself.isMaster() || old == null) {
            return;
        }
        t.setNodeAsMaster(myself);
        c.out.add(new ClusterAction.StopReplication());
        for (int j = old.slots.nextSetBit(0); j >= 0; j = old.slots.nextSetBit(j + 1)) {
            t.delSlot(j);
            t.addSlot(myself, j);
        }
        c.stateEvaluator.update(now);
        c.saveConfigNow(true);
        c.messages.broadcastPong(MessageBuilder.BROADCAST_ALL, now);
        c.failover.resetManualFailover();
    }

    /** clusterLogCantFailover: why the election cannot go on, at most once per reason every 5 minutes. */
    private void logCantFailover(int reason, long now) {
        FailoverState f = c.failover;
        long nowSeconds = now / 1000;
        if (reason == f.cantFailoverReason && nowSeconds - lastCantLogSeconds < RELOG_PERIOD_SECONDS) {
            return;
        }
        f.cantFailoverReason = reason;
        KnownNode master = c.table.myself.master;
        if (master != null && master.failed() && now - master.failTime < c.settings.nodeTimeout() + 5000) {
            return;
        }
        String msg = switch (reason) {
            case CANT_DATA_AGE -> "Disconnected from master for longer than allowed. Please check the"
                + " 'cluster-replica-validity-factor' configuration option.";
            case CANT_WAITING_DELAY -> "Waiting the delay before I can start a new failover.";
            case CANT_EXPIRED -> "Failover attempt expired.";
            case CANT_WAITING_VOTES -> "Waiting for votes, but majority still not reached.";
            default -> "Unknown reason code.";
        };
        lastCantLogSeconds = nowSeconds;
        c.out.log(LogLevel.WARNING, "Currently unable to failover: " + msg);
    }
}
