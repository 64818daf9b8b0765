package io.hashslot.store;

/**
 * What the keyspace tells the layers above it about changes it makes on its own (expiry on access or by the
 * active cycle) and what it is about to change (so snapshots can copy a slot before a write touches it).
 */
public interface KeyspaceListener {
    /** A key was found expired and deleted (master only). Called after deletion. */
    default void keyExpired(Db db, byte[] key) {
    }

    /** A key that did not exist was added (dbAdd: Redis's "new" keyspace event). Called after the add. */
    default void keyAdded(Db db, byte[] key) {
    }

    /** A write is about to change {@code key} in {@code slot}; called before the change. */
    default void beforeWrite(Db db, int slot, byte[] key) {
    }

    KeyspaceListener NONE = new KeyspaceListener() {
    };
}
