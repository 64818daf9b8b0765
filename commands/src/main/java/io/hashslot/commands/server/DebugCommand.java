package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DEBUG SLEEP, SEGFAULT, SET-ACTIVE-EXPIRE, OBJECT, POPULATE, PROTOCOL, SET-DISABLE-DENY-SCRIPTS,
 * CONFIG-REWRITE-FORCE-ALL, RELOAD, LOADAOF, DIGEST, DIGEST-VALUE and HELP. The other DEBUG subcommands of Redis are
 * answered with the generic "unknown subcommand" error.
 */
final class DebugCommand {
    /** Redis's OBJ_SHARED_REFCOUNT: the refcount OBJECT/DEBUG report for shared small integers. */
    static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** Integers below this are shared objects in Redis (OBJ_SHARED_INTEGERS). */
    static final long SHARED_INTEGERS = 10000;

    private final ServerContext server;

    DebugCommand(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("debug", this::debug);
    }

    private void debug(Client c, byte[][] argv) {
        String sub = Args.text(argv[1]);
        int argc = argv.length;
        if (argc == 2 && sub.equalsIgnoreCase("help")) {
            help(c, argv);
        } else if (sub.equalsIgnoreCase("segfault")) {
            server.hooks().crash();
        } else if (sub.equalsIgnoreCase("sleep") && argc == 3) {
            sleep(CText.strtod(Args.text(argv[2])));
            c.reply().ok();
        } else if (sub.equalsIgnoreCase("set-active-expire") && argc == 3) {
            server.setActiveExpireEnabled(CText.atoi(Args.text(argv[2])) != 0);
            c.reply().ok();
        } else if (sub.equalsIgnoreCase("protocol") && argc == 3) {
            DebugProtocol.reply(c, Args.text(argv[2]));
        } else if (sub.equalsIgnoreCase("set-disable-deny-scripts") && argc == 3) {
            server.setDenyScriptsDisabled(CText.atoi(Args.text(argv[2])) != 0);
            c.reply().ok();
        } else if (sub.equalsIgnoreCase("clusterlink") && argc == 5 && Args.is(argv[2], "kill")) {
            String err = server.hooks().killClusterLink(Args.text(argv[3]), Args.text(argv[4]));
            if (err != null) {
                c.error(err);
            } else {
                c.reply().ok();
            }
        } else if (sub.equalsIgnoreCase("drop-cluster-packet-filter") && argc == 3) {
            server.hooks().setClusterDropPacketFilter(Args.longArg(c, argv[2]));
            c.reply().ok();
        } else if (sub.equalsIgnoreCase("object") && argc == 3) {
            object(c, argv[2]);
        } else if (sub.equalsIgnoreCase("config-rewrite-force-all") && argc == 2) {
            String err = server.hooks().rewriteConfigForceAll();
            if (err != null) {
                c.error(err);
            } else {
                c.reply().ok();
            }
        } else if (sub.equalsIgnoreCase("populate") && argc >= 3 && argc <= 5) {
            populate(c, argv);
        } else if (sub.equalsIgnoreCase("reload")) {
            reload(c, argv);
        } else if (sub.equalsIgnoreCase("loadaof")) {
            server.persistence().debugLoadAof().reply(c);
        } else if (sub.equalsIgnoreCase("digest") && argc == 2) {
            c.reply().simple(DatasetDigest.hex(new DatasetDigest().dataset(server.keyspace())));
        } else if (sub.equalsIgnoreCase("digest-value") && argc >= 2) {
            DatasetDigest digest = new DatasetDigest();
            c.reply().array(argc - 2);
            for (int j = 2; j < argc; j++) {
                byte[] d = new byte[20];
                Entry e = c.db().find(argv[j]); // logically expired keys count too, as in Redis
                if (e != null) {
                    digest.value(d, e.value(), e.expireAt() >= 0);
                }
                c.reply().simple(DatasetDigest.hex(d));
            }
        } else {
            Help.subcommandSyntaxError(c, argv);
        }
    }

    private void reload(Client c, byte[][] argv) {
        boolean merge = false;
        boolean flush = true;
        boolean save = true;
        for (int j = 2; j < argv.length; j++) {
            if (Args.is(argv[j], "MERGE")) {
                merge = true;
            } else if (Args.is(argv[j], "NOFLUSH")) {
                flush = false;
            } else if (Args.is(argv[j], "NOSAVE")) {
                save = false;
            } else {
                c.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                return;
            }
        }
        server.persistence().debugReload(merge, flush, save).reply(c);
    }

    private static void sleep(double seconds) {
        long micros = (long) (seconds * 1_000_000);
        if (micros <= 0) {
            return;
        }
        long deadline = System.nanoTime() + micros * 1000;
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void help(Client c, byte[][] argv) {
        Help.reply(c, argv,
            "CLUSTERLINK KILL <to|from|all> <node-id>",
            "    Close the cluster bus link to, from or both ways with the given node (cluster mode only).",
            "CONFIG-REWRITE-FORCE-ALL",
            "    Like CONFIG REWRITE, but write every directive, default values included.",
            "DIGEST",
            "    Output a hex signature representing the current DB content.",
            "DIGEST-VALUE <key> [<key> ...]",
            "    Output a hex signature of the values of all the specified keys.",
            "DROP-CLUSTER-PACKET-FILTER <packet-type>",
            "    Drop received cluster bus messages of this type (-1 stops dropping).",
            "LOADAOF",
            "    Flush the Append Only File buffers to disk and reload the AOF in memory.",
            "OBJECT <key>",
            "    Show low level details of the value stored at <key>.",
            "PROTOCOL <type>",
            "    Reply with a test value of the given type: string, integer, double, bignum, null, array, set, map,",
            "    attrib, push, verbatim, true or false.",
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named <prefix>:<n> (prefix \"key\" by default) holding",
            "    \"value:<n>\", padded or cut to <size> bytes when a size is given.",
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Options: MERGE, NOFLUSH, NOSAVE.",
            "SEGFAULT",
            "    Stop the node at once, the way a crash would.",
            "SET-DISABLE-DENY-SCRIPTS <0|1>",
            "    Let scripts call commands that are normally not allowed in scripts (1), or not (0).",
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Switch the periodic expiry of keys off (0) or on (1).",
            "SLEEP <seconds>",
            "    Block the node for <seconds> (fractions allowed).");
    }

    private void object(Client c, byte[] key) {
        Entry e = c.db().find(key);
        if (e == null) {
            c.error(Errors.NO_SUCH_KEY);
            return;
        }
        Object v = e.value();
        String encoding = Values.encoding(v);
        c.reply().simple("Value at:0x" + Long.toHexString(0x7f0000000000L | System.identityHashCode(v))
            + " refcount:" + refcount(v, encoding)
            + " encoding:" + encoding
            + " serializedlength:" + serializedLength(v, encoding)
            + " lru:" + (e.meta() & 0xFFFFFF)
            + " lru_seconds_idle:" + server.keyspace().idleSeconds(e));
    }

    /** Small integers are shared objects in Redis unless an LRU/LFU maxmemory policy is in force. */
    long refcount(Object v, String encoding) {
        if (encoding.equals("int") && v instanceof byte[] b) {
            long n = Long.parseLong(new String(b, StandardCharsets.US_ASCII));
            String policy = server.config().getString("maxmemory-policy");
            boolean noShared = server.config().getLong("maxmemory") != 0
                && (policy.contains("lru") || policy.contains("lfu"));
            if (n >= 0 && n < SHARED_INTEGERS && !noShared) {
                return SHARED_REFCOUNT;
            }
        }
        return 1;
    }

    /**
     * The bytes the value would take in an RDB file. Exact for strings Redis would not compress (integers and
     * strings up to 20 bytes, or any string with rdbcompression off); longer strings are counted uncompressed.
     * Other types are estimated from their string form, which Hashslot does not serialize yet.
     */
    static long serializedLength(Object v, String encoding) {
        if (!Values.isString(v)) {
            return 1;
        }
        byte[] b = Values.stringBytes(v);
        if (b.length <= 11) {
            long n = parseInt32(b);
            if (n != Long.MIN_VALUE) {
                return n >= -128 && n <= 127 ? 2 : n >= -32768 && n <= 32767 ? 3 : 5;
            }
        }
        return lengthEncoding(b.length) + b.length;
    }

    /** The value if {@code b} is the canonical text of a 32-bit integer, else Long.MIN_VALUE. */
    private static long parseInt32(byte[] b) {
        if (b.length == 0 || !io.hashslot.common.Numbers.isLong(b)) {
            return Long.MIN_VALUE;
        }
        long n = Long.parseLong(new String(b, StandardCharsets.US_ASCII));
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE || !Arrays.equals(Long.toString(n).getBytes(
            StandardCharsets.US_ASCII), b)) {
            return Long.MIN_VALUE;
        }
        return n;
    }

    static int lengthEncoding(long len) {
        if (len < (1 << 6)) {
            return 1;
        } else if (len < (1 << 14)) {
            return 2;
        } else if (len <= 0xFFFFFFFFL) {
            return 5;
        }
        return 9;
    }

    private void populate(Client c, byte[][] argv) {
        long keys = Args.positiveLong(c, argv[2], null);
        long valsize = 0;
        if (argv.length == 5) {
            valsize = Args.positiveLong(c, argv[4], null);
        }
        String prefix = argv.length == 3 ? "key" : Args.text(argv[3]);
        Db db = c.db();
        for (long j = 0; j < keys; j++) {
            String k = prefix + ":" + j;
            if (k.length() > 127) {
                k = k.substring(0, 127);
            }
            byte[] key = k.getBytes(StandardCharsets.ISO_8859_1);
            if (db.lookupWrite(key) != null) {
                continue;
            }
            byte[] text = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
            byte[] value = valsize == 0 ? text : Arrays.copyOf(text, (int) valsize);
            db.add(key, value);
            server.watches().touch(c.dbIndex(), key);
        }
        c.reply().ok();
    }
}
