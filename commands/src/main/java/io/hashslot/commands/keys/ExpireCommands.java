package io.hashslot.commands.keys;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Numbers;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;

/**
 * Time to live: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX, XX, GT, LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME
 * and PERSIST. A new expiry propagates as PEXPIREAT with the absolute time in milliseconds; a time already in
 * the past deletes the key and propagates DEL (UNLINK with lazyfree-lazy-expire).
 */
final class ExpireCommands {
    private static final int NX = 1;
    private static final int XX = 1 << 1;
    private static final int GT = 1 << 2;
    private static final int LT = 1 << 3;

    private static final byte[] PEXPIREAT = Args.bytes("PEXPIREAT");
    private static final byte[] DEL = Args.bytes("DEL");
    private static final byte[] UNLINK = Args.bytes("UNLINK");

    private final ServerContext server;

    ExpireCommands(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("expire", (c, argv) -> expire(c, argv, "expire", false, true));
        t.register("pexpire", (c, argv) -> expire(c, argv, "pexpire", false, false));
        t.register("expireat", (c, argv) -> expire(c, argv, "expireat", true, true));
        t.register("pexpireat", (c, argv) -> expire(c, argv, "pexpireat", true, false));
        t.register("ttl", (c, argv) -> ttl(c, argv, false, false));
        t.register("pttl", (c, argv) -> ttl(c, argv, true, false));
        t.register("expiretime", (c, argv) -> ttl(c, argv, false, true));
        t.register("pexpiretime", (c, argv) -> ttl(c, argv, true, true));
        t.register("persist", this::persist);
    }

    /** parseExtendedExpireArgumentsOrReply: the NX/XX/GT/LT flags after the time argument. */
    private static int parseFlags(Client c, byte[][] argv) {
        int flags = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            if (Args.is(opt, "NX")) {
                flags |= NX;
            } else if (Args.is(opt, "XX")) {
                flags |= XX;
            } else if (Args.is(opt, "GT")) {
                flags |= GT;
            } else if (Args.is(opt, "LT")) {
                flags |= LT;
            } else {
                throw Args.fail(c, "ERR Unsupported option " + cString(opt));
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw Args.fail(c, "ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & GT) != 0 && (flags & LT) != 0) {
            throw Args.fail(c, "ERR GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    /** An argument as C's "%s" prints it: up to the first NUL byte. */
    private static String cString(byte[] b) {
        String s = Args.text(b);
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** expireGenericCommand; {@code absolute} is false for EXPIRE/PEXPIRE (the base time is now). */
    private void expire(Client c, byte[][] argv, String name, boolean absolute, boolean seconds) {
        byte[] key = argv[1];
        int flags = parseFlags(c, argv);
        long when = Args.longArg(c, argv[2]);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw Args.fail(c, Errors.expireTime(name));
            }
            when *= 1000;
        }
        long base = absolute ? 0 : server.clock().currentTimeMillis();
        if (when > Long.MAX_VALUE - base) {
            throw Args.fail(c, Errors.expireTime(name));
        }
        when += base;
        Db db = c.db();
        Entry e = db.lookupWrite(key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        if (flags != 0 && !flagsAllow(flags, e.expireAt(), when)) {
            c.reply().integer(0);
            return;
        }
        if (when <= server.clock().currentTimeMillis() && server.keyspace().isMaster()
            && !server.keyspace().loading()) {
            db.delete(key);
            boolean lazy = server.config().getBool("lazyfree-lazy-expire");
            c.rewriteArgv(lazy ? UNLINK : DEL, key);
            server.keyModified(c.dbIndex(), key);
            server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", key, c.dbIndex());
            c.reply().integer(1);
            return;
        }
        db.setExpire(e, when);
        c.reply().integer(1);
        if (!absolute || seconds) {
            byte[][] prop = argv.clone();
            prop[0] = PEXPIREAT;
            prop[2] = Numbers.toBytes(when);
            c.rewriteArgv(prop);
        }
        server.keyModified(c.dbIndex(), key);
        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "expire", key, c.dbIndex());
    }

    /** Whether NX/XX/GT/LT let the new expiry replace {@code current} (-1 = none, an infinite TTL). */
    private static boolean flagsAllow(int flags, long current, long when) {
        if ((flags & NX) != 0 && current != -1) {
            return false;
        }
        if ((flags & XX) != 0 && current == -1) {
            return false;
        }
        if ((flags & GT) != 0 && (current == -1 || when <= current)) {
            return false;
        }
        return (flags & LT) == 0 || current == -1 || when < current;
    }

    /** ttlGenericCommand: -2 when missing, -1 without a TTL; relative times are rounded to seconds. */
    private void ttl(Client c, byte[][] argv, boolean millis, boolean absolute) {
        Entry e = KeyLookup.read(c, argv[1], false);
        if (e == null) {
            c.reply().integer(-2);
            return;
        }
        long at = e.expireAt();
        if (at == -1) {
            c.reply().integer(-1);
            return;
        }
        long ttl = absolute ? at : at - server.clock().currentTimeMillis();
        if (ttl < 0) {
            ttl = 0;
        }
        c.reply().integer(millis ? ttl : (ttl + 500) / 1000);
    }

    private void persist(Client c, byte[][] argv) {
        Db db = c.db();
        Entry e = db.lookupWrite(argv[1]);
        if (e == null || !db.persist(e)) {
            c.reply().integer(0);
            return;
        }
        server.keyModified(c.dbIndex(), argv[1]);
        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "persist", argv[1], c.dbIndex());
        c.reply().integer(1);
    }
}
