package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusHeader;
import io.hashslot.cluster.bus.MessageFlags;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.bus.SlotBitmap;
import io.hashslot.common.LogLevel;
import java.util.HashSet;
import java.util.Set;

/**
 * Election and manual failover state (Redis's {@code failover_auth_*} and {@code mf_*} fields), the master-side
 * voting rule, and the manual failover steps (CLUSTER FAILOVER on the replica, MFSTART on the master, the paused
 * master's offset reaching the replica). The replica's election itself is {@link Election}.
 */
final class FailoverState {
    /** CLUSTER_MF_TIMEOUT: a manual failover must complete within this time. */
    static final long MF_TIMEOUT = 5000;
    /** CLUSTER_MF_PAUSE_MULT: the master pauses writes for MF_TIMEOUT times this. */
    static final long MF_PAUSE_MULT = 2;

    private final ClusterNode c;

    /** Time of the previous or next election. */
    long authTime;
    /** Masters whose vote this election counted (its size is failover_auth_count); a replayed vote counts once. */
    final Set<String> authVoters = new HashSet<>();
    boolean authSent;
    int authRank;
    long authEpoch;
    int cantFailoverReason;
    /** Manual failover deadline, 0 when none is in progress. */
    long mfEnd;
    /** Master side: the replica that asked for the manual failover (writes are paused while set). */
    KnownNode mfReplica;
    long mfMasterOffset = -1;
    boolean mfCanStart;

    FailoverState(ClusterNode c) {
        this.c = c;
    }

    /** resetManualFailover: a master that paused writes for a manual failover lifts the pause. */
    void resetManualFailover() {
        if (mfReplica != null) {
            c.out.add(new ClusterAction.UnpauseWrites());
        }
        mfEnd = 0;
        mfCanStart = false;
        mfReplica = null;
        mfMasterOffset = -1;
    }

    /** manualFailoverCheckTimeout. */
    void checkManualFailoverTimeout(long now) {
        if (mfEnd != 0 && mfEnd < now) {
            c.out.log(LogLevel.WARNING, "Manual failover timed out.");
            resetManualFailover();
        }
    }

    /** CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica; {@code option} null for the default (safe) mode. */
    OpResult userFailover(String option, long now) {
        boolean force = false;
        boolean takeover = false;
        if (option != null) {
            if (option.equalsIgnoreCase("force")) {
                force = true;
            } else if (option.equalsIgnoreCase("takeover")) {
                takeover = true;
                force = true;
            } else {
                return OpResult.error("ERR syntax error");
            }
        }
        KnownNode myself = c.table.myself;
        if (myself.isMaster()) {
            return OpResult.error("ERR You should send CLUSTER FAILOVER to a replica");
        } else if (myself.master == null) {
            return OpResult.error("ERR I'm a replica but my master is unknown to me");
        } else if (!force && (myself.master.failed() || myself.master.link == null)) {
            return OpResult.error("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE");
        }
        resetManualFailover();
        mfEnd = now + MF_TIMEOUT;
        if (takeover) {
            c.out.log(LogLevel.WARNING, "Taking over the master (user request).");
            c.epochs.bumpWithoutConsensus();
            c.election.replaceMyMaster(now);
        } else if (force) {
            c.out.log(LogLevel.WARNING, "Forced failover user request accepted.");
            mfCanStart = true;
        } else {
            c.out.log(LogLevel.WARNING, "Manual failover user request accepted.");
            if (myself.master.link != null) {
                c.links.send(myself.master.link, c.messages.headerOnly(MessageType.MFSTART, 0));
            }
        }
        return OpResult.OK;
    }

    /** MFSTART from one of my replicas: pause writes, remember the replica, PING it with the PAUSED flag. */
    void onMfStart(KnownNode sender, Link link, long now) {
        if (sender == null || sender.master != c.table.myself) {
            return;
        }
        resetManualFailover();
        mfEnd = now + MF_TIMEOUT;
        mfReplica = sender;
        c.out.add(new ClusterAction.PauseWritesFor(MF_TIMEOUT * MF_PAUSE_MULT));
        c.out.log(LogLevel.WARNING, "Manual failover requested by replica " + sender.name + ".");
        c.messages.sendPing(link, MessageType.PING, now);
    }

    /** clusterHandleManualFailover: the replica may start once it processed the paused master's offset. */
    void handleManualFailover() {
        if (mfEnd == 0 || mfCanStart || mfMasterOffset == -1) {
            return;
        }
        if (mfMasterOffset == c.probe.replicationOffset()) {
            mfCanStart = true;
            c.out.log(LogLevel.WARNING, "All master replication stream processed, manual failover can start.");
            c.out.todo(Outbox.TODO_HANDLE_FAILOVER);
            return;
        }
        c.out.todo(Outbox.TODO_HANDLE_MANUALFAILOVER);
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
        // Redis saves in beforeSleep, before the event loop writes the ACK; we emit the save ahead of the Send so a
        // driver that carries actions out in order has the vote on disk before it leaves
        c.saveConfigNow(true);
        if (node.link != null) {
            c.links.send(node.link, c.messages.headerOnly(MessageType.FAILOVER_AUTH_ACK, 0));
        }
        c.out.log(LogLevel.WARNING, "Failover auth granted to " + node.name + " for epoch "
            + Long.toUnsignedString(t.currentEpoch));
    }

    /**
     * A FAILOVER_AUTH_ACK: counted when it comes from a master with slots, at or after the election epoch, once per
     * master (Redis counts every ACK; over TCP a master never sends two for one election, so the two agree, but a
     * replayed frame must not count as a second vote).
     */
    void onAuthAck(KnownNode sender, BusHeader h) {
        if (sender.isMaster() && sender.numSlots > 0 && Long.compareUnsigned(h.currentEpoch(), authEpoch) >= 0
            && authVoters.add(sender.name)) {
            c.out.todo(Outbox.TODO_HANDLE_FAILOVER);
        }
    }
}
