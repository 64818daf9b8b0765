package io.hashslot.store;

import java.util.random.RandomGenerator;

/**
 * All databases of a node and the state shared by their lookups: the command's notion of "now", whether this
 * node is a master (masters delete expired keys, replicas wait for the DEL), the hash seed and the LRU clock.
 * Not thread-safe: a node's keyspace is owned by its execution thread.
 */
public final class Keyspace {
    private Db[] dbs;
    final long hashSeed;
    KeyspaceListener listener = KeyspaceListener.NONE;
    /** The snapshot in progress, or null. */
    Snapshot snapshot;
    private int snapshotEpochs;
    private long now;
    private boolean master = true;
    private boolean expireDeletionsPaused;
    long expiredKeys;
    private long expireStaleKeysPercent;
    private final Db.ExpireCursor[] expireCursors;
    private int expireDb;
    /** Whether meta holds LFU data (maxmemory-policy *-lfu) rather than an LRU clock. */
    private boolean lfu;
    private int lfuLogFactor = 10;
    private int lfuDecayTime = 1;
    private RandomGenerator lfuRandom;

    public Keyspace(int databases, long hashSeed) {
        this.hashSeed = hashSeed;
        this.dbs = new Db[databases];
        this.expireCursors = new Db.ExpireCursor[databases];
        for (int i = 0; i < databases; i++) {
            dbs[i] = new Db(i, this);
            expireCursors[i] = new Db.ExpireCursor();
        }
    }

    /**
     * Starts a point-in-time snapshot: from now on every slot is saved, by {@link Snapshot#step} or just before
     * its first change, exactly as it is at this moment. Only one snapshot runs at a time.
     */
    public Snapshot startSnapshot(Snapshot.Sink sink) {
        if (snapshot != null) {
            throw new IllegalStateException("a snapshot is already running");
        }
        snapshot = new Snapshot(this, ++snapshotEpochs, sink);
        return snapshot;
    }

    void snapshotDone(Snapshot s) {
        if (snapshot == s) {
            snapshot = null;
        }
    }

    public Snapshot runningSnapshot() {
        return snapshot;
    }

    /** The last key whose slot and hash were computed: a command looks the same key up several times. */
    private byte[] memoKey;
    private int memoSlot;
    private int memoHash;

    private void memo(byte[] key) {
        if (key != memoKey) {
            memoSlot = io.hashslot.common.HashSlot.of(key);
            memoHash = io.hashslot.common.KeyHash.hash(key, hashSeed);
            memoKey = key;
        }
    }

    /** Hash slot of a key (memoized by array identity; key arrays are never mutated). */
    int slotOf(byte[] key) {
        memo(key);
        return memoSlot;
    }

    int hashOf(byte[] key) {
        memo(key);
        return memoHash;
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

    private boolean obeyingMaster;
    private boolean clientCommand;
    private final ReplicaExpires replicaExpires = new ReplicaExpires();

    /**
     * Set while a client's command runs (not while loading files or a master's RDB): a TTL a client sets on a
     * replica is remembered, so that the replica expires that key itself.
     */
    public void setClientCommand(boolean running) {
        this.clientCommand = running;
    }

    void expireSet(int db, byte[] key) {
        if (!master && clientCommand && !obeyingMaster) {
            replicaExpires.remember(db, key);
        }
    }

    /** slave_expires_tracked_keys. */
    public int replicaTrackedExpires() {
        return replicaExpires.size();
    }

    /** expireSlaveKeys: a replica's cron deletes the keys its own clients gave a TTL that has passed. */
    public void expireReplicaKeys(RandomGenerator random) {
        if (activeExpire) {
            replicaExpires.expire(dbs, now, random);
        }
    }

    /**
     * While a replica runs its master's commands, no key counts as expired (Redis's expireIfNeeded returns "not
     * expired" for the master client): the master decides, and sends DEL when it expires a key.
     */
    public void setObeyingMaster(boolean obeying) {
        this.obeyingMaster = obeying;
    }

    public boolean obeyingMaster() {
        return obeyingMaster;
    }

    /** Whether keys count as expired now: not while a replica runs its master's stream, nor while an AOF replays. */
    boolean expiryFrozen() {
        return obeyingMaster || loading;
    }

    private boolean loading;

    /**
     * While an AOF replays, no key counts as expired (Redis's keyIsExpired while loading) and EXPIRE with a past
     * time keeps the key: the file's later commands still see it, and expiry happens once the node serves.
     */
    public void setLoading(boolean loading) {
        this.loading = loading;
    }

    public boolean loading() {
        return loading;
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
        return lfu ? (lfuMinutes() << 8) | LFU_INIT_VAL : lruClock();
    }

    void touch(Entry e) {
        if (lfu) {
            int counter = lfuLogIncr(lfuDecrAndReturn(e));
            e.meta = (lfuMinutes() << 8) | counter;
        } else {
            e.meta = lruClock();
        }
    }

    /** Redis's LFU_INIT_VAL: the counter a new key starts with. */
    static final int LFU_INIT_VAL = 5;

    /**
     * Switches what entry meta tracks: LRU clock (false) or LFU counter and decay time (true), following
     * maxmemory-policy, lfu-log-factor and lfu-decay-time. Existing meta is reinterpreted, as in Redis.
     */
    public void setLfu(boolean lfu, int logFactor, int decayMinutes, RandomGenerator random) {
        this.lfu = lfu;
        this.lfuLogFactor = logFactor;
        this.lfuDecayTime = decayMinutes;
        this.lfuRandom = random;
    }

    public boolean isLfu() {
        return lfu;
    }

    /** Minutes clock of the LFU access time, 16 bits. */
    private int lfuMinutes() {
        return (int) ((now / 1000 / 60) & 0xFFFF);
    }

    private int lfuLogIncr(int counter) {
        if (counter == 255) {
            return 255;
        }
        double r = lfuRandom == null ? 0 : lfuRandom.nextDouble();
        double base = Math.max(0, counter - LFU_INIT_VAL);
        double p = 1.0 / (base * lfuLogFactor + 1);
        return r < p ? counter + 1 : counter;
    }

    /** The LFU counter of an entry after applying decay for the time since its last access (OBJECT FREQ). */
    public int lfuDecrAndReturn(Entry e) {
        int ldt = (e.meta >>> 8) & 0xFFFF;
        int counter = e.meta & 0xFF;
        int nowMinutes = lfuMinutes();
        int elapsed = nowMinutes >= ldt ? nowMinutes - ldt : 65535 - ldt + nowMinutes;
        int periods = lfuDecayTime > 0 ? elapsed / lfuDecayTime : 0;
        if (periods > 0) {
            counter = periods > counter ? 0 : counter - periods;
        }
        return counter;
    }

    /** RESTORE ... FREQ: sets the LFU counter (only under an LFU policy, as objectSetLRUOrLFU). */
    public void setFrequency(Entry e, int counter) {
        if (lfu) {
            e.meta = (lfuMinutes() << 8) | (counter & 0xFF);
        }
    }

    /** RESTORE ... IDLETIME: backdates the LRU clock (only without an LFU policy). */
    public void setIdleSeconds(Entry e, long idle) {
        if (!lfu) {
            long abs = lruClock() - idle;
            if (abs < 0) {
                abs += 0xFFFFFF;
            }
            e.meta = (int) (abs & 0xFFFFFF);
        }
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
        replicaExpires.clear();
    }

    /** SWAPDB: exchanges the contents of two databases. */
    public void swap(int a, int b) {
        Db x = dbs[a];
        Db y = dbs[b];
        dbs[a] = new Db(a, this);
        dbs[b] = new Db(b, this);
        dbs[a].adopt(y);
        dbs[b].adopt(x);
        replicaExpires.clear();
    }

    private boolean activeExpire = true;

    /** DEBUG SET-ACTIVE-EXPIRE: whether the cron's active expiry cycle runs (keys still expire on access). */
    public void setActiveExpireEnabled(boolean enabled) {
        this.activeExpire = enabled;
    }

    public boolean activeExpireEnabled() {
        return activeExpire;
    }

    /**
     * One active expiry cycle, bounded by {@code budget} TTL keys examined in all databases. Returns {expired,
     * examined}; the caller repeats while the expired share stays high, as Redis's cycle does.
     */
    public long[] activeExpireCycle(int budget) {
        if (!activeExpire) {
            return new long[] {0, 0};
        }
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
