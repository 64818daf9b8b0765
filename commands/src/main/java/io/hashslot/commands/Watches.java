package io.hashslot.commands;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * WATCHed keys: which clients watch which key in which database. Any change to a watched key marks its watchers'
 * transactions dirty (EXEC then returns a null reply).
 */
public final class Watches {
    private record WatchedKey(int db, ByteBuffer key) {
    }

    private final Map<WatchedKey, List<Client>> watchers = new HashMap<>();
    private final Map<Client, List<WatchedKey>> byClient = new HashMap<>();

    public void watch(Client c, int db, byte[] key) {
        WatchedKey k = new WatchedKey(db, ByteBuffer.wrap(key));
        List<WatchedKey> mine = byClient.computeIfAbsent(c, x -> new ArrayList<>());
        if (mine.contains(k)) {
            return;
        }
        mine.add(k);
        watchers.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
    }

    public void unwatchAll(Client c) {
        List<WatchedKey> mine = byClient.remove(c);
        if (mine == null) {
            return;
        }
        for (WatchedKey k : mine) {
            List<Client> l = watchers.get(k);
            if (l != null) {
                l.remove(c);
                if (l.isEmpty()) {
                    watchers.remove(k);
                }
            }
        }
    }

    /** Keys a client watches, as (db, key) pairs. */
    public List<Map.Entry<Integer, byte[]>> watchedBy(Client c) {
        List<Map.Entry<Integer, byte[]>> out = new ArrayList<>();
        for (WatchedKey k : byClient.getOrDefault(c, List.of())) {
            out.add(Map.entry(k.db, k.key.array()));
        }
        return out;
    }

    public boolean isEmpty() {
        return watchers.isEmpty();
    }

    public int watchingClients() {
        return byClient.size();
    }

    public int watchedKeys() {
        return watchers.size();
    }

    /** signalModifiedKey: marks watchers of this key dirty. */
    public void touch(int db, byte[] key) {
        if (watchers.isEmpty()) {
            return;
        }
        List<Client> l = watchers.get(new WatchedKey(db, ByteBuffer.wrap(key)));
        if (l != null) {
            for (Client c : l) {
                c.addFlag(Client.FLAG_DIRTY_CAS);
            }
        }
    }

    /** FLUSHDB/FLUSHALL/SWAPDB: marks watchers of every key in {@code db} (or all dbs when -1) dirty. */
    public void touchDb(int db) {
        for (Map.Entry<WatchedKey, List<Client>> e : watchers.entrySet()) {
            if (db == -1 || e.getKey().db == db) {
                for (Client c : e.getValue()) {
                    c.addFlag(Client.FLAG_DIRTY_CAS);
                }
            }
        }
    }

    /**
     * Marks dirty the watchers of every watched key for which {@code affected} (db, key) holds: FLUSHDB, FLUSHALL
     * and SWAPDB only touch keys that existed in the emptied or swapped-in database, as Redis does.
     */
    public void touchIf(BiPredicate<Integer, byte[]> affected) {
        for (Map.Entry<WatchedKey, List<Client>> e : watchers.entrySet()) {
            if (affected.test(e.getKey().db, e.getKey().key.array())) {
                for (Client c : e.getValue()) {
                    c.addFlag(Client.FLAG_DIRTY_CAS);
                }
            }
        }
    }
}
