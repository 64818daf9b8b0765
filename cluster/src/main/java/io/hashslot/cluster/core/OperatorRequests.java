package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.SlotBitmap;
import io.hashslot.common.LogLevel;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The CLUSTER subcommands that change the cluster state, with Redis 7.0's argument checks in Redis's order and
 * its exact error texts. Arguments are the command's own strings (byte strings, one char per byte) so parse errors
 * come out in the same order as in Redis. Arity and subcommand dispatch stay with the command layer.
 */
public final class OperatorRequests {
    private static final String BAD_SLOT = "ERR Invalid or out of range slot";

    private final ClusterNode c;

    OperatorRequests(ClusterNode c) {
        this.c = c;
    }

    /** getLongLongFromObject: Redis's strict integer parsing; null when not an integer. */
    static Long parseLong(String s) {
        try {
            return Numbers.parseLong(s.getBytes(StandardCharsets.ISO_8859_1));
        } catch (NotANumberException e) {
            return null;
        }
    }

    /** getSlotOrReply: the slot, or -1 when not an integer in 0..16383. */
    public static int parseSlot(String s) {
        Long v = parseLong(s);
        return v == null || v < 0 || v >= SlotBitmap.SLOTS ? -1 : (int) (long) v;
    }

    /** CLUSTER MEET ip port [cport]; {@code cport} null when absent. */
    public OpResult meet(String ip, String port, String cport, long now) {
        Long p = parseLong(port);
        if (p == null) {
            return OpResult.error("ERR Invalid TCP base port specified: " + port);
        }
        long cp;
        if (cport != null) {
            Long v = parseLong(cport);
            if (v == null) {
                return OpResult.error("ERR Invalid TCP bus port specified: " + cport);
            }
            cp = v;
        } else {
            cp = p + 10000;
        }
        if (c.handshake.startHandshake(ip, (int) (long) p, (int) cp, now) == HandshakeRules.Outcome.INVALID) {
            return OpResult.error("ERR Invalid node address specified: " + ip + ":" + port);
        }
        return OpResult.OK;
    }

    /** CLUSTER ADDSLOTS / DELSLOTS slot... */
    public OpResult addSlots(List<String> args, boolean del) {
        int[] parsed = new int[args.size()];
        for (int i = 0; i < parsed.length; i++) {
            parsed[i] = parseSlot(args.get(i));
            if (parsed[i] < 0) {
                return OpResult.error(BAD_SLOT);
            }
        }
        byte[] marks = new byte[SlotBitmap.SLOTS];
        for (int s : parsed) {
            String err = checkAssignment(marks, del, s, s);
            if (err != null) {
                return OpResult.error(err);
            }
        }
        applySlots(marks, del);
        return OpResult.OK;
    }

    /** CLUSTER ADDSLOTSRANGE / DELSLOTSRANGE start end [start end ...]. */
    public OpResult addSlotsRange(List<String> args, boolean del) {
        if (args.size() % 2 == 1 || args.isEmpty()) {
            String name = del ? "delslotsrange" : "addslotsrange";
            return OpResult.error("ERR wrong number of arguments for 'cluster|" + name + "' command");
        }
        byte[] marks = new byte[SlotBitmap.SLOTS];
        for (int i = 0; i < args.size(); i += 2) {
            int start = parseSlot(args.get(i));
            if (start < 0) {
                return OpResult.error(BAD_SLOT);
            }
            int end = parseSlot(args.get(i + 1));
            if (end < 0) {
                return OpResult.error(BAD_SLOT);
            }
            if (start > end) {
                return OpResult.error("ERR start slot number " + start + " is greater than end slot number " + end);
            }
            String err = checkAssignment(marks, del, start, end);
            if (err != null) {
                return OpResult.error(err);
            }
        }
        applySlots(marks, del);
        return OpResult.OK;
    }

    private String checkAssignment(byte[] marks, boolean del, int start, int end) {
        NodeTable t = c.table;
        for (int s = start; s <= end; s++) {
            if (del && t.slots[s] == null) {
                return "ERR Slot " + s + " is already unassigned";
            } else if (!del && t.slots[s] != null) {
                return "ERR Slot " + s + " is already busy";
            }
            if (marks[s]++ == 1) {
                return "ERR Slot " + s + " specified multiple times";
            }
        }
        return null;
    }

    private void applySlots(byte[] marks, boolean del) {
        NodeTable t = c.table;
        for (int j = 0; j < SlotBitmap.SLOTS; j++) {
            if (marks[j] != 0) {
                t.importing[j] = null;
                if (del) {
                    t.delSlot(j);
                } else {
                    t.addSlot(t.myself, j);
                }
            }
        }
        c.out.todo(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG);
    }

    /** CLUSTER FLUSHSLOTS. */
    public OpResult flushSlots() {
        if (c.probe.db0Size() != 0) {
            return OpResult.error("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.");
        }
        c.table.delNodeSlots(c.table.myself);
        c.out.todo(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG);
        return OpResult.OK;
    }

    /** CLUSTER SETSLOT slot (IMPORTING id | MIGRATING id | STABLE | NODE id); {@code rest} is what follows the slot. */
    public OpResult setSlot(String slotArg, List<String> rest, long now) {
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        if (myself.isReplica()) {
            return OpResult.error("ERR Please use SETSLOT only with masters.");
        }
        int slot = parseSlot(slotArg);
        if (slot < 0) {
            return OpResult.error(BAD_SLOT);
        }
        String action = rest.isEmpty() ? "" : rest.get(0).toLowerCase(Locale.ROOT);
        if (action.equals("migrating") && rest.size() == 2) {
            if (t.slots[slot] != myself) {
                return OpResult.error("ERR I'm not the owner of hash slot " + slot);
            }
            KnownNode n = t.lookup(rest.get(1));
            if (n == null) {
                return OpResult.error("ERR I don't know about node " + rest.get(1));
            }
            if (n.isReplica()) {
                return OpResult.error("ERR Target node is not a master");
            }
            t.migrating[slot] = n;
        } else if (action.equals("importing") && rest.size() == 2) {
            if (t.slots[slot] == myself) {
                return OpResult.error("ERR I'm already the owner of hash slot " + slot);
            }
            KnownNode n = t.lookup(rest.get(1));
            if (n == null) {
                return OpResult.error("ERR I don't know about node " + rest.get(1));
            }
            if (n.isReplica()) {
                return OpResult.error("ERR Target node is not a master");
            }
            t.importing[slot] = n;
        } else if (action.equals("stable") && rest.size() == 1) {
            t.importing[slot] = null;
            t.migrating[slot] = null;
        } else if (action.equals("node") && rest.size() == 2) {
            OpResult r = setSlotNode(slot, rest.get(1), now);
            if (r != null) {
                return r;
            }
        } else {
            return OpResult.error("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
        }
        c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
        return OpResult.OK;
    }

    private OpResult setSlotNode(int slot, String id, long now) {
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        KnownNode n = t.lookup(id);
        if (n == null) {
            return OpResult.error("ERR Unknown node " + id);
        }
        if (n.isReplica()) {
            return OpResult.error("ERR Target node is not a master");
        }
        if (t.slots[slot] == myself && n != myself && c.probe.countKeysInSlot(slot) != 0) {
            return OpResult.error("ERR Can't assign hashslot " + slot
                + " to a different node while I still hold keys for this hash slot.");
        }
        if (c.probe.countKeysInSlot(slot) == 0 && t.migrating[slot] != null) {
            t.migrating[slot] = null;
        }
        boolean slotWasMine = t.slots[slot] == myself;
        t.delSlot(slot);
        t.addSlot(n, slot);
        if (slotWasMine && n != myself && myself.numSlots == 0 && c.settings.allowReplicaMigration()) {
            c.out.log(LogLevel.WARNING, "Configuration change detected. Reconfiguring myself as a replica of "
                + n.name);
            c.setMaster(n);
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE | Outbox.TODO_FSYNC_CONFIG);
        }
        if (n == myself && t.importing[slot] != null) {
            if (c.epochs.bumpWithoutConsensus()) {
                c.out.log(LogLevel.WARNING, "configEpoch updated after importing slot " + slot);
            }
            t.importing[slot] = null;
            c.messages.broadcastPong(MessageBuilder.BROADCAST_ALL, now);
        }
        return null;
    }

    /** CLUSTER BUMPEPOCH: "BUMPED n" or "STILL n". */
    public OpResult bumpEpoch() {
        boolean bumped = c.epochs.bumpWithoutConsensus();
        return OpResult.status((bumped ? "BUMPED " : "STILL ") + Long.toUnsignedString(c.table.myself.configEpoch));
    }

    /** CLUSTER SET-CONFIG-EPOCH epoch. */
    public OpResult setConfigEpoch(String arg) {
        Long epoch = parseLong(arg);
        if (epoch == null) {
            return OpResult.error("ERR value is not an integer or out of range");
        }
        NodeTable t = c.table;
        if (epoch < 0) {
            return OpResult.error("ERR Invalid config epoch specified: " + epoch);
        } else if (t.size() > 1) {
            return OpResult.error("ERR The user can assign a config epoch only when the node does not know any other"
                + " node.");
        } else if (t.myself.configEpoch != 0) {
            return OpResult.error("ERR Node config epoch is already non-zero");
        }
        t.myself.configEpoch = epoch;
        c.out.log(LogLevel.WARNING, "configEpoch set to " + epoch + " via CLUSTER SET-CONFIG-EPOCH");
        if (Long.compareUnsigned(t.currentEpoch, epoch) < 0) {
            t.currentEpoch = epoch;
        }
        c.out.todo(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG);
        return OpResult.OK;
    }

    /** CLUSTER FORGET id: forget the node and keep gossip from re-adding it for 60 s. */
    public OpResult forget(String id, long now) {
        NodeTable t = c.table;
        KnownNode n = t.lookup(id);
        if (n == null) {
            return OpResult.error("ERR Unknown node " + id);
        } else if (n == t.myself) {
            return OpResult.error("ERR I tried hard but I can't forget myself...");
        } else if (t.myself.isReplica() && t.myself.master == n) {
            return OpResult.error("ERR Can't forget my master!");
        }
        t.blacklistAdd(n.name, now);
        t.delete(n, now);
        c.out.todo(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG);
        return OpResult.OK;
    }

    /** CLUSTER REPLICATE id. */
    public OpResult replicate(String id) {
        NodeTable t = c.table;
        KnownNode n = t.lookup(id);
        if (n == null) {
            return OpResult.error("ERR Unknown node " + id);
        }
        if (n == t.myself) {
            return OpResult.error("ERR Can't replicate myself");
        }
        if (n.isReplica()) {
            return OpResult.error("ERR I can only replicate a master, not a replica.");
        }
        if (t.myself.isMaster() && (t.myself.numSlots != 0 || c.probe.db0Size() != 0)) {
            return OpResult.error("ERR To set a master the node must be empty and without assigned slots.");
        }
        c.setMaster(n);
        c.out.todo(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG);
        return OpResult.OK;
    }

    /**
     * CLUSTER RESET [HARD|SOFT]; {@code mode} null for the default (soft). {@code selectedDbKeys}: keys in the
     * calling client's selected DB (Redis checks that DB, not DB 0).
     */
    public OpResult reset(String mode, long selectedDbKeys, long now) {
        boolean hard = false;
        if (mode != null) {
            if (mode.equalsIgnoreCase("hard")) {
                hard = true;
            } else if (!mode.equalsIgnoreCase("soft")) {
                return OpResult.error("ERR syntax error");
            }
        }
        NodeTable t = c.table;
        if (t.myself.isMaster() && selectedDbKeys != 0) {
            return OpResult.error("ERR CLUSTER RESET can't be called with master nodes containing keys");
        }
        KnownNode myself = t.myself;
        if (myself.isReplica()) {
            t.setNodeAsMaster(myself);
            c.out.add(new ClusterAction.StopReplication());
            c.out.add(new ClusterAction.FlushAllData());
        }
        t.closeAllSlots();
        c.failover.resetManualFailover();
        for (int j = 0; j < SlotBitmap.SLOTS; j++) {
            t.delSlot(j);
        }
        for (KnownNode n : t.snapshot()) {
            if (n != myself) {
                t.delete(n, now);
            }
        }
        if (hard) {
            t.currentEpoch = 0;
            t.lastVoteEpoch = 0;
            myself.configEpoch = 0;
            c.out.log(LogLevel.WARNING, "configEpoch set to 0 via CLUSTER RESET HARD");
            t.rename(myself, c.randomName());
            c.out.log(LogLevel.NOTICE, "Node hard reset, now I'm " + myself.name);
        }
        c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE | Outbox.TODO_FSYNC_CONFIG);
        return OpResult.OK;
    }

    /**
     * CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica; {@code option} null without one. OK means the failover was
     * started (it completes asynchronously); TAKEOVER has already taken the slots when this returns.
     */
    public OpResult failover(String option, long now) {
        return c.failover.userFailover(option, now);
    }

    /** CLUSTER COUNT-FAILURE-REPORTS id. */
    public OpResult countFailureReports(String id, long now) {
        KnownNode n = c.table.lookup(id);
        if (n == null) {
            return OpResult.error("ERR Unknown node " + id);
        }
        return OpResult.integer(c.table.failureReportsCount(n, now));
    }

    /** PUBLISH / SPUBLISH propagation (clusterPropagatePublish). */
    public void propagatePublish(byte[] channel, byte[] message, boolean sharded) {
        c.messages.publish(channel, message, sharded);
    }

    /**
     * A module message to one node (by name; false when unknown or without link) or, with {@code target} null,
     * to every node.
     */
    public boolean sendModuleMessage(String target, long moduleId, int type, byte[] payload) {
        Link link = null;
        if (target != null) {
            KnownNode n = c.table.lookup(target);
            if (n == null || n.link == null) {
                return false;
            }
            link = n.link;
        }
        c.messages.sendModule(link, moduleId, type, payload);
        return true;
    }
}
