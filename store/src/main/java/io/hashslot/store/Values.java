package io.hashslot.store;

import io.hashslot.common.Numbers;

/** What kind of value an entry holds, and how Redis would name its type and encoding. */
public final class Values {
    /** Longest string Redis stores with the embstr encoding. */
    public static final int EMBSTR_LIMIT = 44;

    private Values() {
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
