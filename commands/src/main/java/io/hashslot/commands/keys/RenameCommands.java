package io.hashslot.commands.keys;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Keyspace;
import io.hashslot.store.Values;
import java.util.Arrays;

/**
 * Commands that give a value another name or database: RENAME, RENAMENX, MOVE (the same value object moves, with
 * its TTL and access metadata) and COPY (a deep copy of any type, with the TTL, as a new object).
 */
final class RenameCommands {
    private final ServerContext server;

    RenameCommands(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("rename", (c, argv) -> rename(c, argv, false));
        t.register("renamenx", (c, argv) -> rename(c, argv, true));
        t.register("move", this::move);
        t.register("copy", this::copy);
    }

    private void rename(Client c, byte[][] argv, boolean nx) {
        byte[] src = argv[1];
        byte[] dst = argv[2];
        Db db = c.db();
        Entry e = db.lookupWrite(src);
        if (e == null) {
            c.error(Errors.NO_SUCH_KEY);
            return;
        }
        if (Arrays.equals(src, dst)) {
            if (nx) {
                c.reply().integer(0);
            } else {
                c.reply().ok();
            }
            return;
        }
        Object value = e.value();
        int meta = e.meta();
        long expire = e.expireAt();
        if (db.lookupWrite(dst) != null) {
            if (nx) {
                c.reply().integer(0);
                return;
            }
            db.delete(dst);
        }
        Entry moved = db.add(dst, value, meta);
        if (expire != -1) {
            db.setExpire(moved, expire);
        }
        db.delete(src);
        int index = c.dbIndex();
        server.keyModified(index, src); // one write for the dirty counter, two touched keys
        server.watches().touch(index, dst);
        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "rename_from", src, index);
        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "rename_to", dst, index);
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }

    /** selectDb's check for a target database given as an argument: "DB index is out of range". */
    private Db targetDb(Client c, byte[] arg) {
        int id = Args.intArg(c, arg);
        Keyspace ks = server.keyspace();
        if (id < 0 || id >= ks.databases()) {
            throw Args.fail(c, Errors.INVALID_DB);
        }
        return ks.db(id);
    }

    private void move(Client c, byte[][] argv) {
        if (server.config().getBool("cluster-enabled")) {
            c.error("ERR MOVE is not allowed in cluster mode");
            return;
        }
        byte[] key = argv[1];
        Db src = c.db();
        Db dst = targetDb(c, argv[2]);
        if (dst.index() == src.index()) {
            c.error(Errors.SAME_OBJECT);
            return;
        }
        Entry e = src.lookupWrite(key);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        long expire = e.expireAt();
        if (dst.lookupWrite(key) != null) {
            c.reply().integer(0);
            return;
        }
        Entry moved = dst.add(key, e.value(), e.meta());
        if (expire != -1) {
            dst.setExpire(moved, expire);
        }
        src.delete(key);
        server.keyModified(src.index(), key);
        server.watches().touch(dst.index(), key);
        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "move_from", key, src.index());
        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "move_to", key, dst.index());
        c.reply().integer(1);
    }

    private void copy(Client c, byte[][] argv) {
        Db src = c.db();
        Db dst = src;
        boolean replace = false;
        for (int j = 3; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            if (Args.is(argv[j], "REPLACE")) {
                replace = true;
            } else if (Args.is(argv[j], "DB") && additional >= 1) {
                dst = targetDb(c, argv[j + 1]);
                j++;
            } else {
                c.error(Errors.SYNTAX);
                return;
            }
        }
        if (server.config().getBool("cluster-enabled") && (src.index() != 0 || dst.index() != 0)) {
            c.error("ERR Copying to another database is not allowed in cluster mode");
            return;
        }
        byte[] key = argv[1];
        byte[] newKey = argv[2];
        if (src.index() == dst.index() && Arrays.equals(key, newKey)) {
            c.error(Errors.SAME_OBJECT);
            return;
        }
        Entry e = KeyLookup.read(c, src, key, true, true);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        long expire = e.expireAt();
        boolean delete = false;
        if (dst.lookupWrite(newKey) != null) {
            if (!replace) {
                c.reply().integer(0);
                return;
            }
            delete = true;
        }
        Object copy = Values.copy(e.value());
        if (delete) {
            dst.delete(newKey);
        }
        Entry added = dst.add(newKey, copy);
        if (expire != -1) {
            dst.setExpire(added, expire);
        }
        server.keyModified(dst.index(), newKey);
        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "copy_to", newKey, dst.index());
        c.reply().integer(1);
    }
}
