package io.hashslot.commands.string;

import io.hashslot.commands.KeyLookup;
import static io.hashslot.commands.string.StringAccess.option;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.Numbers;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;
import java.util.Arrays;

/**
 * The string family's registration, and the commands that read or replace whole values: GET, SET, SETNX, SETEX,
 * PSETEX, GETSET, GETEX, GETDEL, MGET, MSET, MSETNX. The rest lives beside it (StringEdits, Counters, Lcs,
 * BitCommands, BitfieldCommand).
 */
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
    private static final int EXPIRING = EX | PX | EXAT | PXAT;

    private static final byte[] PXAT_WORD = Args.bytes("PXAT");
    private static final byte[] SET_WORD = Args.bytes("SET");
    private static final byte[] DEL_WORD = Args.bytes("DEL");
    private static final byte[] UNLINK_WORD = Args.bytes("UNLINK");
    private static final byte[] PEXPIREAT_WORD = Args.bytes("PEXPIREAT");
    private static final byte[] PERSIST_WORD = Args.bytes("PERSIST");

    public void register(CommandTable t) {
        t.register("get", this::get);
        t.register("set", this::set);
        t.register("setnx", this::setnx);
        t.register("setex", (c, argv) -> setGeneric(c, EX, argv[1], argv[3], argv[2], "setex", true));
        t.register("psetex", (c, argv) -> setGeneric(c, PX, argv[1], argv[3], argv[2], "psetex", true));
        t.register("getset", this::getset);
        t.register("getex", this::getex);
        t.register("getdel", this::getdel);
        t.register("mget", this::mget);
        t.register("mset", (c, argv) -> mset(c, argv, false));
        t.register("msetnx", (c, argv) -> mset(c, argv, true));
        new StringEdits().register(t);
        new Counters().register(t);
        new Lcs().register(t);
        new BitCommands().register(t);
        new BitfieldCommand().register(t);
    }

    private void get(Client c, byte[][] argv) {
        StringAccess.reply(c, StringAccess.readString(c, argv[1]));
    }

    /**
     * Parses SET (from argument 3) or GETEX (from argument 2) options; returns the flags and stores the index of
     * the expire argument in {@code expireArg[0]}. Replies "syntax error" and aborts on a bad combination.
     */
    static int parseOptions(Client c, byte[][] argv, boolean isSet, int[] expireArg) {
        int flags = 0;
        for (int j = isSet ? 3 : 2; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean hasNext = j < argv.length - 1;
            int expiry = expiryOption(opt);
            if (isSet && option(opt, "NX") && (flags & XX) == 0) {
                flags |= NX;
            } else if (isSet && option(opt, "XX") && (flags & NX) == 0) {
                flags |= XX;
            } else if (isSet && option(opt, "GET")) {
                flags |= GET;
            } else if (isSet && option(opt, "KEEPTTL") && (flags & (PERSIST | EXPIRING)) == 0) {
                flags |= KEEPTTL;
            } else if (!isSet && option(opt, "PERSIST") && (flags & (EXPIRING | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (expiry != 0 && hasNext && (flags & (KEEPTTL | PERSIST)) == 0
                && (flags & EXPIRING & ~expiry) == 0) {
                flags |= expiry;
                expireArg[0] = ++j;
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        return flags;
    }

    private static int expiryOption(byte[] opt) {
        if (option(opt, "EX")) {
            return EX;
        } else if (option(opt, "PX")) {
            return PX;
        } else if (option(opt, "EXAT")) {
            return EXAT;
        } else if (option(opt, "PXAT")) {
            return PXAT;
        }
        return 0;
    }

    /** getExpireMillisecondsOrReply: the absolute expiry in unix ms, or the error reply and abort. */
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
        int flags = parseOptions(c, argv, true, expireArg);
        byte[] expire = expireArg[0] < 0 ? null : argv[expireArg[0]];
        boolean done = setGeneric(c, flags, argv[1], argv[2], expire, "set", true);
        if (done && (flags & GET) != 0 && expire == null) {
            byte[][] prop = new byte[argv.length][];
            int n = 0;
            for (int i = 0; i < argv.length; i++) {
                if (i >= 3 && option(argv[i], "GET")) {
                    continue;
                }
                prop[n++] = argv[i];
            }
            c.rewriteArgv(Arrays.copyOf(prop, n));
        }
    }

    /**
     * setGenericCommand: SET with its flags; SETEX and PSETEX pass their expire argument. {@code plainReplies}
     * selects +OK / null (SET, SETEX, PSETEX) as opposed to SETNX's integers, which SETNX handles itself.
     */
    private static boolean setGeneric(Client c, int flags, byte[] key, byte[] value, byte[] expire, String command,
                                      boolean plainReplies) {
        long when = expire == null ? -1 : expireMillis(c, expire, flags, command);
        if ((flags & GET) != 0) {
            StringAccess.reply(c, StringAccess.readString(c, key));
        }
        Db db = c.db();
        boolean found = db.lookupWrite(key) != null;
        if (((flags & NX) != 0 && found) || ((flags & XX) != 0 && !found)) {
            if ((flags & GET) == 0 && plainReplies) {
                c.reply().nullBulk();
            }
            return false;
        }
        Entry e = db.set(key, value, (flags & KEEPTTL) != 0);
        c.server().keyModified(c.dbIndex(), key);
        Notifications.string(c, "set", key);
        if (when >= 0) {
            db.setExpire(e, when);
            c.rewriteArgv(SET_WORD, key, value, PXAT_WORD, Numbers.toBytes(when));
            Notifications.generic(c, "expire", key);
        }
        if ((flags & GET) == 0 && plainReplies) {
            c.reply().ok();
        }
        return true;
    }

    private void setnx(Client c, byte[][] argv) {
        boolean done = setGeneric(c, NX, argv[1], argv[2], null, "setnx", false);
        c.reply().integer(done ? 1 : 0);
    }

    private void getset(Client c, byte[][] argv) {
        StringAccess.reply(c, StringAccess.readString(c, argv[1]));
        StringAccess.setKey(c, argv[1], argv[2], false);
        Notifications.string(c, "set", argv[1]);
        c.rewriteArgv(SET_WORD, argv[1], argv[2]);
    }

    private void getex(Client c, byte[][] argv) {
        int[] expireArg = {-1};
        int flags = parseOptions(c, argv, false, expireArg);
        byte[] key = argv[1];
        Entry e = KeyLookup.readEntry(c, key);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        StringAccess.checkString(c, e);
        long when = expireArg[0] < 0 ? -1 : expireMillis(c, argv[expireArg[0]], flags, "getex");
        StringAccess.reply(c, e.value());
        Db db = c.db();
        if ((flags & (EXAT | PXAT)) != 0 && alreadyExpired(c, when)) {
            db.delete(key);
            boolean lazy = c.server().config().getBool("lazyfree-lazy-expire");
            c.rewriteArgv(lazy ? UNLINK_WORD : DEL_WORD, key);
            c.server().keyModified(c.dbIndex(), key);
            Notifications.generic(c, "del", key);
        } else if (when >= 0) {
            db.setExpire(e, when);
            c.rewriteArgv(PEXPIREAT_WORD, key, Numbers.toBytes(when));
            c.server().keyModified(c.dbIndex(), key);
            Notifications.generic(c, "expire", key);
        } else if ((flags & PERSIST) != 0 && db.persist(e)) {
            c.server().keyModified(c.dbIndex(), key);
            c.rewriteArgv(PERSIST_WORD, key);
            Notifications.generic(c, "persist", key);
        }
    }

    /** checkAlreadyExpired: an absolute time in the past deletes at once, except on a replica or while loading. */
    private static boolean alreadyExpired(Client c, long when) {
        return when <= c.server().clock().currentTimeMillis() && !c.server().isReplica()
            && !c.server().keyspace().loading();
    }

    private void getdel(Client c, byte[][] argv) {
        byte[] key = argv[1];
        StringAccess.reply(c, StringAccess.readString(c, key));
        if (c.db().delete(key)) {
            boolean lazy = c.server().config().getBool("lazyfree-lazy-user-del");
            c.rewriteArgv(lazy ? UNLINK_WORD : DEL_WORD, key);
            c.server().keyModified(c.dbIndex(), key);
            Notifications.generic(c, "del", key);
        }
    }

    private void mget(Client c, byte[][] argv) {
        c.reply().array(argv.length - 1);
        for (int j = 1; j < argv.length; j++) {
            Entry e = KeyLookup.readEntry(c, argv[j]);
            if (e == null || !Values.isString(e.value())) {
                c.reply().nullBulk();
            } else {
                StringAccess.reply(c, e.value());
            }
        }
    }

    private void mset(Client c, byte[][] argv, boolean nx) {
        if (argv.length % 2 == 0) {
            throw Args.fail(c, Errors.arity(nx ? "msetnx" : "mset"));
        }
        Db db = c.db();
        if (nx) {
            for (int j = 1; j < argv.length; j += 2) {
                if (db.lookupWrite(argv[j]) != null) {
                    c.reply().integer(0);
                    return;
                }
            }
        }
        for (int j = 1; j < argv.length; j += 2) {
            StringAccess.setKey(c, argv[j], argv[j + 1], false);
            Notifications.string(c, "set", argv[j]);
        }
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }
}
