package io.hashslot.store;

import io.hashslot.common.HashSlot;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One numbered database: 16384 per-slot tables (created on first use), key and TTL counts. Expiry on access
 * follows Redis: a master deletes an expired key when it is looked up; a replica reports it missing but waits
 * for its master's DEL.
 */
public final class Db {
    private final int index;
    private final Keyspace keyspace;
    private SlotTable[] slots = new SlotTable[HashSlot.COUNT];
    private long size;
    private long expiring;
    /** Sum of the expiry horizon of keys sampled by the active cycle, for INFO avg_ttl. */
    long avgTtl;
    /** Estimated bytes of this database's entries (see {@link Values#entryEstimate}). */
    private long bytes;

    Db(int index, Keyspace keyspace) {
        this.index = index;
        this.keyspace = keyspace;
    }

    public int index() {
        return index;
    }

    public long size() {
        return size;
    }

    public long expiringCount() {
        return expiring;
    }

    public long avgTtl() {
        return avgTtl;
    }

    /** Before any change to a slot: lets a running snapshot save the slot first, then tells the listener. */
    private void beforeWrite(int slot, byte[] key) {
        Snapshot snap = keyspace.snapshot;
        if (snap != null) {
            SlotTable t = slots[slot];
            if (t != null && t.snapshotEpoch != snap.epoch) {
                snap.saveNow(t);
            }
        }
        keyspace.listener.beforeWrite(this, slot, key);
    }

    SlotTable[] slotArray() {
        return slots;
    }

    /** A table for a slot created during a snapshot holds nothing the snapshot needs. */
    private SlotTable newTable(int slot) {
        SlotTable t = new SlotTable();
        t.slot = slot;
        Snapshot snap = keyspace.snapshot;
        if (snap != null) {
            t.snapshotEpoch = snap.epoch;
        }
        return t;
    }

    /** Estimated bytes used by the keys and values of this database (INFO used_memory's dataset part). */
    public long memoryEstimate() {
        return bytes;
    }

    private static long entryBytes(Entry e) {
        return Values.entryEstimate(e.key, e.value, e instanceof ExpiringEntry);
    }

    private int hash(byte[] key) {
        return keyspace.hashOf(key);
    }

    private SlotTable table(int slot) {
        SlotTable t = slots[slot];
        if (t == null) {
            t = newTable(slot);
            slots[slot] = t;
        }
        return t;
    }

    /** The entry for {@code key} ignoring expiry, or null. */
    public Entry find(byte[] key) {
        SlotTable t = slots[keyspace.slotOf(key)];
        return t == null ? null : t.find(key, hash(key));
    }

    /** Redis's keyIsExpired: a key is expired once "now" is strictly past its expiry time. */
    private boolean expired(Entry e) {
        long at = e.expireAt();
        return at >= 0 && at < keyspace.now() && !keyspace.expiryFrozen();
    }

    /**
     * Looks a key up for reading: expired keys count as missing (and are deleted on a master). Updates the access
     * clock unless {@code touch} is false (OBJECT, TYPE with no-touch semantics).
     */
    public Entry lookupRead(byte[] key, boolean touch) {
        Entry e = find(key);
        if (e == null) {
            return null;
        }
        if (expired(e)) {
            expireIfMaster(e);
            return null;
        }
        if (touch) {
            keyspace.touch(e);
        }
        return e;
    }

    public Entry lookupRead(byte[] key) {
        return lookupRead(key, true);
    }

    /**
     * Looks a key up for writing: an expired key is deleted first (on a master, and on a writable replica for its
     * own clients) and reported missing.
     */
    public Entry lookupWrite(byte[] key) {
        int slot = keyspace.slotOf(key);
        SlotTable t = slots[slot];
        if (t == null) {
            return null;
        }
        int h = hash(key);
        Entry e = t.find(key, h);
        if (e == null) {
            return null;
        }
        if (expired(e)) {
            // a replica writes only for its own clients when it is writable (the master's stream never sees a
            // key as expired): Redis deletes the key first there too (EXPIRE_FORCE_DELETE_EXPIRED), and the
            // write then creates a fresh one
            deleteExpired(slot, t, e); // never leave it: the caller may add the key next
            return null;
        }
        beforeWrite(slot, key);
        keyspace.touch(e);
        return e;
    }

    /** Whether the key exists and is not logically expired (no side effects). */
    public boolean exists(byte[] key) {
        Entry e = find(key);
        return e != null && !expired(e);
    }

    /**
     * Like {@link #exists} at a given time rather than the current command's: routing checks run before the
     * command starts, and Redis reads the clock for them.
     */
    public boolean existsAt(byte[] key, long now) {
        Entry e = find(key);
        if (e == null) {
            return false;
        }
        long at = e.expireAt();
        return at < 0 || at >= now || keyspace.expiryFrozen();
    }

    private void expireIfMaster(Entry e) {
        if (keyspace.isMaster() && !keyspace.expireDeletionsPaused()) {
            int slot = keyspace.slotOf(e.key);
            deleteExpired(slot, slots[slot], e);
        }
    }

    private void deleteExpired(int slot, SlotTable t, Entry e) {
        beforeWrite(slot, e.key);
        if (t.remove(e.key, e.hash) != null) {
            size--;
            expiring--;
            bytes -= entryBytes(e);
            keyspace.expiredKeys++;
            keyspace.listener.keyExpired(this, e.key);
        }
    }

    /**
     * Adds a key that must not exist, keeping the access metadata of the value it comes from (RENAME and MOVE
     * move the same object in Redis, so OBJECT IDLETIME / FREQ carry over).
     */
    public Entry add(byte[] key, Object value, int meta) {
        int slot = keyspace.slotOf(key);
        beforeWrite(slot, key);
        Entry e = new Entry(key, hash(key), value, meta);
        table(slot).add(e);
        size++;
        bytes += entryBytes(e);
        keyspace.listener.keyAdded(this, key);
        return e;
    }

    /** Adds a key that must not exist (dbAdd). */
    public Entry add(byte[] key, Object value) {
        int slot = keyspace.slotOf(key);
        beforeWrite(slot, key);
        Entry e = new Entry(key, hash(key), value, keyspace.initialMeta());
        table(slot).add(e);
        size++;
        bytes += entryBytes(e);
        keyspace.listener.keyAdded(this, key);
        return e;
    }

    /**
     * Sets a key to a value whatever it held before (setKey): the old value and, unless {@code keepTtl}, its time
     * to live are dropped.
     */
    public Entry set(byte[] key, Object value, boolean keepTtl) {
        int slot = keyspace.slotOf(key);
        SlotTable t = table(slot);
        int h = hash(key);
        beforeWrite(slot, key);
        Entry old = t.find(key, h);
        if (old == null) {
            Entry e = new Entry(key, h, value, keyspace.initialMeta());
            t.add(e);
            size++;
            bytes += entryBytes(e);
            keyspace.listener.keyAdded(this, key);
            return e;
        }
        bytes -= entryBytes(old);
        // a new value object gets a fresh LRU clock; under LFU Redis carries the old counter over (dbSetValue)
        int meta = keyspace.isLfu() ? old.meta : keyspace.initialMeta();
        if (old instanceof ExpiringEntry && !keepTtl) {
            Entry e = new Entry(old.key, h, value, meta);
            t.replace(old, e);
            expiring--;
            bytes += entryBytes(e);
            return e;
        }
        old.value = value;
        old.meta = meta;
        bytes += entryBytes(old);
        return old;
    }

    /** Replaces the value of an existing entry, keeping its TTL (dbOverwrite). */
    public void overwrite(Entry e, Object value) {
        bytes -= entryBytes(e);
        e.value = value;
        bytes += entryBytes(e);
    }

    public boolean delete(byte[] key) {
        int slot = keyspace.slotOf(key);
        SlotTable t = slots[slot];
        if (t == null) {
            return false;
        }
        int h = hash(key);
        Entry e = t.find(key, h);
        if (e == null) {
            return false;
        }
        beforeWrite(slot, key);
        t.remove(key, h);
        size--;
        bytes -= entryBytes(e);
        if (e instanceof ExpiringEntry) {
            expiring--;
        }
        return true;
    }

    /** {@link #expireTracked}: the key is gone or has no TTL, it was expired now, or its TTL is still ahead. */
    static final int TTL_NONE = 0;
    static final int TTL_EXPIRED = 1;
    static final int TTL_PENDING = 2;

    /** A writable replica's own expiry of a key its clients gave a TTL (activeExpireCycleTryExpire). */
    int expireTracked(byte[] key, long now) {
        int slot = keyspace.slotOf(key);
        SlotTable t = slots[slot];
        Entry e = t == null ? null : t.find(key, hash(key));
        if (e == null || e.expireAt() < 0) {
            return TTL_NONE;
        }
        if (e.expireAt() >= now) {
            return TTL_PENDING;
        }
        deleteExpired(slot, t, e);
        return TTL_EXPIRED;
    }

    /** Sets an absolute expiry time (unix ms) on an existing entry; returns the entry now in the table. */
    public Entry setExpire(Entry e, long when) {
        int slot = keyspace.slotOf(e.key);
        beforeWrite(slot, e.key);
        keyspace.expireSet(index, e.key);
        if (e instanceof ExpiringEntry x) {
            x.expireAt = when;
            return e;
        }
        ExpiringEntry x = new ExpiringEntry(e.key, e.hash, e.value, e.meta, when);
        slots[slot].replace(e, x);
        expiring++;
        bytes += Values.EXPIRE_OVERHEAD;
        return x;
    }

    /** Removes the TTL of an entry; returns false when it had none. */
    public boolean persist(Entry e) {
        if (!(e instanceof ExpiringEntry)) {
            return false;
        }
        int slot = keyspace.slotOf(e.key);
        beforeWrite(slot, e.key);
        slots[slot].replace(e, new Entry(e.key, e.hash, e.value, e.meta));
        expiring--;
        bytes -= Values.EXPIRE_OVERHEAD;
        return true;
    }

    /** Takes over another database's contents (SWAPDB). */
    void adopt(Db other) {
        this.slots = other.slots;
        this.size = other.size;
        this.expiring = other.expiring;
        this.avgTtl = other.avgTtl;
        this.bytes = other.bytes;
    }

    public void clear() {
        slots = new SlotTable[HashSlot.COUNT];
        size = 0;
        expiring = 0;
        avgTtl = 0;
        bytes = 0;
    }

    public int countKeysInSlot(int slot) {
        SlotTable t = slots[slot];
        return t == null ? 0 : t.size;
    }

    public void forEachInSlot(int slot, Consumer<Entry> visitor) {
        SlotTable t = slots[slot];
        if (t != null) {
            t.forEach(visitor);
        }
    }

    /** Visits the keys of one slot until {@code visitor} returns false (CLUSTER GETKEYSINSLOT's count). */
    public void visitSlotWhile(int slot, java.util.function.Predicate<Entry> visitor) {
        SlotTable t = slots[slot];
        if (t != null) {
            t.visitWhile(visitor);
        }
    }

    public void forEach(Consumer<Entry> visitor) {
        for (SlotTable t : slots) {
            if (t != null && t.size > 0) {
                t.forEach(visitor);
            }
        }
    }

    /**
     * One step of SCAN. The cursor packs the slot in its low 14 bits and the bucket cursor of that slot's table
     * above them. Visits at least one bucket and keeps going until {@code minVisits} entries were offered or a
     * budget of ten buckets per wanted entry (as Redis's maxiterations) is used up; empty slots are skipped without
     * using the budget, so an empty database is done in one call. Returns the next cursor (0 at the end).
     */
    public long scan(long cursor, int minVisits, Consumer<Entry> visitor) {
        int slot = (int) (cursor & HashSlot.MASK);
        long inSlot = cursor >>> 14;
        int[] visited = {0};
        Consumer<Entry> counting = e -> {
            visited[0]++;
            visitor.accept(e);
        };
        long maxBuckets = Math.max(10L * minVisits, 10);
        long buckets = 0;
        while (true) {
            SlotTable t = slots[slot];
            if (t != null && t.size > 0) {
                inSlot = t.scan(inSlot, counting);
                buckets++;
            } else {
                inSlot = 0;
            }
            if (inSlot == 0) {
                slot++;
                if (slot == HashSlot.COUNT) {
                    return 0;
                }
            }
            if (visited[0] >= minVisits || buckets >= maxBuckets) {
                return (inSlot << 14) | slot;
            }
        }
    }

    /** A random live entry, or null when the database is empty. Expired keys may be returned. */
    public Entry random(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        long pick = (long) (random.nextDouble() * size);
        for (SlotTable t : slots) {
            if (t != null && t.size > 0) {
                if (pick < t.size) {
                    return t.random(random);
                }
                pick -= t.size;
            }
        }
        return null;
    }

    /**
     * One bounded step of the active expiry cycle over slots that have keys with a TTL: deletes expired ones (on
     * a master). Returns the number of expired keys found; {@code checked} receives how many TTL keys were seen.
     */
    int expireStep(ExpireCursor cursor, int budget, long now, long[] checked) {
        int found = 0;
        int scanned = 0;
        int slotsVisited = 0;
        while (scanned < budget && slotsVisited < HashSlot.COUNT && expiring > 0) {
            int slot = cursor.slot;
            SlotTable t = slots[slot];
            if (t == null || t.expiring == 0) {
                cursor.slot = (slot + 1) & HashSlot.MASK;
                cursor.bucket = 0;
                slotsVisited++;
                continue;
            }
            java.util.ArrayList<Entry> dead = new java.util.ArrayList<>();
            long ttlSum = 0;
            int[] ttlKeys = {0};
            long[] sum = {0};
            cursor.bucket = t.scan(cursor.bucket, e -> {
                long at = e.expireAt();
                if (at >= 0) {
                    ttlKeys[0]++;
                    if (at < now) {
                        dead.add(e);
                    } else {
                        sum[0] += at - now;
                    }
                }
            });
            ttlSum += sum[0];
            scanned += Math.max(1, ttlKeys[0]);
            checked[0] += ttlKeys[0];
            if (ttlKeys[0] > dead.size() && ttlSum > 0) {
                long avg = ttlSum / (ttlKeys[0] - dead.size());
                avgTtl = avgTtl == 0 ? avg : (avgTtl / 50) * 49 + (avg / 50);
            }
            if (keyspace.isMaster()) {
                for (Entry e : dead) {
                    deleteExpired(slot, t, e);
                    found++;
                }
            }
            if (cursor.bucket == 0) {
                cursor.slot = (slot + 1) & HashSlot.MASK;
                slotsVisited++;
            }
        }
        return found;
    }

    /** Where the active expiry cycle stopped in this database. */
    static final class ExpireCursor {
        int slot;
        long bucket;
    }
}
