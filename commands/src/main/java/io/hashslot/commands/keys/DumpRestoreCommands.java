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
import io.hashslot.store.Keyspace;

/** DUMP and RESTORE with Redis 7.0's options, checks, replies and propagation. */
final class DumpRestoreCommands {
    private static final byte[] DEL = Args.bytes("DEL");
    private static final byte[] ABSTTL = Args.bytes("ABSTTL");

    private final ServerContext server;

    DumpRestoreCommands(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("dump", this::dump);
        t.register("restore", this::restore);
        t.register("restore-asking", this::restore);
    }

    private void dump(Client c, byte[][] argv) {
        Entry e = KeyLookup.read(c, argv[1], true);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(server.serializer().dump(e.value()));
    }

    private void restore(Client c, byte[][] argv) {
        boolean replace = false;
        boolean absttl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < argv.length; j++) {
            int more = argv.length - j - 1;
            if (Args.is(argv[j], "REPLACE")) {
                replace = true;
            } else if (Args.is(argv[j], "ABSTTL")) {
                absttl = true;
            } else if (Args.is(argv[j], "IDLETIME") && more >= 1 && freq == -1) {
                idle = Args.longArg(c, argv[++j]);
                if (idle < 0) {
                    c.error("ERR Invalid IDLETIME value, must be >= 0");
                    return;
                }
            } else if (Args.is(argv[j], "FREQ") && more >= 1 && idle == -1) {
                freq = Args.longArg(c, argv[++j]);
                if (freq < 0 || freq > 255) {
                    c.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                    return;
                }
            } else {
                c.error(Errors.SYNTAX);
                return;
            }
        }
        byte[] key = argv[1];
        Db db = c.db();
        if (!replace && db.lookupWrite(key) != null) {
            c.error(Errors.BUSYKEY);
            return;
        }
        long ttl = Args.longArg(c, argv[2]);
        if (ttl < 0) {
            c.error("ERR Invalid TTL value, must be >= 0");
            return;
        }
        if (!server.serializer().verify(argv[3])) {
            c.error("ERR DUMP payload version or checksum are wrong");
            return;
        }
        Object value = server.serializer().restore(argv[3]);
        if (value == null) {
            c.error("ERR Bad data format");
            return;
        }
        boolean deleted = replace && db.lookupWrite(key) != null && db.delete(key);
        Keyspace ks = server.keyspace();
        if (ttl != 0 && !absttl) {
            ttl += server.clock().currentTimeMillis();
        }
        if (ttl != 0 && ttl <= ks.now() && ks.isMaster()) {
            if (deleted) {
                c.rewriteArgv(DEL, key);
                server.keyModified(c.dbIndex(), key);
                server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", key, c.dbIndex());
            }
            c.reply().ok();
            return;
        }
        Entry e = db.add(key, value);
        if (ttl != 0) {
            db.setExpire(e, ttl);
            if (!absttl) {
                byte[][] prop = java.util.Arrays.copyOf(argv, argv.length + 1);
                prop[2] = Numbers.toBytes(ttl);
                prop[argv.length] = ABSTTL;
                c.rewriteArgv(prop);
            }
        }
        Entry stored = db.find(key);
        if (freq >= 0) {
            ks.setFrequency(stored, (int) freq);
        } else if (idle >= 0) {
            ks.setIdleSeconds(stored, idle);
        }
        server.keyModified(c.dbIndex(), key);
        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "restore", key, c.dbIndex());
        c.reply().ok();
    }
}
