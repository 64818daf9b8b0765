package io.hashslot.commands.hll;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.Errors;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.common.hll.HyperLogLog;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;
import io.hashslot.store.Values;
import java.util.Arrays;

/**
 * How the HyperLogLog commands find, check and write back their string values: read lookups with hit/miss
 * statistics, Redis's validity check (isHLLObjectOrReply) with its error replies, turning a value into a raw
 * string before changing it (dbUnshareStringValue), and storing a changed representation back.
 */
final class HllValues {
    static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    static final String CORRUPTED = "INVALIDOBJ Corrupted HLL object detected";

    private HllValues() {
    }


    /** The bytes of a string value (only the first {@link #length} count). */
    static byte[] array(Object v) {
        return v instanceof byte[] b ? b : ((MutableString) v).array();
    }

    static int length(Object v) {
        return v instanceof byte[] b ? b.length : ((MutableString) v).length();
    }

    /**
     * isHLLObjectOrReply: replies and aborts unless the entry holds a string that looks like a HyperLogLog
     * (WRONGTYPE for other types, Redis's own WRONGTYPE text for strings that are not HyperLogLogs).
     */
    static void check(Client c, Entry e) {
        Object v = e.value();
        if (!Values.isString(v)) {
            throw Args.fail(c, Errors.WRONGTYPE);
        }
        if (!HyperLogLog.isValid(array(v), length(v))) {
            throw Args.fail(c, NOT_HLL);
        }
    }

    /** dbUnshareStringValue: makes the entry hold a raw string that may be changed in place, and returns it. */
    static MutableString unshare(Db db, Entry e) {
        Object v = e.value();
        if (v instanceof MutableString m && !m.isEmbedded()) {
            return m;
        }
        MutableString m = new MutableString(Values.stringBytes(v), 0);
        db.overwrite(e, m);
        return m;
    }

    /** A raw string holding the HyperLogLog's bytes, keeping the byte past its end (the sds terminator slot). */
    static MutableString toStored(HyperLogLog h) {
        int len = h.length();
        byte[] a = h.array();
        MutableString m = new MutableString(Arrays.copyOf(a, len), 1);
        if (a.length > len) {
            m.array()[len] = a[len];
        }
        return m;
    }

    /** Stores the HyperLogLog back into the entry unless it was changed in place in {@code stored}. */
    static void storeBack(Db db, Entry e, MutableString stored, HyperLogLog h) {
        if (h.array() != stored.array() || h.length() != stored.length()) {
            db.overwrite(e, toStored(h));
        }
    }

    /** hll-sparse-max-bytes. */
    static long sparseMaxBytes(Client c) {
        return c.server().config().getLong("hll-sparse-max-bytes");
    }
}
