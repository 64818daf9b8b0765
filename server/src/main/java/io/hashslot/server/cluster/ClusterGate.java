package io.hashslot.server.cluster;

import io.hashslot.cluster.route.Redirect;
import io.hashslot.cluster.route.RouteRequest;
import io.hashslot.cluster.route.Router;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandFlag;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.commands.Transactions;
import io.hashslot.store.Db;
import java.util.ArrayList;
import java.util.List;

/**
 * The redirection check of processCommand in cluster mode: the keys of the command (for EXEC, of every queued
 * command) go through {@link Router}, and a command that is not for this node is refused with MOVED, ASK,
 * CROSSSLOT, TRYAGAIN or CLUSTERDOWN. Commands from the master link skip it, as do commands without key
 * arguments. It also ends the one-command life of ASKING, as Redis's resetClient does.
 */
final class ClusterGate implements CommandProcessor.CommandGate {
    private final ServerContext ctx;
    private final ClusterService cluster;

    ClusterGate(ServerContext ctx, ClusterService cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
    }

    @Override
    public boolean admit(Client c, CommandSpec cmd, byte[][] argv) {
        String name = cmd.fullName();
        boolean exec = name.equals("exec");
        boolean asking = c.hasFlag(Client.FLAG_ASKING);
        boolean inMulti = c.hasFlag(Client.FLAG_MULTI);
        // ASKING lasts for the next command, or for a whole transaction started right after it
        if (!name.equals("asking") && !name.equals("multi") && (!inMulti || exec)) {
            c.clearFlag(Client.FLAG_ASKING);
        }
        if (c.hasFlag(Client.FLAG_MASTER)) {
            return true;
        }
        if (!exec && cmd.keySpecs().isEmpty() && !cmd.has(CommandFlag.MOVABLEKEYS)) {
            return true;
        }
        List<byte[]> keys = new ArrayList<>();
        boolean[] execHasWrite = new boolean[1];
        if (exec) {
            if (!inMulti) {
                return true;
            }
            Transactions.forEachQueued(c, (qc, qargv) -> {
                addKeys(qc, qargv, keys);
                execHasWrite[0] |= qc.has(CommandFlag.WRITE);
            });
        } else {
            addKeys(cmd, argv, keys);
        }
        if (keys.isEmpty() && !exec) {
            return true;
        }
        boolean shard = isShardPubSub(name);
        RouteRequest req = new RouteRequest(keys, exec, inMulti, shard, name.equals("migrate"),
            cmd.has(CommandFlag.WRITE), cmd.has(CommandFlag.ASKING), execHasWrite[0], asking,
            c.hasFlag(Client.FLAG_READONLY), false);
        Db db0 = ctx.keyspace().db(0);
        // asked only for keys of a migrating or importing slot; the command has not started, so no cached time
        Redirect r = Router.route(cluster.core(), req, k -> db0.existsAt(k, ctx.clock().currentTimeMillis()));
        String error = r.errorText();
        if (error == null) {
            return true;
        }
        c.error(error);
        return false;
    }

    /**
     * scriptVerifyClusterState: a script may only touch keys this node serves, and (unless it allows cross-slot
     * keys) only keys of one slot; the caller's ASKING and READONLY count.
     */
    @Override
    public String admitFromScript(Client caller, CommandSpec cmd, byte[][] argv, boolean allowCrossSlot,
                                  int[] slot) {
        if (caller.hasFlag(Client.FLAG_MASTER)) {
            return null;
        }
        List<byte[]> keys = new ArrayList<>();
        addKeys(cmd, argv, keys);
        if (keys.isEmpty()) {
            return null;
        }
        String name = cmd.fullName();
        RouteRequest req = new RouteRequest(keys, false, false, isShardPubSub(name), name.equals("migrate"),
            cmd.has(CommandFlag.WRITE), cmd.has(CommandFlag.ASKING), false, caller.hasFlag(Client.FLAG_ASKING),
            caller.hasFlag(Client.FLAG_READONLY), false);
        Db db0 = ctx.keyspace().db(0);
        Redirect r = Router.route(cluster.core(), req, db0::exists);
        if (r instanceof Redirect.DownReadOnlyState) {
            return "ERR Script attempted to execute a write command while the cluster is down and readonly";
        } else if (r instanceof Redirect.DownState) {
            return "ERR Script attempted to execute a command while the cluster is down";
        } else if (r.errorText() != null) {
            return "ERR Script attempted to access a non local key in a cluster node";
        }
        if (!allowCrossSlot) {
            int s = io.hashslot.common.HashSlot.of(keys.get(0));
            if (slot[0] == -1) {
                slot[0] = s;
            } else if (slot[0] != s) {
                return "ERR Script attempted to access keys that do not hash to the same slot";
            }
        }
        return null;
    }

    private static boolean isShardPubSub(String name) {
        return name.equals("ssubscribe") || name.equals("sunsubscribe") || name.equals("spublish");
    }

    /** getKeysFromCommand: key positions from the table, and the channels of the shard pub/sub commands. */
    private static void addKeys(CommandSpec cmd, byte[][] argv, List<byte[]> keys) {
        String name = cmd.fullName();
        if (name.equals("spublish")) {
            keys.add(argv[1]);
            return;
        }
        if (name.equals("ssubscribe") || name.equals("sunsubscribe")) {
            for (int i = 1; i < argv.length; i++) {
                keys.add(argv[i]);
            }
            return;
        }
        int[] pos = CommandTable.keyPositions(cmd, argv);
        if (pos == null) {
            return;
        }
        for (int p : pos) {
            keys.add(argv[p]);
        }
    }
}
