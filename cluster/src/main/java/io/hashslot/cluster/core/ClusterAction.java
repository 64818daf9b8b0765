package io.hashslot.cluster.core;

import io.hashslot.common.LogLevel;
import java.util.Arrays;

/**
 * What the cluster core asks its driver to do. The driver (the server's event loop, or the simulator) takes them
 * with {@link ClusterNode#takeActions()} after every input and carries them out in order.
 */
public sealed interface ClusterAction {

    /**
     * Open an outbound TCP connection to {@code ip:cport} for link {@code linkId}; report the outcome with
     * {@link ClusterNode#onLinkConnected}, {@link ClusterNode#onLinkClosed} (asynchronous failure) or
     * {@link ClusterNode#onConnectError} (connect() failed right away).
     */
    record Connect(long linkId, String nodeName, String ip, int cport) implements ClusterAction {
    }

    /** Write a message on an established link. */
    record Send(long linkId, OutgoingMessage message) implements ClusterAction {
    }

    /** Close a link (the core already forgot it; do not report it back). */
    record CloseLink(long linkId) implements ClusterAction {
    }

    /** Rewrite nodes.conf with {@code content} (Redis: one write, padded, then truncate), fsync if asked. */
    record SaveConfig(String content, boolean fsync) implements ClusterAction {
    }

    /** Replicate from this master (Redis: replicationSetMaster). */
    record ReplicateFrom(String nodeName, String ip, int port) implements ClusterAction {
    }

    /** Stop replicating and become a master (Redis: replicationUnsetMaster). */
    record StopReplication() implements ClusterAction {
    }

    /**
     * Manual failover, master side: refuse writes from clients (reads go on) for {@code millis} ms from now, until
     * {@link UnpauseWrites} or the time runs out (Redis: pauseClients(PAUSE_DURING_FAILOVER, ..., WRITE)). The
     * replication offset must stay frozen while paused: it is the offset the replica waits for.
     */
    record PauseWritesFor(long millis) implements ClusterAction {
    }

    /** Manual failover over (done, aborted or timed out): lift the {@link PauseWritesFor} pause. */
    record UnpauseWrites() implements ClusterAction {
    }

    /** Empty every database (CLUSTER RESET on a replica). */
    record FlushAllData() implements ClusterAction {
    }

    /** Delete the keys of slots this node lost while still holding keys in them. */
    record DeleteKeysInSlots(int[] slots) implements ClusterAction {
        @Override
        public String toString() {
            return "DeleteKeysInSlots" + Arrays.toString(slots);
        }
    }

    /** Unsubscribe shard channels of these slots (they left this node's shard). */
    record RemoveShardChannelsInSlots(int[] slots) implements ClusterAction {
        @Override
        public String toString() {
            return "RemoveShardChannelsInSlots[" + slots.length + " slots]";
        }
    }

    /** Deliver a PUBLISH / PUBLISHSHARD received on the bus to local subscribers. */
    record DeliverPublish(byte[] channel, byte[] message, boolean sharded) implements ClusterAction {
    }

    /** Hand a MODULE message to the module API. */
    record DeliverModuleMessage(String senderName, long moduleId, int type, byte[] payload) implements ClusterAction {
    }

    /** A log line in Redis's words. */
    record Log(LogLevel level, String line) implements ClusterAction {
    }
}
