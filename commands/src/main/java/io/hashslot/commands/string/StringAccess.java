package io.hashslot.commands.string;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.Errors;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;
import io.hashslot.store.Values;

/**
 * How the string family reads and writes values: read lookups with keyspace hit/miss statistics and key-miss
 * events, type checks, access to the bytes of either string representation, turning a value into a raw
 * {@link MutableString} before changing it in place, and the proto-max-bulk-len size check.
 */
final class StringAccess {
    static final String TOO_BIG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    /** Largest byte array the JVM reliably allocates; strings cannot grow past it. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    private StringAccess() {
    }


    /** The string value of a key for reading: null if missing; WRONGTYPE error (and abort) for other types. */
    static Object readString(Client c, byte[] key) {
        Entry e = KeyLookup.readEntry(c, key);
        if (e == null) {
            return null;
        }
        checkString(c, e);
        return e.value();
    }

    /** Replies WRONGTYPE and aborts unless the entry (if any) holds a string. */
    static void checkString(Client c, Entry e) {
        if (e != null && !Values.isString(e.value())) {
            throw Args.fail(c, Errors.WRONGTYPE);
        }
    }

    /** The array holding a string value's bytes; only the first {@link #length} bytes count. */
    static byte[] array(Object v) {
        return v instanceof byte[] b ? b : ((MutableString) v).array();
    }

    static int length(Object v) {
        return v instanceof byte[] b ? b.length : ((MutableString) v).length();
    }

    /** Replies with a string value, or the null bulk for null. */
    static void reply(Client c, Object v) {
        if (v == null) {
            c.reply().nullBulk();
        } else if (v instanceof byte[] b) {
            c.reply().bulk(b);
        } else {
            MutableString m = (MutableString) v;
            c.reply().bulk(m.array(), 0, m.length());
        }
    }

    /**
     * dbUnshareStringValue: makes the entry hold a raw {@link MutableString} that may be changed in place and
     * returns it. Immutable byte arrays and embstr-like values are copied.
     */
    static MutableString unshare(Db db, Entry e) {
        Object v = e.value();
        if (v instanceof MutableString m && !m.isEmbedded()) {
            return m;
        }
        MutableString m = new MutableString(v instanceof byte[] b ? b : ((MutableString) v).toBytes(), 0);
        db.overwrite(e, m);
        return m;
    }

    static long maxBulkLength(Client c) {
        return c.server().config().getLong("proto-max-bulk-len");
    }

    /** Whether size limits are waived for this client (mustObeyClient: our master). */
    static boolean mustObey(Client c) {
        return c.hasFlag(Client.FLAG_MASTER);
    }

    /** checkStringLength: replies the size error and aborts when size + append exceeds proto-max-bulk-len. */
    static void checkLength(Client c, long size, long append) {
        long total = size + append;
        boolean overflow = total < size || total < append;
        if (overflow || total > MAX_ARRAY || (!mustObey(c) && total > maxBulkLength(c))) {
            throw Args.fail(c, TOO_BIG);
        }
    }

    /**
     * setKey: stores a value whatever the key held (dropping its TTL unless {@code keepTtl}), sends "new" when
     * the key is created and signals the modification (WATCH, dirty). Returns the entry.
     */
    static Entry setKey(Client c, byte[] key, Object value, boolean keepTtl) {
        Db db = c.db();
        db.lookupWrite(key); // expires a stale key first, as lookupKeyWrite does
        Entry e = db.set(key, value, keepTtl);
        c.server().keyModified(c.dbIndex(), key);
        return e;
    }

    /**
     * Whether an option argument equals {@code word} ignoring case, compared as a C string (up to the first NUL
     * byte), the way Redis's strcasecmp-based option parsing sees it.
     */
    static boolean option(byte[] arg, String word) {
        int n = cLength(arg);
        if (n != word.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (Character.toLowerCase((char) (arg[i] & 0xff)) != Character.toLowerCase(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Length of the argument as C's strlen sees it. */
    static int cLength(byte[] arg) {
        for (int i = 0; i < arg.length; i++) {
            if (arg[i] == 0) {
                return i;
            }
        }
        return arg.length;
    }
}
