package io.hashslot.commands.keys;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;
import java.util.Locale;

/**
 * OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP: what Redis reports about a key's value object. Missing
 * keys give a null reply; lookups do not touch the access time.
 */
final class ObjectCommand {
    /** Redis's OBJ_SHARED_REFCOUNT (INT_MAX): the refcount shown for shared integer objects. */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** Redis's OBJ_SHARED_INTEGERS: values 0..9999 are shared objects. */
    private static final long SHARED_INTEGERS = 10000;

    private static final String[] HELP = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
    };

    private final ServerContext server;

    ObjectCommand(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("object|help", this::help);
        t.register("object|encoding", (c, argv) -> {
            Entry e = lookup(c, argv);
            if (e != null) {
                c.reply().bulk(Values.encoding(e.value()));
            }
        });
        t.register("object|refcount", (c, argv) -> {
            Entry e = lookup(c, argv);
            if (e != null) {
                c.reply().integer(refcount(e.value()));
            }
        });
        t.register("object|idletime", (c, argv) -> {
            Entry e = lookup(c, argv);
            if (e == null) {
                return;
            }
            if (server.keyspace().isLfu()) {
                c.error("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
                    + "switching between policies at runtime LRU and LFU data will take some time to adjust.");
                return;
            }
            c.reply().integer(server.keyspace().idleSeconds(e));
        });
        t.register("object|freq", (c, argv) -> {
            Entry e = lookup(c, argv);
            if (e == null) {
                return;
            }
            if (!server.keyspace().isLfu()) {
                c.error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
                    + "that when switching between policies at runtime LRU and LFU data will take some time to "
                    + "adjust.");
                return;
            }
            c.reply().integer(server.keyspace().lfuDecrAndReturn(e));
        });
    }

    /** objectCommandLookupOrReply: no touch, no keymiss event; a null reply when missing. */
    private static Entry lookup(Client c, byte[][] argv) {
        Entry e = KeyLookup.read(c, c.db(), argv[2], false, false);
        if (e == null) {
            c.reply().nullBulk();
        }
        return e;
    }

    /**
     * Strings holding 0..9999 are Redis's shared integer objects (refcount INT_MAX) unless maxmemory is set with
     * an LRU or LFU policy, which needs a private object per key; every other value has one reference.
     */
    private long refcount(Object v) {
        if (!(v instanceof byte[] b) || !"int".equals(Values.encoding(v))) {
            return 1;
        }
        String policy = server.config().getString("maxmemory-policy");
        boolean noShared = server.config().getLong("maxmemory") != 0
            && (policy.endsWith("-lru") || policy.endsWith("-lfu"));
        if (noShared) {
            return 1;
        }
        try {
            long n = Numbers.parseLong(b);
            return n >= 0 && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1;
        } catch (NotANumberException e) {
            return 1;
        }
    }

    private void help(Client c, byte[][] argv) {
        c.reply().array(HELP.length + 3);
        c.reply().simple(Args.text(argv[0]).toUpperCase(Locale.ROOT)
            + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : HELP) {
            c.reply().simple(line);
        }
        c.reply().simple("HELP");
        c.reply().simple("    Prints this help.");
    }
}
