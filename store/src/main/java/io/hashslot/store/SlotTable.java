package io.hashslot.store;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The keys of one hash slot in one database: a chained hash table with power-of-two buckets. Chaining (rather
 * than open addressing) keeps entries in place on deletes, so the reverse-binary cursor of {@link #scan} gives
 * Redis's SCAN guarantee across resizes.
 */
final class SlotTable {
    private static final int MIN_BUCKETS = 4;

    private Entry[] buckets = new Entry[MIN_BUCKETS];
    int size;
    int expiring;
    /** The hash slot this table holds. */
    int slot;
    /**
     * The last snapshot epoch this table has been saved for (see Snapshot). Volatile: a background walker sets it
     * after serializing the table, and the node's thread checks it before changing the table.
     */
    volatile int snapshotEpoch;

    Entry find(byte[] key, int hash) {
        Entry e = buckets[hash & (buckets.length - 1)];
        while (e != null) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                return e;
            }
            e = e.next;
        }
        return null;
    }

    /** Adds an entry whose key is known to be absent. */
    void add(Entry entry) {
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        int i = entry.hash & (buckets.length - 1);
        entry.next = buckets[i];
        buckets[i] = entry;
        size++;
        if (entry instanceof ExpiringEntry) {
            expiring++;
        }
    }

    Entry remove(byte[] key, int hash) {
        int i = hash & (buckets.length - 1);
        Entry prev = null;
        Entry e = buckets[i];
        while (e != null) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                if (prev == null) {
                    buckets[i] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                size--;
                if (e instanceof ExpiringEntry) {
                    expiring--;
                }
                if (buckets.length > MIN_BUCKETS && size * 8 < buckets.length) {
                    resize(buckets.length / 2);
                }
                return e;
            }
            prev = e;
            e = e.next;
        }
        return null;
    }

    /** Replaces {@code old} (which must be in the table) by {@code replacement} with the same key. */
    void replace(Entry old, Entry replacement) {
        int i = old.hash & (buckets.length - 1);
        Entry prev = null;
        Entry e = buckets[i];
        while (e != old) {
            prev = e;
            e = e.next;
        }
        replacement.next = old.next;
        old.next = null;
        if (prev == null) {
            buckets[i] = replacement;
        } else {
            prev.next = replacement;
        }
        if (old instanceof ExpiringEntry) {
            expiring--;
        }
        if (replacement instanceof ExpiringEntry) {
            expiring++;
        }
    }

    private void resize(int newSize) {
        Entry[] old = buckets;
        Entry[] fresh = new Entry[newSize];
        int mask = newSize - 1;
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int i = e.hash & mask;
                e.next = fresh[i];
                fresh[i] = e;
                e = next;
            }
        }
        buckets = fresh;
    }

    /**
     * Visits the bucket at {@code cursor} and returns the next cursor (0 when the table is done), using the
     * reverse-binary increment that survives table growth and shrinking between calls.
     */
    long scan(long cursor, Consumer<Entry> visitor) {
        long mask = buckets.length - 1;
        Entry e = buckets[(int) (cursor & mask)];
        while (e != null) {
            Entry next = e.next;
            visitor.accept(e);
            e = next;
        }
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        cursor = Long.reverse(cursor);
        return cursor;
    }

    Entry random(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        while (true) {
            Entry head = buckets[random.nextInt(buckets.length)];
            if (head != null) {
                int len = 0;
                for (Entry e = head; e != null; e = e.next) {
                    len++;
                }
                int pick = random.nextInt(len);
                Entry e = head;
                while (pick-- > 0) {
                    e = e.next;
                }
                return e;
            }
        }
    }

    void forEach(Consumer<Entry> visitor) {
        for (Entry head : buckets) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                visitor.accept(e);
                e = next;
            }
        }
    }

    /** Visits entries until {@code visitor} returns false. */
    void visitWhile(java.util.function.Predicate<Entry> visitor) {
        for (Entry head : buckets) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                if (!visitor.test(e)) {
                    return;
                }
                e = next;
            }
        }
    }

    int bucketCount() {
        return buckets.length;
    }
}
