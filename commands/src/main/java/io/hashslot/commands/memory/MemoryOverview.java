package io.hashslot.commands.memory;

import io.hashslot.commands.Client;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.HashSlot;
import io.hashslot.store.Db;
import io.hashslot.store.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of MEMORY STATS and MEMORY DOCTOR (Redis's getMemoryOverheadData), from Hashslot's own accounting:
 * a fixed startup baseline, the clients' buffers, the key tables' overhead and the dataset (keys' names and
 * values as {@link MemoryEstimator} measures them). There is no allocator layer under the accounting, so the
 * allocator figures equal the total; the resident set size is the process's, which in the JVM includes the heap's
 * free room and everything else the runtime holds.
 *
 * <p>The dataset is measured key by key up to {@link #MEASURED_KEYS} keys per database (in SCAN order) and
 * extrapolated by the database's size past that, so a report costs at most that many keys per database.
 */
final class MemoryOverview {
    /** Memory the node accounts for itself before it holds any data or client. */
    static final long STARTUP = 860_000;
    /** Per-connection cost besides its buffers (client state, channel, codec). */
    static final long CLIENT_BASE = 1024;
    /** Keys measured per database; beyond, the average of these stands for the rest. */
    static final int MEASURED_KEYS = 1000;
    /** One slot table object holding a database's keys of one hash slot (header, buckets, counters). */
    private static final long SLOT_TABLE = MemoryEstimator.align(12 + 4 + 4 * 4);

    /** Overhead of one database's key tables. */
    record DbOverhead(int db, long main, long expires, long slotToKeys) {
    }

    long peak;
    long total;
    long startup = STARTUP;
    long clientsNormal;
    int clients;
    final List<DbOverhead> dbs = new ArrayList<>();
    long overheadTotal;
    long keys;
    long bytesPerKey;
    long dataset;
    float datasetPercentage;
    float peakPercentage;
    long rss;

    /** Computes the figures now; {@code previousPeak} is the highest total seen before. */
    static MemoryOverview compute(ServerContext server, long previousPeak) {
        MemoryOverview o = new MemoryOverview();
        for (Client c : server.clients().all()) {
            o.clients++;
            o.clientsNormal += CLIENT_BASE + c.queryBufferBytes() + c.output().size();
        }
        long overhead = o.startup + o.clientsNormal;
        Keyspace ks = server.keyspace();
        for (int i = 0; i < ks.databases(); i++) {
            Db db = ks.db(i);
            if (db.size() == 0) {
                continue;
            }
            o.keys += db.size();
            long tables = 0;
            for (int slot = 0; slot < HashSlot.COUNT; slot++) {
                if (db.countKeysInSlot(slot) > 0) {
                    tables++;
                }
            }
            DbOverhead d = new DbOverhead(i, db.size() * (MemoryEstimator.ENTRY + MemoryEstimator.BUCKET)
                + tables * SLOT_TABLE, db.expiringCount() * MemoryEstimator.EXPIRE, 0);
            o.dbs.add(d);
            overhead += d.main + d.expires + d.slotToKeys;
            o.dataset += dataset(db);
        }
        o.overheadTotal = overhead;
        o.total = overhead + o.dataset;
        o.peak = Math.max(previousPeak, o.total);
        long net = o.total > o.startup ? o.total - o.startup : 1;
        o.datasetPercentage = (float) o.dataset * 100 / net;
        o.peakPercentage = (float) o.total * 100 / o.peak;
        o.bytesPerKey = o.keys == 0 ? 0 : net / o.keys;
        long resident = server.hooks() == null ? 0 : server.hooks().residentBytes();
        o.rss = resident > 0 ? resident : o.total;
        return o;
    }

    /** Keys' names and values of one database, measured on up to {@link #MEASURED_KEYS} keys. */
    private static long dataset(Db db) {
        long[] measured = {0, 0};
        long cursor = 0;
        do {
            cursor = db.scan(cursor, MEASURED_KEYS, e -> {
                if (measured[0] < MEASURED_KEYS) {
                    measured[0]++;
                    measured[1] += MemoryEstimator.byteArray(e.key().length)
                        + MemoryEstimator.value(e.value(), MemoryEstimator.DEFAULT_SAMPLES);
                }
            });
        } while (cursor != 0 && measured[0] < MEASURED_KEYS);
        if (measured[0] == 0) {
            return 0;
        }
        return measured[0] >= db.size() ? measured[1] : (long) ((double) measured[1] / measured[0] * db.size());
    }

    /** Process RSS over the accounted total (Redis's "fragmentation", here mostly the JVM's own footprint). */
    float fragmentation() {
        return (float) rss / total;
    }
}
