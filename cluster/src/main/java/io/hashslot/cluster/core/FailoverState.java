package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusHeader;
import io.hashslot.cluster.bus.MessageFlags;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.bus.SlotBitmap;
import io.hashslot.common.LogLevel;

/**
 * Election and manual failover state (Redis's {@code failover_auth_*} and {@code mf_*} fields) and the master-side
 * voting rule. The replica-side election, manual failover and replica migration build on these fields (next step).
 */
final class FailoverState {
    private final ClusterNode c;

    /** Time of the previous or next election. */
    long authTime;
    int authCount;
    boolean authSent;
    int authRank;
    long authEpoch;
    int cantFailoverReason;
    /** Manual failover deadline, 0 when none is in progress. */
    long mfEnd;
    KnownNode mfReplica;
    long mfMasterOffset = -1;
    boolean mfCanStart;

    FailoverState(ClusterNode c) {
        this.c = c;
    }

    /** resetManualFailover (the master-side unpause is part of the manual failover step, not built yet). */
    void resetManualFailover() {
        mfEnd = 0;
        mfCanStart = false;
        mfReplica = null;
        mfMasterOffset = -1;
    }

    /** clusterSendFailoverAuthIfNeeded: a master votes for a replica that asks, when every rule allows it. */
    void voteIfNeeded(KnownNode node, BusHeader request, long now) {
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        KnownNode master = node.master;
        boolean forceAck = (request.mflags() & MessageFlags.FORCEACK) != 0;
        if (myself.isReplica() || myself.numSlots == 0) {
            return;
        }
        if (Long.compareUnsigned(request.currentEpoch(), t.currentEpoch) < 0) {
            c.out.log(LogLevel.WARNING, "Failover auth denied to " + node.name + ": reqEpoch ("
                + Long.toUnsignedString(request.currentEpoch()) + ") < curEpoch("
                + Long.toUnsignedString(t.currentEpoch) + ")");
            return;
        }
        if (t.lastVoteEpoch == t.currentEpoch) {
            c.out.log(LogLevel.WARNING, "Failover auth denied to " + node.name + ": already voted for epoch "
                + Long.toUnsignedString(t.currentEpoch));
            return;
        }
        if (node.isMaster() || master == null || (!master.failed() && !forceAck)) {
            if (node.isMaster()) {
                c.out.log(LogLevel.WARNING, "Failover auth denied to " + node.name + ": it is a master node");
            } else if (master == null) {
                c.out.log(LogLevel.WARNING, "Failover auth denied to " + node.name + ": I don't know its master");
            } else {
                c.out.log(LogLevel.WARNING, "Failover auth denied to " + node.name + ": its master is up");
            }
            return;
        }
        long gap = c.settings.nodeTimeout() * 2;
        if (now - master.votedTime < gap) {
            c.out.log(LogLevel.WARNING, "Failover auth denied to " + node.name
                + ": can't vote about this master before " + (gap - (now - master.votedTime)) + " milliseconds");
            return;
        }
        SlotBitmap claimed = request.myslots();
        for (int j = claimed.nextSetBit(0); j >= 0; j = claimed.nextSetBit(j + 1)) {
            if (t.isSlotUnclaimed(j) || Long.compareUnsigned(t.slots[j].configEpoch, request.configEpoch()) <= 0) {
                continue;
            }
            c.out.log(LogLevel.WARNING, "Failover auth denied to " + node.name + ": slot " + j + " epoch ("
                + Long.toUnsignedString(t.slots[j].configEpoch) + ") > reqEpoch ("
                + Long.toUnsignedString(request.configEpoch()) + ")");
            return;
        }
        t.lastVoteEpoch = t.currentEpoch;
        master.votedTime = now;
        c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_FSYNC_CONFIG);
        if (node.link != null) {
            c.links.send(node.link, c.messages.headerOnly(MessageType.FAILOVER_AUTH_ACK, 0));
        }
        c.out.log(LogLevel.WARNING, "Failover auth granted to " + node.name + " for epoch "
            + Long.toUnsignedString(t.currentEpoch));
    }

    /** A FAILOVER_AUTH_ACK: counted when it comes from a master with slots, at or after the election epoch. */
    void onAuthAck(KnownNode sender, BusHeader h) {
        if (sender.isMaster() && sender.numSlots > 0 && Long.compareUnsigned(h.currentEpoch(), authEpoch) >= 0) {
            authCount++;
            c.out.todo(Outbox.TODO_HANDLE_FAILOVER);
        }
    }
}
