package io.hashslot.commands.keys;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Glob;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Keyspace;
import io.hashslot.store.Values;

/**
 * The generic keyspace commands that work on whole keys or databases: DEL, UNLINK, EXISTS, TYPE, TOUCH, DBSIZE,
 * KEYS, RANDOMKEY, FLUSHDB, FLUSHALL, SWAPDB and WAIT. Registering this family also registers its siblings
 * (expiry, rename/copy/move, SCAN, OBJECT) and hooks the store's key additions, expiry deletions and LFU
 * settings to the node.
 */
public final class KeyCommands {
    /** How often RANDOMKEY on a replica retries when every key has a TTL (dbRandomKey's maxtries). */
    private static final int RANDOMKEY_MAX_TRIES = 100;

    private final ServerContext server;

    public KeyCommands(ServerContext server) {
        this.server = server;
        server.keyspace().setListener(new StoreEvents(server));
        applyLfu();
        server.config().onChange("maxmemory-policy", v -> applyLfu());
        server.config().onChange("lfu-log-factor", v -> applyLfu());
        server.config().onChange("lfu-decay-time", v -> applyLfu());
    }

    private void applyLfu() {
        boolean lfu = server.config().getString("maxmemory-policy").endsWith("-lfu");
        server.keyspace().setLfu(lfu, server.config().getInt("lfu-log-factor"),
            server.config().getInt("lfu-decay-time"), server.random());
    }

    public void register(CommandTable t) {
        new DumpRestoreCommands(server).register(t);
        new MigrateCommand(server).register(t);
        t.register("del", this::del);
        t.register("unlink", this::del);
        t.register("exists", this::exists);
        t.register("type", this::type);
        t.register("touch", this::touch);
        t.register("dbsize", (c, argv) -> c.reply().integer(c.db().size()));
        t.register("keys", this::keys);
        t.register("randomkey", this::randomkey);
        t.register("flushdb", this::flushdb);
        t.register("flushall", this::flushall);
        t.register("swapdb", this::swapdb);
        t.register("wait", this::waitReplicas);
        new ExpireCommands(server).register(t);
        new RenameCommands(server).register(t);
        new ScanCommand(server).register(t);
        new ObjectCommand(server).register(t);
    }

    private void del(Client c, byte[][] argv) {
        Db db = c.db();
        long deleted = 0;
        for (int i = 1; i < argv.length; i++) {
            db.lookupWrite(argv[i]); // an expired key is deleted (and reported expired) first, as Redis does
            if (db.delete(argv[i])) {
                server.keyModified(c.dbIndex(), argv[i]);
                server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", argv[i], c.dbIndex());
                deleted++;
            }
        }
        c.reply().integer(deleted);
    }

    private void exists(Client c, byte[][] argv) {
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (KeyLookup.read(c, argv[i], false) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    private void type(Client c, byte[][] argv) {
        Entry e = KeyLookup.read(c, c.db(), argv[1], false, true);
        c.reply().simple(e == null ? "none" : Values.typeName(e.value()));
    }

    private void touch(Client c, byte[][] argv) {
        long n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (KeyLookup.read(c, argv[i], true) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    private void keys(Client c, byte[][] argv) {
        byte[] pattern = argv[1];
        boolean all = pattern.length == 1 && pattern[0] == '*';
        long now = server.keyspace().now();
        Reply r = c.reply();
        Object len = r.deferArray();
        int[] n = {0};
        c.db().forEach(e -> {
            if ((all || Glob.matches(pattern, e.key(), false)) && !Lookups.isExpired(e, now)) {
                r.bulk(e.key());
                n[0]++;
            }
        });
        r.fixDeferred(len, n[0]);
    }

    /** dbRandomKey: expired keys found on the way are deleted (on a master) and another one is drawn. */
    private void randomkey(Client c, byte[][] argv) {
        Db db = c.db();
        boolean allVolatile = db.size() == db.expiringCount();
        int tries = RANDOMKEY_MAX_TRIES;
        while (true) {
            Entry e = db.random(server.random());
            if (e == null) {
                c.reply().nullBulk();
                return;
            }
            if (e.expireAt() >= 0) {
                if (allVolatile && !server.keyspace().isMaster() && --tries == 0) {
                    // a replica cannot delete, so with only stale keys left it gives one back rather than loop
                    c.reply().bulk(e.key());
                    return;
                }
                if (db.lookupRead(e.key(), false) == null) {
                    continue;
                }
            }
            c.reply().bulk(e.key());
            return;
        }
    }

    /** Parses the optional ASYNC|SYNC flag of FLUSHDB/FLUSHALL; replies "syntax error" when wrong. */
    private static boolean flushFlagsOk(Client c, byte[][] argv) {
        if (argv.length == 1 || (argv.length == 2 && (Args.is(argv[1], "ASYNC") || Args.is(argv[1], "SYNC")))) {
            return true;
        }
        c.error(Errors.SYNTAX);
        return false;
    }

    private void flushdb(Client c, byte[][] argv) {
        if (!flushFlagsOk(c, argv)) {
            return;
        }
        Db db = c.db();
        server.watches().touchAllInDb(db, null);
        server.addDirty(db.size());
        db.clear();
        c.forcePropagation(); // Redis propagates FLUSHDB even on an empty database
        c.reply().ok();
    }

    private void flushall(Client c, byte[][] argv) {
        if (!flushFlagsOk(c, argv)) {
            return;
        }
        Keyspace ks = server.keyspace();
        for (int d = 0; d < ks.databases(); d++) {
            server.watches().touchAllInDb(ks.db(d), null);
        }
        server.addDirty(ks.totalKeys());
        ks.flushAll();
        server.persistence().flushedAll();
        c.forcePropagation(); // propagated even when nothing was deleted or a save reset the dirty counter
        c.reply().ok();
    }

    private void swapdb(Client c, byte[][] argv) {
        if (server.config().getBool("cluster-enabled")) {
            c.error("ERR SWAPDB is not allowed in cluster mode");
            return;
        }
        long id1 = Args.longInRange(c, argv[1], Integer.MIN_VALUE, Integer.MAX_VALUE, "ERR invalid first DB index");
        long id2 = Args.longInRange(c, argv[2], Integer.MIN_VALUE, Integer.MAX_VALUE,
            "ERR invalid second DB index");
        Keyspace ks = server.keyspace();
        if (id1 < 0 || id1 >= ks.databases() || id2 < 0 || id2 >= ks.databases()) {
            c.error(Errors.INVALID_DB);
            return;
        }
        int a = (int) id1;
        int b = (int) id2;
        if (a != b) {
            server.watches().touchAllInDb(ks.db(a), ks.db(b));
            server.watches().touchAllInDb(ks.db(b), ks.db(a));
            ks.swap(a, b);
            // clients blocked on keys of either database may now find data (scanDatabaseForReadyKeys)
            for (int d : new int[] {a, b}) {
                for (byte[] key : server.blocking().keysWaitedOn(d)) {
                    // present in the table, expired or not (dictFind): serving it deletes an expired key
                    if (ks.db(d).find(key) != null) {
                        server.signalKeyAsReady(d, key);
                    }
                }
            }
        }
        server.addDirty(1);
        c.reply().ok();
    }

    /**
     * WAIT numreplicas timeout. Replication does not exist yet, so no replica ever acknowledges: the reply is 0 at
     * once (Redis would block until the timeout when asked for replicas it does not have).
     */
    private void waitReplicas(Client c, byte[][] argv) {
        if (!server.keyspace().isMaster()) {
            c.error("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a "
                + "replica is configured to be writable (which is not the default) writes to replicas are just "
                + "local and are not propagated.");
            return;
        }
        Args.longArg(c, argv[1]);
        long timeout = Args.longArg(c, argv[2], "ERR timeout is not an integer or out of range");
        if (timeout < 0) {
            c.error(Errors.NEGATIVE_TIMEOUT);
            return;
        }
        c.reply().integer(0);
    }
}
