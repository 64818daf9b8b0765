package io.hashslot.store;

import io.hashslot.store.types.BytesMap;
import java.util.random.RandomGenerator;

/**
 * Keys that clients of a writable replica gave a TTL (Redis's slaveKeysWithExpire): the replica's master never
 * sends a DEL for them, so the replica expires them itself. Each key maps to a bitmap of the databases (0-63)
 * where it was given a TTL. The replica's cron calls {@link #expire} instead of the master's expiry cycle.
 */
final class ReplicaExpires {
    private static final int MAX_TRACKED_DB = 63;

    private BytesMap keys = new BytesMap(4);

    /** rememberSlaveKeyWithExpire. */
    void remember(int db, byte[] key) {
        if (db > MAX_TRACKED_DB) {
            return;
        }
        BytesMap.Node n = keys.node(key);
        long bits = n == null ? 0 : (Long) n.value();
        keys.put(key, bits | (1L << db));
    }

    int size() {
        return keys.size();
    }

    void clear() {
        keys = new BytesMap(4);
    }

    /**
     * expireSlaveKeys: visits tracked keys at random, deleting those whose TTL passed and forgetting those that
     * lost their TTL; stops after more than three keys that are not due yet, or after about a millisecond.
     */
    void expire(Db[] dbs, long now, RandomGenerator random) {
        long start = System.nanoTime();
        int cycles = 0;
        int notDue = 0;
        while (keys.size() > 0) {
            BytesMap.Node n = keys.random(random);
            byte[] key = n.key();
            long bits = (Long) n.value();
            long kept = 0;
            for (int db = 0; bits != 0 && db < dbs.length; db++, bits >>>= 1) {
                if ((bits & 1) == 0) {
                    continue;
                }
                int state = dbs[db].expireTracked(key, now);
                if (state == Db.TTL_PENDING) {
                    notDue++;
                    kept |= 1L << db;
                }
            }
            if (kept != 0) {
                n.setValue(kept);
            } else {
                keys.remove(key);
            }
            cycles++;
            if (notDue > 3 || ((cycles % 64) == 0 && System.nanoTime() - start > 1_000_000)) {
                break;
            }
        }
    }
}
