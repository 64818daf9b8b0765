package io.hashslot.commands;

/**
 * What other parts of the node (REPLICAOF, CLUSTER REPLICATE, cluster failover, the cluster bus header) ask of
 * replication. The server installs the real implementation with {@link ServerContext#setReplication}; until then
 * {@link #NONE} answers as a master with no replication stream.
 */
public interface ReplicationControl {
    /** Become a replica of host:port (REPLICAOF host port, CLUSTER REPLICATE); drops any current master link. */
    void replicaOf(String host, int port);

    /** Stop replicating and serve as a master (REPLICAOF NO ONE, failover promotion), keeping the dataset. */
    void promote();

    /** This node's replication offset (master_repl_offset, or the processed offset on a replica). */
    long offset();

    /**
     * The offset cluster bus messages carry (replicationGetSlaveOffset on a replica): 0 on a replica that threw its
     * history away for a full sync and has not finished it, which other nodes read as "loading".
     */
    default long clusterOffset() {
        return offset();
    }

    /**
     * Milliseconds since the link to the master went down, 0 while it is up; meaningful on a replica only (the
     * cluster's failover uses it for the data age check).
     */
    long masterLinkDownMillis();

    /**
     * checkGoodReplicasStatus: false when this master has fewer good replicas than min-replicas-to-write asks
     * (writes then get NOREPLICAS); always true on a replica or when the option is off.
     */
    default boolean goodReplicasOk() {
        return true;
    }

    /**
     * A manual failover is pausing this master: no replication PINGs, so that the offset the replica must reach
     * stays put (Redis skips them while mf_end is set and clients are paused).
     */
    default void setManualFailoverPause(boolean paused) {
    }

    /**
     * A client connection is gone or was just killed (Redis frees a killed client inside CLIENT KILL): a replica
     * leaves the replica list at once, so INFO, WAIT and min-replicas-to-write stop counting it.
     */
    default void clientGone(Client c) {
    }

    /**
     * What a replica connection counts against client-output-buffer-limit, given the bytes queued on it: during a
     * full sync the held stream (not the RDB being sent), afterwards the queued bytes.
     */
    default long replicaBufferBytes(Client c, long queued) {
        return queued;
    }

    /** The INFO replication section (with its "# Replication" title), or null for the built-in master default. */
    default String info() {
        return null;
    }

    /** Placeholder used before replication is installed: a master that never had a replication stream. */
    ReplicationControl NONE = new ReplicationControl() {
        @Override
        public void replicaOf(String host, int port) {
            throw new UnsupportedOperationException("replication is not installed on this node");
        }

        @Override
        public void promote() {
        }

        @Override
        public long offset() {
            return 0;
        }

        @Override
        public long masterLinkDownMillis() {
            return 0;
        }
    };
}
