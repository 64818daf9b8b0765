package io.hashslot.commands.string;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.Numbers;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;

/** GET, SET and their core; the rest of the string family lives beside it. */
public final class StringCommands {
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int EX = 1 << 2;
    static final int PX = 1 << 3;
    static final int KEEPTTL = 1 << 4;
    static final int GET = 1 << 5;
    static final int EXAT = 1 << 6;
    static final int PXAT = 1 << 7;
    static final int PERSIST = 1 << 8;

    private static final byte[] PXAT_WORD = Args.bytes("PXAT");
    private static final byte[] SET_WORD = Args.bytes("SET");

    public void register(CommandTable t) {
        t.register("get", this::get);
        t.register("set", this::set);
    }

    /** The string value of a key for reading: null if missing; WRONGTYPE error (and abort) for other types. */
    static Object readString(Client c, byte[] key) {
        Entry e = c.db().lookupRead(key);
        if (e == null) {
            c.server().stats().keyspaceMisses++;
            return null;
        }
        c.server().stats().keyspaceHits++;
        if (!Values.isString(e.value())) {
            throw Args.fail(c, Errors.WRONGTYPE);
        }
        return e.value();
    }

    static void replyString(Client c, Object v) {
        if (v == null) {
            c.reply().nullBulk();
        } else if (v instanceof byte[] b) {
            c.reply().bulk(b);
        } else {
            io.hashslot.store.MutableString m = (io.hashslot.store.MutableString) v;
            c.reply().bulk(m.array(), 0, m.length());
        }
    }

    private void get(Client c, byte[][] argv) {
        replyString(c, readString(c, argv[1]));
    }

    /**
     * Parses SET/GETEX options from {@code from}; returns the flags and stores the expire argument index in
     * {@code expireArg[0]}. Replies "syntax error" and aborts on a bad combination.
     */
    static int parseOptions(Client c, byte[][] argv, int from, boolean isSet, int[] expireArg) {
        int flags = 0;
        for (int j = from; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean hasNext = j < argv.length - 1;
            int expiring = EX | PX | EXAT | PXAT;
            if (isSet && Args.is(opt, "NX") && (flags & XX) == 0) {
                flags |= NX;
            } else if (isSet && Args.is(opt, "XX") && (flags & NX) == 0) {
                flags |= XX;
            } else if (isSet && Args.is(opt, "GET")) {
                flags |= GET;
            } else if (isSet && Args.is(opt, "KEEPTTL") && (flags & (PERSIST | expiring)) == 0) {
                flags |= KEEPTTL;
            } else if (!isSet && Args.is(opt, "PERSIST") && (flags & (expiring | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (hasNext && (flags & (KEEPTTL | PERSIST)) == 0 && expiryOption(opt) != 0
                && (flags & expiring & ~expiryOption(opt)) == 0) {
                flags |= expiryOption(opt);
                expireArg[0] = ++j;
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        return flags;
    }

    private static int expiryOption(byte[] opt) {
        if (Args.is(opt, "EX")) {
            return EX;
        } else if (Args.is(opt, "PX")) {
            return PX;
        } else if (Args.is(opt, "EXAT")) {
            return EXAT;
        } else if (Args.is(opt, "PXAT")) {
            return PXAT;
        }
        return 0;
    }

    /** getExpireMillisecondsOrReply: the absolute expiry in unix ms. */
    static long expireMillis(Client c, byte[] arg, int flags, String command) {
        long ms = Args.longArg(c, arg);
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            throw Args.fail(c, Errors.expireTime(command));
        }
        if (seconds) {
            ms *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            ms += c.server().clock().currentTimeMillis();
        }
        if (ms <= 0) {
            throw Args.fail(c, Errors.expireTime(command));
        }
        return ms;
    }

    private void set(Client c, byte[][] argv) {
        int[] expireArg = {-1};
        int flags = parseOptions(c, argv, 3, true, expireArg);
        long when = expireArg[0] < 0 ? -1 : expireMillis(c, argv[expireArg[0]], flags, "set");
        byte[] key = argv[1];
        Db db = c.db();
        if ((flags & GET) != 0) {
            replyString(c, readString(c, key));
        }
        boolean found = db.lookupWrite(key) != null;
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if ((flags & GET) == 0) {
                c.reply().nullBulk();
            }
            return;
        }
        Entry e = db.set(key, argv[2], (flags & KEEPTTL) != 0);
        c.server().keyModified(c.dbIndex(), key);
        Notifications.string(c, "set", key);
        if (when >= 0) {
            db.setExpire(e, when);
            c.rewriteArgv(SET_WORD, key, argv[2], PXAT_WORD, Numbers.toBytes(when));
            Notifications.generic(c, "expire", key);
        } else if ((flags & GET) != 0) {
            byte[][] prop = new byte[argv.length - 1][];
            int n = 0;
            for (int i = 0; i < argv.length; i++) {
                if (i >= 3 && Args.is(argv[i], "GET")) {
                    continue;
                }
                prop[n++] = argv[i];
            }
            c.rewriteArgv(java.util.Arrays.copyOf(prop, n));
        }
        if ((flags & GET) == 0) {
            c.reply().ok();
        }
    }
}
