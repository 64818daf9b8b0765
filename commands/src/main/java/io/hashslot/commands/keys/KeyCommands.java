package io.hashslot.commands.keys;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;

/** DEL, UNLINK, EXISTS, DBSIZE, FLUSHDB, FLUSHALL; the rest of the keyspace family lives beside it. */
public final class KeyCommands {
    private final ServerContext server;

    public KeyCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
        t.register("del", this::del);
        t.register("unlink", this::del);
        t.register("exists", this::exists);
        t.register("dbsize", (c, argv) -> c.reply().integer(c.db().size()));
        t.register("flushdb", this::flushdb);
        t.register("flushall", this::flushall);
    }

    private void del(Client c, byte[][] argv) {
        Db db = c.db();
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            db.lookupWrite(argv[i]); // expire first, as Redis does
            if (db.delete(argv[i])) {
                server.keyModified(c.dbIndex(), argv[i]);
                server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", argv[i], c.dbIndex());
                deleted++;
            }
        }
        c.reply().integer(deleted);
    }

    private void exists(Client c, byte[][] argv) {
        Db db = c.db();
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (db.lookupRead(argv[i], false) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    /** Parses the optional ASYNC|SYNC flag of FLUSHDB/FLUSHALL; replies "syntax error" when wrong. */
    private static boolean flushFlagsOk(Client c, byte[][] argv) {
        if (argv.length > 2) {
            c.error("ERR syntax error");
            return false;
        }
        if (argv.length == 2 && !Args.is(argv[1], "ASYNC") && !Args.is(argv[1], "SYNC")) {
            c.error("ERR syntax error");
            return false;
        }
        return true;
    }

    private void flushdb(Client c, byte[][] argv) {
        if (!flushFlagsOk(c, argv)) {
            return;
        }
        Db db = c.db();
        server.addDirty(db.size());
        db.clear();
        server.watches().touchDb(c.dbIndex());
        c.reply().ok();
    }

    private void flushall(Client c, byte[][] argv) {
        if (!flushFlagsOk(c, argv)) {
            return;
        }
        server.addDirty(server.keyspace().totalKeys());
        server.keyspace().flushAll();
        server.watches().touchDb(-1);
        server.addDirty(1);
        c.reply().ok();
    }
}
