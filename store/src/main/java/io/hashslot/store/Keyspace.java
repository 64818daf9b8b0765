package io.hashslot.store;

/**
 * All databases of a node and the state shared by their lookups: the command's notion of "now", whether this
 * node is a master (masters delete expired keys, replicas wait for the DEL), the hash seed and the LRU clock.
 * Not thread-safe: a node's keyspace is owned by its execution thread.
 */
public final class Keyspace {
    private Db[] dbs;
    final long hashSeed;
    KeyspaceListener listener = KeyspaceListener.NONE;
    private long now;
    private boolean master = true;
    private boolean expireDeletionsPaused;
    long expiredKeys;
    private long expireStaleKeysPercent;
    private final Db.ExpireCursor[] expireCursors;
    private int expireDb;

    public Keyspace(int databases, long hashSeed) {
        this.hashSeed = hashSeed;
        this.dbs = new Db[databases];
        this.expireCursors = new Db.ExpireCursor[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new Db(i, this);
            expireCursors[i] = new Db.ExpireCursor();
        }
    }

    public int databases() {
        return dbs.length;
    }

    public Db db(int index) {
        return dbs[index];
    }

    public void setListener(KeyspaceListener listener) {
        this.listener = listener;
    }

    /** The time commands see, set once per command as Redis caches mstime. */
    public long now() {
        return now;
    }

    public void setNow(long unixMillis) {
        this.now = unixMillis;
    }

    public boolean isMaster() {
        return master;
    }

    public void setMaster(boolean master) {
        this.master = master;
    }

    /**
     * While set (clients are paused), reads treat expired keys as missing without deleting them, so the dataset
     * stays as it is until the pause ends, as Redis does during CLIENT PAUSE.
     */
    public void setExpireDeletionsPaused(boolean paused) {
        this.expireDeletionsPaused = paused;
    }

    public boolean expireDeletionsPaused() {
        return expireDeletionsPaused;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    public long expiredStalePercent() {
        return expireStaleKeysPercent;
    }

    /** Redis's 24-bit LRU clock, in seconds. */
    int lruClock() {
        return (int) ((now / 1000) & 0xFFFFFF);
    }

    int initialMeta() {
        return lruClock();
    }

    void touch(Entry e) {
        e.meta = lruClock();
    }

    /** Seconds since the key was last accessed, as OBJECT IDLETIME reports it. */
    public long idleSeconds(Entry e) {
        int clock = lruClock();
        int lru = e.meta & 0xFFFFFF;
        long diff = clock >= lru ? clock - lru : (0xFFFFFF - lru) + clock;
        return diff;
    }

    public long totalKeys() {
        long n = 0;
        for (Db db : dbs) {
            n += db.size();
        }
        return n;
    }

    /** Estimated bytes used by all keys and values (see {@link Values#entryEstimate}). */
    public long memoryEstimate() {
        long n = 0;
        for (Db db : dbs) {
            n += db.memoryEstimate();
        }
        return n;
    }

    public void flushAll() {
        for (Db db : dbs) {
            db.clear();
        }
    }

    /** SWAPDB: exchanges the contents of two databases. */
    public void swap(int a, int b) {
        Db x = dbs[a];
        Db y = dbs[b];
        dbs[a] = new Db(a, this);
        dbs[b] = new Db(b, this);
        dbs[a].adopt(y);
        dbs[b].adopt(x);
    }

    /**
     * One active expiry cycle, bounded by {@code budget} TTL keys examined in all databases. Returns {expired,
     * examined}; the caller repeats while the expired share stays high, as Redis's cycle does.
     */
    public long[] activeExpireCycle(int budget) {
        int found = 0;
        long[] checked = {0};
        int perDb = Math.max(1, budget / dbs.length);
        for (int i = 0; i < dbs.length; i++) {
            int d = (expireDb + i) % dbs.length;
            if (dbs[d].expiringCount() > 0) {
                found += dbs[d].expireStep(expireCursors[d], perDb, now, checked);
            }
        }
        expireDb = (expireDb + 1) % dbs.length;
        if (checked[0] > 0) {
            long pct = found * 100 / checked[0];
            expireStaleKeysPercent = (expireStaleKeysPercent * 95 + pct * 5) / 100;
        }
        return new long[] {found, checked[0]};
    }
}
