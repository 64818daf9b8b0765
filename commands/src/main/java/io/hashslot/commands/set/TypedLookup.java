package io.hashslot.commands.set;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.Errors;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;

/**
 * Key lookups for the collection families (sets, and hashes beside them) with Redis's side effects: a read
 * lookup counts a keyspace hit or miss and sends "keymiss" on a miss (lookupKeyRead); a write lookup deletes an
 * expired key first and counts nothing (lookupKeyWrite). A key holding another type replies WRONGTYPE and aborts.
 */
public final class TypedLookup {
    private TypedLookup() {
    }

    /** lookupKeyRead plus checkType: the value, or null when the key is missing. */
    public static <T> T read(Client c, byte[] key, Class<T> type) {
        Entry e = readEntry(c, key);
        return e == null ? null : checked(c, e, type);
    }

    /** lookupKeyRead: the entry or null, with hit/miss statistics and the keymiss notification. */
    public static Entry readEntry(Client c, byte[] key) {
        Db db = c.db();
        Entry e = db.lookupRead(key);
        if (e == null) {
            c.server().notifyKeyspaceEvent(KeyspaceEventFlags.KEY_MISS, "keymiss", key, db.index());
            c.server().stats().keyspaceMisses++;
        } else {
            c.server().stats().keyspaceHits++;
        }
        return e;
    }

    /** lookupKeyWrite plus checkType: the value, or null when the key is missing. */
    public static <T> T write(Client c, byte[] key, Class<T> type) {
        Entry e = c.db().lookupWrite(key);
        return e == null ? null : checked(c, e, type);
    }

    /** checkType: the value of {@code e} as {@code type}, or WRONGTYPE (and abort). */
    public static <T> T checked(Client c, Entry e, Class<T> type) {
        Object v = e.value();
        if (!type.isInstance(v)) {
            throw Args.fail(c, Errors.WRONGTYPE);
        }
        return type.cast(v);
    }

    /** dbAdd: adds a key that does not exist (the store's key-added hook sends the "new" notification). */
    public static Entry add(Client c, byte[] key, Object value) {
        return c.db().add(key, value);
    }

    /**
     * setKey without KEEPTTL: stores {@code value} under {@code key} whatever it held (an expired key is deleted
     * first, as lookupKeyWrite does), drops its time to live and signals the change.
     */
    public static void store(Client c, byte[] key, Object value) {
        Db db = c.db();
        if (db.lookupWrite(key) == null) {
            add(c, key, value);
        } else {
            db.set(key, value, false);
        }
        c.server().keyModified(c.dbIndex(), key);
    }
}
