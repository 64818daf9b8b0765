package io.hashslot.commands.keys;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.MigrateTransport;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw] [KEYS key ...]: sends
 * the keys as pipelined RESTORE (RESTORE-ASKING in cluster mode) commands with DUMP payloads over a cached
 * connection, deletes each key the target acknowledged (unless COPY) and propagates that as DEL. Synchronous: the
 * node waits for the target like Redis does. The socket I/O is the server's {@link MigrateTransport}.
 */
final class MigrateCommand {
    private static final byte[] DEL = Args.bytes("DEL");

    private final ServerContext server;

    MigrateCommand(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("migrate", this::migrate);
    }

    private void migrate(Client c, byte[][] argv) {
        boolean copy = false;
        boolean replace = false;
        byte[] username = null;
        byte[] password = null;
        int firstKey = 3;
        int numKeys = 1;
        for (int j = 6; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Args.is(argv[j], "COPY")) {
                copy = true;
            } else if (Args.is(argv[j], "REPLACE")) {
                replace = true;
            } else if (Args.is(argv[j], "AUTH")) {
                if (more < 1) {
                    c.error(Errors.SYNTAX);
                    return;
                }
                password = argv[++j];
            } else if (Args.is(argv[j], "AUTH2")) {
                if (more < 2) {
                    c.error(Errors.SYNTAX);
                    return;
                }
                username = argv[++j];
                password = argv[++j];
            } else if (Args.is(argv[j], "KEYS")) {
                if (argv[3].length != 0) {
                    c.error("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
                    return;
                }
                firstKey = j + 1;
                numKeys = argv.length - j - 1;
                break;
            } else {
                c.error(Errors.SYNTAX);
                return;
            }
        }
        long timeout = Args.longArg(c, argv[5]);
        long dbid = Args.longArg(c, argv[4]);
        if (timeout <= 0) {
            timeout = 1000;
        }
        Db db = c.db();
        List<byte[]> keys = new ArrayList<>();
        for (int j = 0; j < numKeys; j++) {
            if (KeyLookup.read(c, db, argv[firstKey + j], true, true) != null) {
                keys.add(argv[firstKey + j]);
            }
        }
        if (keys.isEmpty()) {
            c.reply().simple("NOKEY");
            return;
        }
        String host = new String(argv[1], StandardCharsets.ISO_8859_1);
        String port = new String(argv[2], StandardCharsets.ISO_8859_1);
        MigrateTransport transport = server.migrateTransport();
        boolean mayRetry = true;
        while (true) {
            MigrateTransport.Link link = transport.link(host, port, timeout);
            if (link == null) {
                c.error("IOERR error or timeout connecting to the client");
                return;
            }
            boolean select = link.lastDbid() != dbid;
            List<byte[]> sent = new ArrayList<>();
            byte[] request = buildRequest(db, keys, sent, dbid, select, username, password, replace);
            boolean writeError = false;
            boolean timedOut = false;
            boolean socketError = false;
            int acked = 0;
            String targetError = null;
            List<byte[]> deleted = new ArrayList<>();
            try {
                try {
                    link.write(request, timeout);
                } catch (IOException e) {
                    writeError = true;
                    throw e;
                }
                String authReply = password != null ? link.readLine(timeout) : null;
                String selectReply = select ? link.readLine(timeout) : null;
                for (byte[] key : sent) {
                    String line;
                    try {
                        line = link.readLine(timeout);
                    } catch (MigrateTransport.Timeout e) {
                        timedOut = true;
                        socketError = true;
                        break;
                    } catch (IOException e) {
                        socketError = true;
                        break;
                    }
                    acked++;
                    String err = authReply != null && authReply.startsWith("-") ? authReply
                        : selectReply != null && selectReply.startsWith("-") ? selectReply
                        : line.startsWith("-") ? line : null;
                    if (err != null) {
                        if (targetError == null) {
                            link.setLastDbid(-1);
                            targetError = err.substring(1);
                        }
                    } else if (!copy) {
                        db.delete(key);
                        server.keyModified(c.dbIndex(), key);
                        server.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", key, c.dbIndex());
                        deleted.add(key);
                    }
                }
            } catch (MigrateTransport.Timeout e) {
                timedOut = true;
                socketError = true;
            } catch (IOException e) {
                socketError = true;
            }
            if (!deleted.isEmpty()) {
                byte[][] del = new byte[deleted.size() + 1][];
                del[0] = DEL;
                for (int i = 0; i < deleted.size(); i++) {
                    del[i + 1] = deleted.get(i);
                }
                c.rewriteArgv(del);
            }
            if (targetError != null) {
                if (socketError) {
                    transport.close(host, port);
                }
                c.error("ERR Target instance replied with error: " + targetError);
                return;
            }
            if (!socketError) {
                link.setLastDbid(dbid);
                c.reply().ok();
                return;
            }
            transport.close(host, port);
            if (acked == 0 && deleted.isEmpty() && mayRetry && !timedOut) {
                mayRetry = false;
                continue;
            }
            c.error("IOERR error or timeout " + (writeError ? "writing" : "reading") + " to target instance");
            return;
        }
    }

    private byte[] buildRequest(Db db, List<byte[]> keys, List<byte[]> sent, long dbid, boolean select,
                                byte[] username, byte[] password, boolean replace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (password != null) {
            if (username != null) {
                writeCommand(out, Args.bytes("AUTH"), username, password);
            } else {
                writeCommand(out, Args.bytes("AUTH"), password);
            }
        }
        if (select) {
            writeCommand(out, Args.bytes("SELECT"), Args.bytes(Long.toString(dbid)));
        }
        byte[] restore = Args.bytes(server.config().getBool("cluster-enabled") ? "RESTORE-ASKING" : "RESTORE");
        long now = server.clock().currentTimeMillis();
        for (byte[] key : keys) {
            Entry e = db.find(key);
            if (e == null) {
                continue;
            }
            long ttl = 0;
            long expireAt = e.expireAt();
            if (expireAt != -1) {
                ttl = expireAt - now;
                if (ttl < 0) {
                    continue;
                }
                if (ttl < 1) {
                    ttl = 1;
                }
            }
            sent.add(key);
            byte[] payload = server.serializer().dump(e.value());
            if (replace) {
                writeCommand(out, restore, key, Args.bytes(Long.toString(ttl)), payload, Args.bytes("REPLACE"));
            } else {
                writeCommand(out, restore, key, Args.bytes(Long.toString(ttl)), payload);
            }
        }
        return out.toByteArray();
    }

    private static void writeCommand(ByteArrayOutputStream out, byte[]... args) {
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
    }
}
