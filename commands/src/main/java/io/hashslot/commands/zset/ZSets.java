package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.Errors;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.types.ZSetValue;

/**
 * What the sorted set commands share: key lookups with Redis's side effects (read lookups count hits and misses
 * and send "keymiss"; write lookups do neither), the type check, the listpack limits, key creation and deletion
 * with their notifications, and option matching as Redis's strcasecmp sees arguments.
 */
final class ZSets {
    private ZSets() {
    }

    /** lookupKeyRead: the entry or null, counting keyspace hits/misses and sending "keymiss". */
    static Entry lookupRead(Client c, byte[] key) {
        Entry e = c.db().lookupRead(key);
        if (e == null) {
            c.server().stats().keyspaceMisses++;
            c.server().notifyKeyspaceEvent(KeyspaceEventFlags.KEY_MISS, "keymiss", key, c.dbIndex());
        } else {
            c.server().stats().keyspaceHits++;
        }
        return e;
    }

    /** The sorted set at {@code key} for reading, or null when missing; WRONGTYPE (aborting) for other types. */
    static ZSetValue read(Client c, byte[] key) {
        Entry e = KeyLookup.readEntry(c, key);
        return e == null ? null : cast(c, e);
    }

    /** The sorted set at {@code key} for writing, or null when missing; WRONGTYPE (aborting) for other types. */
    static ZSetValue write(Client c, byte[] key) {
        Entry e = c.db().lookupWrite(key);
        return e == null ? null : cast(c, e);
    }

    static ZSetValue cast(Client c, Entry e) {
        if (e.value() instanceof ZSetValue z) {
            return z;
        }
        throw Args.fail(c, Errors.WRONGTYPE);
    }

    static long maxEntries(Client c) {
        return c.server().config().getLong("zset-max-listpack-entries");
    }

    static long maxValue(Client c) {
        return c.server().config().getLong("zset-max-listpack-value");
    }

    /**
     * dbAdd of a new sorted set: stores it (the store's key-added hook sends "new") and lets clients blocked on the
     * key try again. The caller signals the modification and sends its own event.
     */
    static void addKey(Client c, byte[] key, ZSetValue z) {
        c.db().add(key, z);
        c.server().signalKeyAsReady(c.dbIndex(), key);
    }

    /**
     * setKey for a store command's result: replaces whatever the key held (dropping its TTL) or creates it (then
     * "new" comes from the store and blocked clients are signalled, as dbAdd does), and signals the modification.
     */
    static void setKey(Client c, byte[] key, ZSetValue z) {
        Db db = c.db();
        boolean found = db.lookupWrite(key) != null;
        db.set(key, z, false);
        if (!found) {
            c.server().signalKeyAsReady(c.dbIndex(), key);
        }
        c.server().keyModified(c.dbIndex(), key);
    }

    /** Deletes a key whose sorted set became empty, with the "del" event. */
    static void deleteEmptied(Client c, byte[] key) {
        c.db().delete(key);
        notifyGeneric(c, "del", key);
    }

    static void notifyZset(Client c, String event, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.ZSET, event, key, c.dbIndex());
    }

    static void notifyGeneric(Client c, String event, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, event, key, c.dbIndex());
    }

    /** Whether an argument equals {@code word} ignoring case, compared up to its first NUL byte (strcasecmp). */
    static boolean option(byte[] arg, String word) {
        int n = cLength(arg);
        if (n != word.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int a = arg[i] & 0xff;
            int b = word.charAt(i);
            if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }

    /** Length of an argument as C's strlen sees it. */
    static int cLength(byte[] arg) {
        for (int i = 0; i < arg.length; i++) {
            if (arg[i] == 0) {
                return i;
            }
        }
        return arg.length;
    }

    /** One member, with its score when {@code withScores}: RESP3 nests the pair in an array. */
    static void replyElement(Reply r, byte[] member, double score, boolean withScores) {
        if (withScores && r.protocol() > 2) {
            r.array(2);
        }
        r.bulk(member);
        if (withScores) {
            r.doubleValue(score);
        }
    }

    /** The array header for {@code n} elements: RESP2 flattens member/score pairs. */
    static void replyElementsHeader(Reply r, long n, boolean withScores) {
        r.array((int) (withScores && r.protocol() == 2 ? n * 2 : n));
    }
}
