package io.hashslot.cluster.core;

/**
 * What the cluster core asks the rest of its node (keyspace and replication), synchronously on the node's thread.
 */
public interface DataProbe {
    /** Keys of DB 0 in this hash slot. */
    long countKeysInSlot(int slot);

    /** Keys in DB 0 (CLUSTER REPLICATE / RESET / FLUSHSLOTS refuse a master with data). */
    long db0Size();

    /** master_repl_offset on a master, the processed offset on a replica (header {@code offset}). */
    long replicationOffset();

    /** Whether replication towards a master is configured (Redis: server.masterhost != NULL). */
    boolean replicationMasterSet();

    /**
     * On a replica: milliseconds since the link to its master went down, 0 while it is up (Redis's data age for the
     * cluster-replica-validity-factor check). Defaults to 0 (link up).
     */
    default long masterLinkDownMillis() {
        return 0;
    }

    /** A node without data that never replicates; for tests and the simulator. */
    DataProbe EMPTY = new DataProbe() {
        @Override
        public long countKeysInSlot(int slot) {
            return 0;
        }

        @Override
        public long db0Size() {
            return 0;
        }

        @Override
        public long replicationOffset() {
            return 0;
        }

        @Override
        public boolean replicationMasterSet() {
            return false;
        }
    };
}
