package io.hashslot.commands;

import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Keyspace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * WATCHed keys: which clients watch which key of which database. A change to a watched key marks its watchers'
 * transactions dirty (CAS), so their EXEC replies with a null array.
 *
 * <p>As in Redis, a key that was already logically expired when it was watched is remembered as such: deleting
 * it later (lazily, actively or by FLUSH) is no logical change and does not make EXEC fail, while a key that
 * was alive when watched and has expired by EXEC time does (see {@link #anyExpired}).
 */
public final class Watches {
    /** A database index and key, the identity of a watched key. */
    private record DbKey(int db, ByteBuffer key) {
        byte[] bytes() {
            return key.array();
        }
    }

    /** One client's watch of one key (Redis's watchedKey). */
    private static final class Watch {
        final DbKey key;
        final Client client;
        /** The key was logically expired (but still stored) when WATCH ran. */
        boolean expired;

        Watch(DbKey key, Client client, boolean expired) {
            this.key = key;
            this.client = client;
            this.expired = expired;
        }
    }

    private final Keyspace keyspace;
    private final Map<DbKey, List<Watch>> byKey = new HashMap<>();
    private final Map<Client, Map<DbKey, Watch>> byClient = new HashMap<>();

    public Watches(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Whether a stored entry is logically expired at {@code now} (keyIsExpired). */
    private static boolean isExpired(Entry e, long now) {
        long at = e.expireAt();
        return at >= 0 && at < now;
    }

    /** WATCH of one key of database {@code db}; watching the same key twice is a no-op. */
    public void watch(Client c, int db, byte[] key) {
        DbKey k = new DbKey(db, ByteBuffer.wrap(key));
        Map<DbKey, Watch> mine = byClient.computeIfAbsent(c, x -> new LinkedHashMap<>());
        if (mine.containsKey(k)) {
            return;
        }
        Entry e = keyspace.db(db).find(key);
        Watch w = new Watch(k, c, e != null && isExpired(e, keyspace.now()));
        mine.put(k, w);
        byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
    }

    /** Forgets every key {@code c} watches (UNWATCH, EXEC, DISCARD, RESET, disconnect). */
    public void unwatchAll(Client c) {
        Map<DbKey, Watch> mine = byClient.remove(c);
        if (mine == null) {
            return;
        }
        for (Watch w : mine.values()) {
            List<Watch> l = byKey.get(w.key);
            if (l != null) {
                l.remove(w);
                if (l.isEmpty()) {
                    byKey.remove(w.key);
                }
            }
        }
    }

    /**
     * isWatchedKeyExpired: whether a key {@code c} watches has logically expired since it was watched (keys already
     * expired at WATCH time do not count).
     */
    public boolean anyExpired(Client c) {
        long now = keyspace.now();
        Map<DbKey, Watch> mine = byClient.get(c);
        if (mine == null) {
            return false;
        }
        for (Watch w : mine.values()) {
            if (w.expired) {
                continue;
            }
            Entry e = keyspace.db(w.key.db).find(w.key.bytes());
            if (e != null && isExpired(e, now)) {
                return true;
            }
        }
        return false;
    }

    /** Keys a client watches, as (db, key) pairs in the order they were watched. */
    public List<Map.Entry<Integer, byte[]>> watchedBy(Client c) {
        List<Map.Entry<Integer, byte[]>> out = new ArrayList<>();
        for (DbKey k : byClient.getOrDefault(c, Map.of()).keySet()) {
            out.add(Map.entry(k.db, k.bytes()));
        }
        return out;
    }

    /** Number of keys {@code c} watches. */
    public int watchedCount(Client c) {
        Map<DbKey, Watch> mine = byClient.get(c);
        return mine == null ? 0 : mine.size();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public int watchingClients() {
        return byClient.size();
    }

    public int watchedKeys() {
        return byKey.size();
    }

    /**
     * signalModifiedKey's touchWatchedKey: marks the watchers of {@code key} in {@code db} dirty and drops all their
     * watches (they cannot become cleaner). A watcher that saw the key already expired is not dirtied when the key
     * is now gone (its deletion is no logical change); as in Redis 7.0, a watcher that saw it expired while the key
     * is still stored ends the walk over the key's watchers.
     */
    public void touch(int dbIndex, byte[] key) {
        if (byKey.isEmpty()) {
            return;
        }
        List<Watch> l = byKey.get(new DbKey(dbIndex, ByteBuffer.wrap(key)));
        if (l == null) {
            return;
        }
        List<Client> dirty = new ArrayList<>();
        for (Watch w : l) {
            if (w.expired) {
                if (keyspace.db(dbIndex).find(key) == null) {
                    w.expired = false;
                    continue;
                }
                break;
            }
            dirty.add(w.client);
        }
        for (Client c : dirty) {
            c.addFlag(Client.FLAG_DIRTY_CAS);
            unwatchAll(c);
        }
    }

    /**
     * touchAllWatchedKeysInDb: {@code emptied} is about to be flushed (FLUSHDB, FLUSHALL; {@code replacedWith}
     * null) or swapped with {@code replacedWith} (SWAPDB, called once for each side, before the swap). Watchers
     * of a key whose visible state changes are marked dirty: a key stored in {@code emptied}, or one that comes
     * in from {@code replacedWith}. Keys watched while already expired stay clean when they vanish or are
     * replaced with another expired key; a missing key replaced with an expired one becomes "watched expired".
     */
    public void touchAllInDb(Db emptied, Db replacedWith) {
        long now = keyspace.now();
        for (Map.Entry<DbKey, List<Watch>> e : byKey.entrySet()) {
            DbKey k = e.getKey();
            if (k.db != emptied.index()) {
                continue;
            }
            byte[] key = k.bytes();
            boolean inEmptied = emptied.find(key) != null;
            Entry incoming = replacedWith == null ? null : replacedWith.find(key);
            if (!inEmptied && incoming == null) {
                continue;
            }
            for (Watch w : e.getValue()) {
                if (w.expired) {
                    if (incoming == null) {
                        w.expired = false;
                        continue;
                    } else if (isExpired(incoming, now)) {
                        continue;
                    }
                } else if (!inEmptied && isExpired(incoming, now)) {
                    w.expired = true;
                    continue;
                }
                w.client.addFlag(Client.FLAG_DIRTY_CAS);
            }
        }
    }

    /**
     * Marks dirty the watchers of every watched key for which {@code affected} (db, key) holds, ignoring the
     * "watched while expired" state. Prefer {@link #touchAllInDb}, which follows Redis exactly.
     */
    public void touchIf(BiPredicate<Integer, byte[]> affected) {
        for (Map.Entry<DbKey, List<Watch>> e : byKey.entrySet()) {
            if (affected.test(e.getKey().db, e.getKey().bytes())) {
                for (Watch w : e.getValue()) {
                    w.client.addFlag(Client.FLAG_DIRTY_CAS);
                }
            }
        }
    }
}
