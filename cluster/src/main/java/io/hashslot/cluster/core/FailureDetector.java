package io.hashslot.cluster.core;

import io.hashslot.common.LogLevel;

/**
 * PFAIL → FAIL agreement (markNodeAsFailingIfNeeded) and undoing FAIL when a node answers again
 * (clearNodeFailureIfNeeded). Setting PFAIL happens in {@link ClusterCron}; failure reports arrive through
 * {@link GossipHandler}; FAIL messages through {@link PacketProcessor}.
 */
final class FailureDetector {
    private final ClusterNode c;

    FailureDetector(ClusterNode c) {
        this.c = c;
    }

    void markFailingIfNeeded(KnownNode node, long now) {
        int neededQuorum = c.size / 2 + 1;
        if (!node.timedOut() || node.failed()) {
            return;
        }
        int failures = c.table.failureReportsCount(node, now);
        if (c.table.myself.isMaster()) {
            failures++;
        }
        if (failures < neededQuorum) {
            return;
        }
        c.out.log(LogLevel.NOTICE, "Marking node " + node.name + " as failing (quorum reached).");
        node.flags &= ~NodeFlags.PFAIL;
        node.flags |= NodeFlags.FAIL;
        node.failTime = now;
        c.messages.broadcastFail(node.name);
        c.out.todo(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG);
    }

    void clearFailureIfNeeded(KnownNode node, long now) {
        if (node.isReplica() || node.numSlots == 0) {
            c.out.log(LogLevel.NOTICE, "Clear FAIL state for node " + node.name + ": "
                + (node.isReplica() ? "replica" : "master without slots") + " is reachable again.");
            node.flags &= ~NodeFlags.FAIL;
            c.out.todo(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG);
        }
        if (node.isMaster() && node.numSlots > 0 && now - node.failTime > c.settings.nodeTimeout() * 2) {
            c.out.log(LogLevel.NOTICE, "Clear FAIL state for node " + node.name + ": is reachable again and nobody is"
                + " serving its slots after some time.");
            node.flags &= ~NodeFlags.FAIL;
            c.out.todo(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG);
        }
    }
}
