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
 */
public final class Snapshot {
    /** Receives the saved data; entries must be fully consumed (serialized) before the call returns. */
    public interface Sink {
        /** The following entries belong to database {@code index}; size/expires as at snapshot start. */
        void database(int index, long size, long expires) throws IOException;

        void entry(byte[] key, Object value, long expireAt) throws IOException;
    }

    private final Keyspace keyspace;
    final int epoch;
    private final Sink sink;
    private final SlotTable[][] captured;
    private final long[] sizes;
    private final long[] expires;
    private int currentDb = -1;
    private int walkDb;
    private int walkSlot;
    private boolean done;
    private IOException failure;
    private long keysSaved;
    private long forcedSaves;

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
    }

    public int epoch() {
        return epoch;
    }

    public long keysSaved() {
        return keysSaved;
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

    /** Saves table {@code t} now, before a write changes it (called by Db). */
    void saveNow(SlotTable t) {
        for (int db = 0; db < captured.length; db++) {
            if (captured[db][t.slot] == t) {
                forcedSaves++;
                save(db, t.slot);
                return;
            }
        }
        t.snapshotEpoch = epoch; // created after the start: nothing to save
    }

    private void save(int db, int slot) {
        SlotTable t = captured[db][slot];
        if (t == null || t.snapshotEpoch == epoch) {
            return;
        }
        t.snapshotEpoch = epoch;
        if (failure != null || t.size == 0) {
            return;
        }
        try {
            if (currentDb != db) {
                sink.database(db, sizes[db], expires[db]);
                currentDb = db;
            }
            List<Entry> entries = new ArrayList<>(t.size);
            t.forEach(entries::add);
            for (Entry e : entries) {
                sink.entry(e.key, e.value, e.expireAt());
                keysSaved++;
            }
        } catch (IOException e) {
            failure = e;
        }
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
