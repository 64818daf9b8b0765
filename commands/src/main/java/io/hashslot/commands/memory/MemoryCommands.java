package io.hashslot.commands.memory;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.Help;
import io.hashslot.commands.ServerContext;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Entry;

/**
 * MEMORY USAGE | STATS | DOCTOR | MALLOC-STATS | PURGE | HELP with Redis 7.0's arguments, errors and reply shapes.
 * The numbers are Hashslot's own estimates of its memory (see {@link MemoryEstimator} and
 * {@link MemoryOverview}); they cannot equal jemalloc's figures of a real Redis.
 */
public final class MemoryCommands {
    private static final String[] HELP = {
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
    };

    private final ServerContext server;
    /** The highest total seen by a report (MEMORY STATS / DOCTOR): peak.allocated. */
    private long peak;

    public MemoryCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
        t.register("memory|usage", this::usage);
        t.register("memory|stats", this::stats);
        t.register("memory|doctor", this::doctor);
        t.register("memory|malloc-stats", (c, argv) ->
            c.reply().bulk("Stats not supported for the current allocator"));
        t.register("memory|purge", (c, argv) -> c.reply().ok());
        t.register("memory|help", (c, argv) -> Help.reply(c, argv, HELP));
    }

    /** MEMORY USAGE key [SAMPLES count]: options are checked before the key is looked up. */
    private void usage(Client c, byte[][] argv) {
        long samples = MemoryEstimator.DEFAULT_SAMPLES;
        for (int j = 3; j < argv.length; j++) {
            if (Args.is(argv[j], "SAMPLES") && j + 1 < argv.length) {
                samples = Args.longArg(c, argv[j + 1]);
                if (samples < 0) {
                    c.error(Errors.SYNTAX);
                    return;
                }
                if (samples == 0) {
                    samples = Long.MAX_VALUE;
                }
                j++;
            } else {
                c.error(Errors.SYNTAX);
                return;
            }
        }
        // like Redis, a key that expired but was not deleted yet is still measured
        Entry e = c.db().find(argv[2]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().integer(MemoryEstimator.usage(e, samples));
    }

    private MemoryOverview overview() {
        MemoryOverview o = MemoryOverview.compute(server, peak);
        peak = o.peak;
        return o;
    }

    private void stats(Client c, byte[][] argv) {
        MemoryOverview o = overview();
        Reply r = c.reply();
        r.map(27 + o.dbs.size());
        field(r, "peak.allocated", o.peak);
        field(r, "total.allocated", o.total);
        field(r, "startup.allocated", o.startup);
        field(r, "replication.backlog", 0);
        field(r, "clients.slaves", 0);
        field(r, "clients.normal", o.clientsNormal);
        field(r, "cluster.links", 0);
        field(r, "aof.buffer", 0);
        field(r, "lua.caches", 0);
        field(r, "functions.caches", 0);
        for (MemoryOverview.DbOverhead d : o.dbs) {
            r.bulk("db." + d.db());
            r.map(3);
            field(r, "overhead.hashtable.main", d.main());
            field(r, "overhead.hashtable.expires", d.expires());
            field(r, "overhead.hashtable.slot-to-keys", d.slotToKeys());
        }
        field(r, "overhead.total", o.overheadTotal);
        field(r, "keys.count", o.keys);
        field(r, "keys.bytes-per-key", o.bytesPerKey);
        field(r, "dataset.bytes", o.dataset);
        ratio(r, "dataset.percentage", o.datasetPercentage);
        ratio(r, "peak.percentage", o.peakPercentage);
        // no allocator sits under the accounting: what it allocated, keeps active and resident is the total
        field(r, "allocator.allocated", o.total);
        field(r, "allocator.active", o.total);
        field(r, "allocator.resident", o.total);
        ratio(r, "allocator-fragmentation.ratio", 1f);
        field(r, "allocator-fragmentation.bytes", 0);
        ratio(r, "allocator-rss.ratio", 1f);
        field(r, "allocator-rss.bytes", 0);
        ratio(r, "rss-overhead.ratio", o.fragmentation());
        field(r, "rss-overhead.bytes", o.rss - o.total);
        ratio(r, "fragmentation", o.fragmentation());
        field(r, "fragmentation.bytes", o.rss - o.total);
    }

    private static void field(Reply r, String name, long value) {
        r.bulk(name);
        r.integer(value);
    }

    /** Redis computes these as C floats and replies them as doubles. */
    private static void ratio(Reply r, String name, float value) {
        r.bulk(name);
        r.doubleValue(value);
    }

    private void doctor(Client c, byte[][] argv) {
        c.reply().verbatim(MemoryDoctor.report(overview()), "txt");
    }
}
