package io.hashslot.commands.keys;

import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.KeyspaceListener;

/**
 * What happens above the store when it deletes an expired key (on access or in the active expiry cycle): the
 * "expired" keyspace event and the WATCH touch of Redis's deleteExpiredKeyAndPropagate. The store counts
 * expired_keys itself. Propagating the DEL to replicas and the AOF belongs to replication, which does not exist
 * yet.
 */
final class ExpiredKeys implements KeyspaceListener {
    private final ServerContext server;

    ExpiredKeys(ServerContext server) {
        this.server = server;
    }

    @Override
    public void keyExpired(Db db, byte[] key) {
        server.notifyKeyspaceEvent(KeyspaceEventFlags.EXPIRED, "expired", key, db.index());
        server.watches().touch(db.index(), key);
    }
}
