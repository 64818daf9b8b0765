package io.hashslot.store;

import io.hashslot.common.Numbers;

/** What kind of value an entry holds, and how Redis would name its type and encoding. */
public final class Values {
    /** Longest string Redis stores with the embstr encoding. */
    public static final int EMBSTR_LIMIT = 44;

    /** Estimated bytes of a table entry besides its key and value (entry object, arrays' headers, bucket). */
    public static final long ENTRY_OVERHEAD = 72;
    /** Extra estimated bytes of an entry with a time to live. */
    public static final long EXPIRE_OVERHEAD = 8;
    /** Estimated bytes of a value whose size changes in place (grown strings, collections). */
    public static final long MUTABLE_VALUE_ESTIMATE = 64;

    private Values() {
    }

    /**
     * The keyspace's memory estimate of one entry. It depends only on what cannot change while the entry
     * stays in its table (the key, immutable string values, the entry kind), so adding and removing an entry
     * always moves the total by the same amount; values that grow in place count a fixed estimate.
     */
    public static long entryEstimate(byte[] key, Object value, boolean expiring) {
        long v = value instanceof byte[] b ? b.length : MUTABLE_VALUE_ESTIMATE;
        return ENTRY_OVERHEAD + key.length + v + (expiring ? EXPIRE_OVERHEAD : 0);
    }

    public static boolean isString(Object v) {
        return v instanceof byte[] || v instanceof MutableString;
    }

    /** The bytes of a string value (a copy for mutable strings). */
    public static byte[] stringBytes(Object v) {
        return v instanceof byte[] b ? b : ((MutableString) v).toBytes();
    }

    public static int stringLength(Object v) {
        return v instanceof byte[] b ? b.length : ((MutableString) v).length();
    }

    /**
     * An independent copy of a value for COPY. Plain byte[] strings are never mutated in place, so they are
     * shared; grown-in-place strings are copied (keeping the raw encoding); other types copy themselves.
     */
    public static Object copy(Object v) {
        if (v instanceof byte[]) {
            return v;
        }
        if (v instanceof MutableString m) {
            return new MutableString(m.toBytes(), 0);
        }
        if (v instanceof TypedValue t) {
            return t.copy();
        }
        throw new IllegalArgumentException("unknown value class " + v.getClass().getName());
    }

    public static String typeName(Object v) {
        if (isString(v)) {
            return "string";
        }
        if (v instanceof TypedValue t) {
            return t.typeName();
        }
        return "none";
    }

    public static String encoding(Object v) {
        if (v instanceof MutableString m) {
            return m.isEmbedded() ? "embstr" : "raw";
        }
        if (v instanceof byte[] b) {
            if (b.length <= 20 && Numbers.isLong(b)) {
                return "int";
            }
            return b.length <= EMBSTR_LIMIT ? "embstr" : "raw";
        }
        if (v instanceof TypedValue t) {
            return t.encoding();
        }
        return "unknown";
    }
}
