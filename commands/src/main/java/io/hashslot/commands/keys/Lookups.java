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


    /** keyIsExpired for an entry already found: logically expired but not deleted (KEYS, SWAPDB). */
    static boolean isExpired(Entry e, long now) {
        long at = e.expireAt();
        return at >= 0 && at < now;
    }
}
