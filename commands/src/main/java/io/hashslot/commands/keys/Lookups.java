package io.hashslot.commands.keys;

import io.hashslot.commands.Client;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;

/**
 * Key lookups of the keyspace family with Redis's side effects: read lookups count keyspace hits and misses and,
 * unless told otherwise, send the "keymiss" notification; write lookups do neither.
 */
final class Lookups {
    private Lookups() {
    }

    /**
     * lookupKeyRead / lookupKeyReadWithFlags: {@code touch} false is LOOKUP_NOTOUCH, {@code notify} false is
     * LOOKUP_NONOTIFY.
     */
    static Entry read(Client c, Db db, byte[] key, boolean touch, boolean notify) {
        Entry e = db.lookupRead(key, touch);
        if (e == null) {
            if (notify) {
                c.server().notifyKeyspaceEvent(KeyspaceEventFlags.KEY_MISS, "keymiss", key, db.index());
            }
            c.server().stats().keyspaceMisses++;
        } else {
            c.server().stats().keyspaceHits++;
        }
        return e;
    }

    static Entry read(Client c, byte[] key, boolean touch) {
        return read(c, c.db(), key, touch, true);
    }

    /** keyIsExpired for an entry already found: logically expired but not deleted (KEYS, SWAPDB). */
    static boolean isExpired(Entry e, long now) {
        long at = e.expireAt();
        return at >= 0 && at < now;
    }
}
