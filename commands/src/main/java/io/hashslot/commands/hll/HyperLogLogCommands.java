package io.hashslot.commands.hll;

import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.common.hll.HyperLogLog;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;

/**
 * The HyperLogLog family: PFADD, PFCOUNT and PFMERGE here, PFDEBUG and PFSELFTEST in {@link HllDebugCommands}.
 * Values are ordinary strings in Redis's representation (see {@link HyperLogLog}), so GET, DUMP and RESTORE
 * see exactly what Redis would hold.
 */
public final class HyperLogLogCommands {
    private final ServerContext server;

    public HyperLogLogCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
        t.register("pfadd", this::pfadd);
        t.register("pfcount", this::pfcount);
        t.register("pfmerge", this::pfmerge);
        HllDebugCommands debug = new HllDebugCommands(server);
        t.register("pfdebug", debug::pfdebug);
        t.register("pfselftest", debug::pfselftest);
    }

    /** PFADD key [element ...]: 1 if the key was created or a register changed, else 0. */
    private void pfadd(Client c, byte[][] argv) {
        Db db = c.db();
        byte[] key = argv[1];
        Entry e = db.lookupWrite(key);
        int updated = 0;
        if (e == null) {
            e = db.add(key, HllValues.toStored(HyperLogLog.createEmpty()));
            updated++;
        } else {
            HllValues.check(c, e);
        }
        MutableString stored = HllValues.unshare(db, e);
        HyperLogLog h = HyperLogLog.wrap(stored.array(), stored.length());
        long sparseMax = HllValues.sparseMaxBytes(c);
        for (int j = 2; j < argv.length; j++) {
            int r = h.add(argv[j], sparseMax);
            if (r == 1) {
                updated++;
            } else if (r < 0) {
                HllValues.storeBack(db, e, stored, h);
                c.error(HllValues.CORRUPTED);
                return;
            }
        }
        if (updated > 0) {
            h.invalidateCache();
        }
        HllValues.storeBack(db, e, stored, h);
        if (updated > 0) {
            server.keyModified(c.dbIndex(), key);
            server.addDirty(updated - 1);
            server.notifyKeyspaceEvent(KeyspaceEventFlags.STRING, "pfadd", key, c.dbIndex());
        }
        c.reply().integer(updated > 0 ? 1 : 0);
    }

    /**
     * PFCOUNT key [key ...]. One key: the cached cardinality, or a fresh count written into the header's cache
     * (a change to the value, so the key is signalled and the command counts as a write). Several keys: the
     * count of their union, leaving every key untouched.
     */
    private void pfcount(Client c, byte[][] argv) {
        if (argv.length > 2) {
            byte[] max = new byte[HyperLogLog.REGISTERS];
            for (int j = 1; j < argv.length; j++) {
                Entry e = KeyLookup.readEntry(c, argv[j]);
                if (e == null) {
                    continue;
                }
                HllValues.check(c, e);
                Object v = e.value();
                if (!HyperLogLog.mergeInto(max, HllValues.array(v), HllValues.length(v))) {
                    c.error(HllValues.CORRUPTED);
                    return;
                }
            }
            c.reply().integer(HyperLogLog.countRegisters(max));
            return;
        }
        byte[] key = argv[1];
        Entry e = KeyLookup.readEntry(c, key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        HllValues.check(c, e);
        Db db = c.db();
        db.lookupWrite(key); // the value may change below: let snapshots copy it first
        MutableString stored = HllValues.unshare(db, e);
        HyperLogLog h = HyperLogLog.wrap(stored.array(), stored.length());
        long card;
        if (h.cacheValid()) {
            card = h.cachedCardinality();
        } else {
            boolean[] invalid = new boolean[1];
            card = h.count(invalid);
            if (invalid[0]) {
                c.error(HllValues.CORRUPTED);
                return;
            }
            h.setCachedCardinality(card);
            server.keyModified(c.dbIndex(), key);
        }
        c.reply().integer(card);
    }

    /** PFMERGE destkey [sourcekey ...]: the destination becomes the union (register-wise maximum) of all. */
    private void pfmerge(Client c, byte[][] argv) {
        byte[] max = new byte[HyperLogLog.REGISTERS];
        boolean useDense = false;
        for (int j = 1; j < argv.length; j++) {
            Entry e = KeyLookup.readEntry(c, argv[j]);
            if (e == null) {
                continue;
            }
            HllValues.check(c, e);
            Object v = e.value();
            byte[] a = HllValues.array(v);
            if (a[4] == HyperLogLog.DENSE) {
                useDense = true;
            }
            if (!HyperLogLog.mergeInto(max, a, HllValues.length(v))) {
                c.error(HllValues.CORRUPTED);
                return;
            }
        }
        Db db = c.db();
        byte[] key = argv[1];
        Entry e = db.lookupWrite(key);
        if (e == null) {
            e = db.add(key, HllValues.toStored(HyperLogLog.createEmpty()));
        }
        MutableString stored = HllValues.unshare(db, e);
        HyperLogLog h = HyperLogLog.wrap(stored.array(), stored.length());
        if (useDense && !h.toDense()) {
            c.error(HllValues.CORRUPTED);
            return;
        }
        long sparseMax = HllValues.sparseMaxBytes(c);
        for (int j = 0; j < HyperLogLog.REGISTERS; j++) {
            if (max[j] != 0) {
                h.set(j, max[j], sparseMax);
            }
        }
        h.invalidateCache();
        HllValues.storeBack(db, e, stored, h);
        server.keyModified(c.dbIndex(), key);
        // Redis sends "pfadd" for PFMERGE too: a merge is a mass add
        server.notifyKeyspaceEvent(KeyspaceEventFlags.STRING, "pfadd", key, c.dbIndex());
        c.reply().ok();
    }
}
