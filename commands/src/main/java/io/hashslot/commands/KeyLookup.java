package io.hashslot.commands;

import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;

/**
 * Key lookups with Redis's side effects, shared by every command family: a read lookup counts a keyspace hit or
 * miss and sends "keymiss" on a miss (lookupKeyRead); a write lookup deletes an expired key first and counts
 * nothing (lookupKeyWrite). A key holding another type replies WRONGTYPE and aborts.
 */
public final class KeyLookup {
    private KeyLookup() {
    }

    /**
     * lookupKeyReadWithFlags: {@code touch} false is LOOKUP_NOTOUCH, {@code notify} false is LOOKUP_NONOTIFY.
     */
    public static Entry read(Client c, Db db, byte[] key, boolean touch, boolean notify) {
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

    /** lookupKeyRead in the client's database, optionally without touching the access clock. */
    public static Entry read(Client c, byte[] key, boolean touch) {
        return read(c, c.db(), key, touch, true);
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
