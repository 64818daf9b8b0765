package io.hashslot.store;

import io.hashslot.common.HashSlot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A point-in-time copy of the keyspace taken without forking and without stopping writes. At the start it
 * remembers every database's slot tables; then each table is saved exactly once, either by the walker
 * ({@link #step}, called in small bounded steps from the event loop) or, if a write is about to change it first,
 * right then. Tables are never changed before they are saved, so what is saved is the state at the start. Tables
 * detached later (FLUSHALL, SWAPDB) stay as they were and are still saved under the database they belonged to.
 *
 * <p>Two ways to drive it: {@link #step} in bounded steps on the node's thread, or {@link #walk} on a background
 * thread while the node's thread keeps serving writes. Every table is saved while holding that table's monitor,
 * and is marked saved only after its entries went to the sink, so a write on the node's thread waits only when it
 * reaches the one table the walker is serializing at that moment. After {@link #walk} returns, the node's thread
 * calls {@link #complete} (the keyspace is only ever changed by the node's thread).
 */
public final class Snapshot {
    /**
     * Receives the saved data; entries must be fully consumed (serialized) before the call returns. Each saved
     * slot is one sequence {@code database}, {@code entry}..., {@code slotDone} on one thread; with {@link #walk}
     * the walker and the node's thread may each be inside such a sequence at the same time (different slots).
     */
    public interface Sink {
        /** The following entries belong to database {@code index}; size/expires as at snapshot start. */
        void database(int index, long size, long expires) throws IOException;

        void entry(byte[] key, Object value, long expireAt) throws IOException;

        /** The slot announced by the last {@link #database} call on this thread is complete. */
        default void slotDone() throws IOException {
        }
    }

    private final Keyspace keyspace;
    final int epoch;
    private final Sink sink;
    private final SlotTable[][] captured;
    private final long[] sizes;
    private final long[] expires;
    private int walkDb;
    private int walkSlot;
    private boolean done;
    private volatile IOException failure;
    private final java.util.concurrent.atomic.AtomicLong keysSaved = new java.util.concurrent.atomic.AtomicLong();
    private volatile long forcedSaves;
    private volatile long longestForcedNanos;
    private final long totalKeys;

    Snapshot(Keyspace keyspace, int epoch, Sink sink) {
        this.keyspace = keyspace;
        this.epoch = epoch;
        this.sink = sink;
        int n = keyspace.databases();
        captured = new SlotTable[n][];
        sizes = new long[n];
        expires = new long[n];
        for (int i = 0; i < n; i++) {
            Db db = keyspace.db(i);
            captured[i] = db.slotArray().clone();
            sizes[i] = db.size();
            expires[i] = db.expiringCount();
        }
        long total = 0;
        for (long size : sizes) {
            total += size;
        }
        totalKeys = total;
    }

    /** Keys in the keyspace when the snapshot started (INFO current_save_keys_total). */
    public long totalKeys() {
        return totalKeys;
    }

    public int epoch() {
        return epoch;
    }

    public long keysSaved() {
        return keysSaved.get();
    }

    /** How many slots were saved early because a write was about to change them. */
    public long forcedSaves() {
        return forcedSaves;
    }

    public boolean isDone() {
        return done;
    }

    /** The first write error, if any (the snapshot then stops and {@link #isDone} is true). */
    public IOException failure() {
        return failure;
    }

    /** Saves table {@code t} now, before a write changes it (called by Db on the node's thread). */
    void saveNow(SlotTable t) {
        long start = System.nanoTime();
        saveNowLocked(t);
        long took = System.nanoTime() - start;
        if (took > longestForcedNanos) {
            longestForcedNanos = took;
        }
    }

    /**
     * The longest time a write on the node's thread spent saving a slot ahead of it (including waiting for the
     * walker to finish the slot it held): the stall the snapshot itself adds to a write.
     */
    public long longestForcedSaveNanos() {
        return longestForcedNanos;
    }

    private void saveNowLocked(SlotTable t) {
        for (int db = 0; db < captured.length; db++) {
            if (captured[db][t.slot] == t) {
                forcedSaves++;
                saveTable(db, t);
                return;
            }
        }
        t.snapshotEpoch = epoch; // created after the start: nothing to save, and no walker ever sees it
    }

    private void save(int db, int slot) {
        SlotTable t = captured[db][slot];
        if (t != null) {
            saveTable(db, t);
        }
    }

    /**
     * Saves one table while holding its monitor: the walker and the node's thread can save two different tables
     * at once, and only a write to the very table the walker is serializing waits for it.
     */
    private void saveTable(int db, SlotTable t) {
        synchronized (t) {
            if (t.snapshotEpoch == epoch) {
                return;
            }
            try {
                if (failure == null && t.size > 0) {
                    sink.database(db, sizes[db], expires[db]);
                    List<Entry> entries = new ArrayList<>(t.size);
                    t.forEach(entries::add);
                    for (Entry e : entries) {
                        sink.entry(e.key, e.value, e.expireAt());
                    }
                    sink.slotDone();
                    keysSaved.addAndGet(entries.size());
                }
            } catch (IOException e) {
                fail(e);
            } finally {
                t.snapshotEpoch = epoch; // only now may the node's thread change the table
            }
        }
    }

    /**
     * Saves every slot not saved yet, in order, on the calling thread (a background thread), while the node's
     * thread goes on; stops early on a write error. {@code afterSlot} runs after each saved slot, outside the
     * monitor (a sink that buffers drains there). Does not finish the snapshot: the node's thread calls
     * {@link #complete} afterwards.
     */
    public void walk(Runnable afterSlot) {
        for (int db = 0; db < captured.length && failure == null; db++) {
            for (int slot = 0; slot < HashSlot.COUNT && failure == null; slot++) {
                SlotTable t = captured[db][slot];
                if (t != null && t.snapshotEpoch != epoch) {
                    save(db, slot);
                    afterSlot.run();
                }
            }
        }
    }

    /** Records a failure from outside the sink (the background writer's I/O); the walk then stops. */
    public synchronized void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** Ends a snapshot driven by {@link #walk}; call on the node's thread once the walk returned. */
    public void complete() {
        finish();
    }

    /**
     * Saves slots in order until {@code budgetNanos} has passed (at least one slot); returns true when every slot
     * has been saved (or a write error stopped the snapshot), after which the snapshot is finished.
     */
    public boolean step(long budgetNanos) {
        long start = System.nanoTime();
        while (!done) {
            if (walkDb >= captured.length || failure != null) {
                finish();
                break;
            }
            save(walkDb, walkSlot);
            if (++walkSlot == HashSlot.COUNT) {
                walkSlot = 0;
                walkDb++;
            }
            if (System.nanoTime() - start >= budgetNanos) {
                break;
            }
        }
        return done;
    }

    /** Stops the snapshot without saving the rest (BGSAVE cancelled, node stopping). */
    public void abort() {
        finish();
    }

    private void finish() {
        done = true;
        keyspace.snapshotDone(this);
    }
}
