package io.hashslot.commands.keys;

import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.KeyspaceListener;

/**
 * What happens above the store when it adds a key or deletes an expired one. Adding sends the "new" keyspace
 * event and lets clients blocked on the key try again (dbAdd). Deleting an expired key (on access or in the active expiry cycle) sends "expired" and touches
 * WATCHers and propagates a DEL to replicas and the AOF, as Redis's deleteExpiredKeyAndPropagate does; the store
 * counts expired_keys itself.
 */
final class StoreEvents implements KeyspaceListener {
    private final ServerContext server;

    StoreEvents(ServerContext server) {
        this.server = server;
    }

    @Override
    public void keyAdded(Db db, byte[] key) {
        server.notifyKeyspaceEvent(KeyspaceEventFlags.NEW, "new", key, db.index());
        server.signalKeyAsReady(db.index(), key);
    }

    @Override
    public void keyExpired(Db db, byte[] key) {
        server.notifyKeyspaceEvent(KeyspaceEventFlags.EXPIRED, "expired", key, db.index());
        server.watches().touch(db.index(), key);
        byte[] verb = server.config().getBool("lazyfree-lazy-expire") ? UNLINK : DEL;
        server.propagation().add(db.index(), new byte[][] {verb.clone(), key});
    }

    private static final byte[] DEL = {'D', 'E', 'L'};
    private static final byte[] UNLINK = {'U', 'N', 'L', 'I', 'N', 'K'};
}
