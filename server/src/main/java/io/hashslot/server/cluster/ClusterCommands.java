package io.hashslot.server.cluster;

import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.OpResult;
import io.hashslot.cluster.view.ClusterInfoText;
import io.hashslot.cluster.view.ClusterLinksReply;
import io.hashslot.cluster.view.ClusterNodesText;
import io.hashslot.cluster.view.ClusterSlotsReply;
import io.hashslot.cluster.view.ReplyValue;
import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandHandler;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Help;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.HashSlot;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Db;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLUSTER command family in cluster mode, plus READONLY / READWRITE / ASKING and the cluster-wide PUBLISH:
 * argument checks and replies as Redis 7.0 gives them, the state changes through the core's operator requests and
 * the views of the cluster module. Runs on the node's event loop.
 */
final class ClusterCommands {
    private static final String DISABLED = "ERR This instance has cluster support disabled";

    private final ServerContext ctx;
    private final ClusterService cluster;

    ClusterCommands(ServerContext ctx, ClusterService cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
    }

    /** READONLY, READWRITE and ASKING on a node without cluster mode: Redis refuses them. */
    static void registerDisabled(CommandTable t) {
        for (String name : new String[] {"readonly", "readwrite", "asking"}) {
            t.register(name, (c, argv) -> c.error(DISABLED));
        }
    }

    void register(CommandTable t) {
        t.register("readonly", (c, argv) -> {
            c.addFlag(Client.FLAG_READONLY);
            c.reply().ok();
        });
        t.register("readwrite", (c, argv) -> {
            c.clearFlag(Client.FLAG_READONLY);
            c.reply().ok();
        });
        t.register("asking", (c, argv) -> {
            c.addFlag(Client.FLAG_ASKING);
            c.reply().ok();
        });
        // in cluster mode PUBLISH goes to every node over the bus instead of the replication stream
        t.register("publish", (c, argv) -> {
            int receivers = ctx.pubsub().publish(argv[1], argv[2], false);
            core().operator().propagatePublish(argv[1], argv[2], false);
            cluster.kick();
            c.reply().integer(receivers);
        });
        t.register("spublish", (c, argv) -> {
            int receivers = ctx.pubsub().publish(argv[1], argv[2], true);
            core().operator().propagatePublish(argv[1], argv[2], true);
            cluster.kick();
            c.reply().integer(receivers);
        });
        reg(t, "nodes", (c, argv) -> c.reply().verbatim(ClusterNodesText.nodes(core(), 0, false), "txt"));
        reg(t, "info", (c, argv) -> c.reply().verbatim(ClusterInfoText.info(core()), "txt"));
        reg(t, "myid", (c, argv) -> c.reply().bulk(core().myself().name()));
        reg(t, "slots", (c, argv) -> render(c.reply(), ClusterSlotsReply.slots(core(), false)));
        reg(t, "shards", (c, argv) -> render(c.reply(), ClusterSlotsReply.shards(core())));
        reg(t, "links", (c, argv) -> render(c.reply(), ClusterLinksReply.links(core(), cluster.bus().buffers())));
        reg(t, "keyslot", (c, argv) -> c.reply().integer(HashSlot.of(argv[2])));
        reg(t, "countkeysinslot", this::countKeysInSlot);
        reg(t, "getkeysinslot", this::getKeysInSlot);
        reg(t, "replicas", this::replicas);
        reg(t, "slaves", this::replicas);
        reg(t, "saveconfig", (c, argv) -> {
            String err = cluster.saveNow();
            if (err != null) {
                c.error("ERR error saving the cluster node config: " + err);
            } else {
                c.reply().ok();
            }
        });
        reg(t, "meet", (c, argv) -> {
            if (argv.length > 5) {
                Help.syntaxError(c, argv);
                return;
            }
            op(c, core().operator().meet(s(argv[2]), s(argv[3]), argv.length == 5 ? s(argv[4]) : null, now()));
        });
        reg(t, "addslots", (c, argv) -> op(c, core().operator().addSlots(rest(argv, 2), false)));
        reg(t, "delslots", (c, argv) -> op(c, core().operator().addSlots(rest(argv, 2), true)));
        reg(t, "addslotsrange", (c, argv) -> op(c, core().operator().addSlotsRange(rest(argv, 2), false)));
        reg(t, "delslotsrange", (c, argv) -> op(c, core().operator().addSlotsRange(rest(argv, 2), true)));
        reg(t, "flushslots", (c, argv) -> op(c, core().operator().flushSlots()));
        reg(t, "setslot", (c, argv) -> op(c, core().operator().setSlot(s(argv[2]), rest(argv, 3), now())));
        reg(t, "bumpepoch", (c, argv) -> op(c, core().operator().bumpEpoch()));
        reg(t, "set-config-epoch", (c, argv) -> op(c, core().operator().setConfigEpoch(s(argv[2]))));
        reg(t, "forget", (c, argv) -> op(c, core().operator().forget(s(argv[2]), now())));
        reg(t, "replicate", (c, argv) -> op(c, core().operator().replicate(s(argv[2]))));
        reg(t, "failover", (c, argv) -> {
            if (argv.length > 3) {
                c.error(io.hashslot.commands.Errors.SYNTAX);
                return;
            }
            op(c, core().operator().failover(argv.length == 3 ? s(argv[2]) : null, now()));
        });
        reg(t, "count-failure-reports", (c, argv) ->
            op(c, core().operator().countFailureReports(s(argv[2]), now())));
        reg(t, "reset", (c, argv) -> {
            if (argv.length > 3) {
                Help.syntaxError(c, argv);
                return;
            }
            op(c, core().operator().reset(argv.length == 3 ? s(argv[2]) : null, c.db().size(), now()));
        });
        reg(t, "help", (c, argv) -> Help.reply(c, argv,
            "ADDSLOTS <slot> [<slot> ...]", "    Assign slots to this node.",
            "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Assign the slots of each range to this node.",
            "BUMPEPOCH", "    Raise this node's config epoch above every other epoch if needed.",
            "COUNT-FAILURE-REPORTS <node-id>", "    Number of live failure reports about the node.",
            "COUNTKEYSINSLOT <slot>", "    Number of keys in the slot on this node.",
            "DELSLOTS <slot> [<slot> ...]", "    Unassign slots.",
            "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]", "    Unassign slot ranges.",
            "FAILOVER [FORCE|TAKEOVER]", "    Promote this replica to master of its shard (manual failover).",
            "FLUSHSLOTS", "    Unassign every slot of this node (its database must be empty).",
            "FORGET <node-id>", "    Remove a node from this node's table and ban it for 60 seconds.",
            "GETKEYSINSLOT <slot> <count>", "    Up to <count> key names of the slot.",
            "INFO", "    The cluster's state, size, epochs and message counters.",
            "KEYSLOT <key>", "    The hash slot of the key.",
            "LINKS", "    The bus links of this node and their buffers.",
            "MEET <ip> <port> [<bus-port>]", "    Handshake with a node to add it to the cluster.",
            "MYID", "    This node's id.",
            "NODES", "    The cluster configuration as this node sees it, one node per line.",
            "REPLICATE <node-id>", "    Become a replica of the master node.",
            "RESET [HARD|SOFT]", "    Forget every other node and every slot (HARD also renames this node).",
            "SET-CONFIG-EPOCH <epoch>", "    Set the config epoch of a node that has none yet.",
            "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
            "    Change the state of a slot on this node.",
            "REPLICAS <node-id>", "    The replicas of the master node, as NODES lines.",
            "SAVECONFIG", "    Write nodes.conf now.",
            "SHARDS", "    The shards: their slot ranges and nodes.",
            "SLOTS", "    The slot ranges with their master and replicas."));
    }

    private void reg(CommandTable t, String sub, CommandHandler h) {
        t.register("cluster|" + sub, h);
    }

    private ClusterNode core() {
        return cluster.core();
    }

    private long now() {
        return ctx.clock().currentTimeMillis();
    }

    private static String s(byte[] b) {
        return Args.text(b);
    }

    private static List<String> rest(byte[][] argv, int from) {
        List<String> out = new ArrayList<>(Math.max(0, argv.length - from));
        for (int i = from; i < argv.length; i++) {
            out.add(Args.text(argv[i]));
        }
        return out;
    }

    private void op(Client c, OpResult r) {
        if (r.isError()) {
            c.error(r.error());
        } else if (r.status() != null) {
            c.reply().simple(r.status());
        } else {
            c.reply().integer(r.integer());
        }
        cluster.kick();
    }

    private void countKeysInSlot(Client c, byte[][] argv) {
        long slot = Args.longArg(c, argv[2]);
        if (slot < 0 || slot >= HashSlot.COUNT) {
            c.error("ERR Invalid slot");
            return;
        }
        c.reply().integer(ctx.keyspace().db(0).countKeysInSlot((int) slot));
    }

    private void getKeysInSlot(Client c, byte[][] argv) {
        long slot = Args.longArg(c, argv[2]);
        long max = Args.longArg(c, argv[3]);
        if (slot < 0 || slot >= HashSlot.COUNT || max < 0) {
            c.error("ERR Invalid slot or number of keys");
            return;
        }
        Db db = ctx.keyspace().db(0);
        List<byte[]> keys = new ArrayList<>();
        if (max > 0) {
            db.visitSlotWhile((int) slot, e -> {
                keys.add(e.key());
                return keys.size() < max;
            });
        }
        c.reply().array(keys.size());
        for (byte[] k : keys) {
            c.reply().bulk(k);
        }
    }

    private void replicas(Client c, byte[][] argv) {
        ClusterNodesText.Result r = ClusterNodesText.replicas(core(), s(argv[2]), false);
        if (r.error() != null) {
            c.error(r.error());
            return;
        }
        c.reply().array(r.lines().size());
        for (String line : r.lines()) {
            c.reply().bulk(line);
        }
    }

    /** Writes a view's reply tree (maps become flat arrays in RESP2, as the encoder does everywhere). */
    static void render(Reply r, ReplyValue v) {
        if (v instanceof ReplyValue.Int i) {
            r.integer(i.value());
        } else if (v instanceof ReplyValue.Bulk b) {
            r.bulk(b.value());
        } else if (v instanceof ReplyValue.Null) {
            r.nullBulk();
        } else if (v instanceof ReplyValue.Array a) {
            r.array(a.items().size());
            for (ReplyValue item : a.items()) {
                render(r, item);
            }
        } else {
            List<ReplyValue> kv = ((ReplyValue.MapValue) v).keysAndValues();
            r.map(kv.size() / 2);
            for (ReplyValue item : kv) {
                render(r, item);
            }
        }
    }
}
