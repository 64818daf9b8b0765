package io.hashslot.tools.cluster;

import io.hashslot.protocol.RespValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Slot operations on nodes: SETSLOT/ADDSLOTS/DELSLOTS helpers, the owner transaction used by fix, and moving one
 * slot's keys with MIGRATE ... KEYS in batches of --cluster-pipeline (clusterManagerMoveSlot), with redis-cli's
 * BUSYKEY handling (compare DEBUG DIGEST-VALUE, retry with REPLACE).
 */
final class AdminSlots {
    /** Print a dot per key. */
    static final int VERBOSE = 1;
    /** Move the keys without opening/closing the slot. */
    static final int COLD = 2;
    /** Update the nodes' slot maps after the move. */
    static final int UPDATE = 4;
    /** Do not print the "Moving slot" line. */
    static final int QUIET = 8;

    /** Keys asked for per CLUSTER GETKEYSINSLOT (rounded down to whole MIGRATE batches, at least one). */
    static final int FETCH_KEYS = 1000;

    private final ClusterAdmin a;

    AdminSlots(ClusterAdmin a) {
        this.a = a;
    }

    boolean setSlot(AdminNode n1, AdminNode n2, int slot, String status, String[] errOut) {
        RespValue r = a.command(n1, "CLUSTER", "SETSLOT", Integer.toString(slot), status, n2.name);
        if (r == null) {
            if (errOut != null) {
                errOut[0] = "CLUSTER SETSLOT failed to run";
            }
            return false;
        }
        return a.checkReply(n1, r, errOut);
    }

    boolean clearSlotStatus(AdminNode n, int slot) {
        return a.checkReply(n, a.command(n, "CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE"), null);
    }

    boolean delSlot(AdminNode n, int slot, boolean ignoreUnassigned) {
        RespValue r = a.command(n, "CLUSTER", "DELSLOTS", Integer.toString(slot));
        String[] e = new String[1];
        boolean ok = a.checkReply(n, r, e);
        if (!ok && r instanceof RespValue.Error && ignoreUnassigned) {
            String[] ge = new String[1];
            AdminNode owner = slotOwner(n, slot, ge);
            if (owner == null) {
                if (ge[0] == null) {
                    ok = true;
                } else {
                    a.printReplyError(n, ge[0]);
                }
            }
        }
        if (!ok && e[0] != null) {
            a.printReplyError(n, e[0]);
        }
        return ok;
    }

    boolean addSlot(AdminNode n, int slot) {
        return a.checkReply(n, a.command(n, "CLUSTER", "ADDSLOTS", Integer.toString(slot)), null);
    }

    int countKeysInSlot(AdminNode n, int slot) {
        RespValue r = a.command(n, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot));
        if (a.checkReply(n, r, null) && r instanceof RespValue.Int i) {
            return (int) i.value();
        }
        return -1;
    }

    /** The owner of the slot per CLUSTER SLOTS of {@code n}; null if unassigned (errOut[0] set on error). */
    AdminNode slotOwner(AdminNode n, int slot, String[] errOut) {
        RespValue r = a.command(n, "CLUSTER", "SLOTS");
        if (!a.checkReply(n, r, errOut) || !(r instanceof RespValue.Array arr)) {
            return null;
        }
        for (RespValue item : arr.items()) {
            List<RespValue> e = ((RespValue.Array) item).items();
            long from = ((RespValue.Int) e.get(0)).value();
            long to = ((RespValue.Int) e.get(1)).value();
            if (slot < from || slot > to) {
                continue;
            }
            List<RespValue> nr = ((RespValue.Array) e.get(2)).items();
            AdminNode owner = null;
            if (nr.size() >= 3) {
                owner = a.nodeByName(ClusterAdmin.text(nr.get(2)));
            } else {
                String ip = ClusterAdmin.text(nr.get(0));
                long port = ((RespValue.Int) nr.get(1)).value();
                for (AdminNode nd : a.nodes) {
                    if (nd.ip.equals(ip) && nd.port == port) {
                        owner = nd;
                        break;
                    }
                }
            }
            if (owner != null) {
                return owner;
            }
        }
        return null;
    }

    /** MULTI; DELSLOTS; ADDSLOTS; [SETSLOT STABLE]; BUMPEPOCH; EXEC — only an ADDSLOTS error counts. */
    boolean setSlotOwner(AdminNode owner, int slot, boolean doClear) {
        if (!a.checkReply(owner, a.command(owner, "MULTI"), null)) {
            return false;
        }
        String s = Integer.toString(slot);
        a.command(owner, "CLUSTER", "DELSLOTS", s);
        a.command(owner, "CLUSTER", "ADDSLOTS", s);
        if (doClear) {
            a.command(owner, "CLUSTER", "SETSLOT", s, "STABLE");
        }
        a.command(owner, "CLUSTER", "BUMPEPOCH");
        RespValue r = a.command(owner, "EXEC");
        if (!a.checkReply(owner, r, null) || !(r instanceof RespValue.Array arr)) {
            return false;
        }
        for (int i = 0; i < arr.items().size(); i++) {
            RespValue item = arr.items().get(i);
            if (item instanceof RespValue.Error e && i == 1) {
                a.printReplyError(owner, e.text());
                return false;
            }
        }
        return true;
    }

    /** The master among {@code list} with the most keys in the slot (first one on ties); null on error. */
    AdminNode nodeWithMostKeysInSlot(List<AdminNode> list, int slot) {
        AdminNode best = null;
        long most = 0;
        for (AdminNode n : list) {
            if (n.slave || n.replicate != null) {
                continue;
            }
            RespValue r = a.command(n, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot));
            if (!a.checkReply(n, r, null) || !(r instanceof RespValue.Int count)) {
                return null;
            }
            if (count.value() > most || best == null) {
                most = count.value();
                best = n;
            }
        }
        return best;
    }

    /** MIGRATE host port "" 0 timeout [REPLACE] [AUTH ...] KEYS k1 .. kn, as redis-cli builds it. */
    private List<byte[]> migrateCommand(AdminNode target, List<byte[]> keys, boolean replace) {
        List<byte[]> args = new ArrayList<>();
        for (String w : new String[] {"MIGRATE", target.ip, Integer.toString(target.port), "", "0",
            Integer.toString(a.opt.timeout)}) {
            args.add(AdminConnection.bytes(w));
        }
        if (replace) {
            args.add(AdminConnection.bytes("REPLACE"));
        }
        if (a.opt.auth != null) {
            if (a.opt.user != null) {
                args.add(AdminConnection.bytes("AUTH2"));
                args.add(AdminConnection.bytes(a.opt.user));
            } else {
                args.add(AdminConnection.bytes("AUTH"));
            }
            args.add(AdminConnection.bytes(a.opt.auth));
        }
        args.add(AdminConnection.bytes("KEYS"));
        args.addAll(keys);
        return args;
    }

    private static List<byte[]> getKeysCommand(int slot, int count) {
        List<byte[]> args = new ArrayList<>(4);
        for (String w : new String[] {"CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), Integer.toString(count)}) {
            args.add(AdminConnection.bytes(w));
        }
        return args;
    }

    /**
     * Moves every key of the slot from source to target, --cluster-pipeline keys per MIGRATE as redis-cli. Unlike
     * redis-cli, which asks for one batch of keys and waits for its MIGRATE before asking for the next, the keys
     * are fetched up to {@link #FETCH_KEYS} at a time and all their MIGRATEs are sent at once, followed by the
     * next GETKEYSINSLOT: one round trip per fetch instead of two per batch. A batch that fails is handled
     * afterwards exactly as redis-cli handles it (BUSYKEY: compare values, retry with REPLACE; slot not served),
     * and then the keys left are fetched again. {@code firstListing} is the reply to the first GETKEYSINSLOT.
     */
    private boolean migrateKeysInSlot(AdminNode source, AdminNode target, int slot, boolean verbose,
                                      String[] errOut, RespValue firstListing) {
        int pipeline = a.opt.pipeline;
        int fetch = fetchCount();
        RespValue reply = firstListing;
        while (true) {
            if (reply == null) {
                return false;
            }
            if (reply instanceof RespValue.Error e) {
                if (errOut != null) {
                    errOut[0] = e.text();
                    a.printReplyError(source, e.text());
                }
                return false;
            }
            List<byte[]> keys = new ArrayList<>();
            for (RespValue k : ((RespValue.Array) reply).items()) {
                keys.add(((RespValue.Bulk) k).bytes());
            }
            if (keys.isEmpty()) {
                return true;
            }
            List<List<byte[]>> batches = new ArrayList<>();
            List<List<byte[]>> commands = new ArrayList<>();
            for (int i = 0; i < keys.size(); i += pipeline) {
                List<byte[]> batch = keys.subList(i, Math.min(keys.size(), i + pipeline));
                batches.add(batch);
                commands.add(migrateCommand(target, batch, false));
            }
            commands.add(getKeysCommand(slot, fetch));
            List<RespValue> replies = a.commands(source, commands);
            if (replies == null) {
                return false;
            }
            boolean clean = true;
            int dots = 0;
            for (int i = 0; i < batches.size(); i++) {
                List<byte[]> batch = batches.get(i);
                if (replies.get(i) instanceof RespValue.Error me) {
                    clean = false;
                    printDots(verbose, dots);
                    dots = 0;
                    if (!retryBatch(source, target, slot, batch, me, errOut)) {
                        return false;
                    }
                }
                if (a.progress != null) {
                    a.progress.keysMoved(batch.size());
                }
                dots += batch.size();
            }
            // the dots of a listing's batches in one write (redis-cli writes one string per batch)
            printDots(verbose, dots);
            // after a failed batch the keys listed by the pipelined GETKEYSINSLOT may be stale: ask again
            reply = clean ? replies.get(batches.size()) : a.command(source, getKeysCommand(slot, fetch));
        }
    }

    private void printDots(boolean verbose, int n) {
        if (verbose && n > 0) {
            a.out.print(".".repeat(n));
            a.out.flush();
        }
    }

    /** How many keys one GETKEYSINSLOT asks for (whole batches of --cluster-pipeline keys). */
    private int fetchCount() {
        int pipeline = a.opt.pipeline;
        return pipeline > 0 ? Math.max(pipeline, FETCH_KEYS / pipeline * pipeline) : pipeline;
    }

    /** A MIGRATE batch replied with an error: redis-cli's handling, then the batch again (true if it went). */
    private boolean retryBatch(AdminNode source, AdminNode target, int slot, List<byte[]> keys,
                               RespValue.Error me, String[] errOut) {
        boolean busy = me.text().contains("BUSYKEY");
        boolean notServed = false;
        if (!busy) {
            String[] ge = new String[1];
            AdminNode servedBy = slotOwner(source, slot, ge);
            if (servedBy == null) {
                if (ge[0] == null) {
                    notServed = true;
                } else {
                    a.printReplyError(source, ge[0]);
                }
            }
        }
        if (!busy && !notServed) {
            return migrateFailed(source, me, errOut);
        }
        if (a.opt.fix && notServed) {
            a.logWarn("*** Slot was not served, setting owner to node " + target.addr() + ".\n");
            setSlot(source, target, slot, "node", null);
        }
        if (busy) {
            a.logWarn("\n*** Target key exists\n");
            if (!a.opt.replace) {
                a.logWarn("*** Checking key values on both nodes...\n");
                List<String> diffs = new ArrayList<>();
                if (!compareKeysValues(source, target, keys, diffs)) {
                    a.logErr("*** Value check failed!\n");
                    return false;
                }
                if (!diffs.isEmpty()) {
                    a.logErr("*** Found " + diffs.size() + " key(s) in both source node and target node "
                        + "having different values.\n    Source node: " + source.addr()
                        + "\n    Target node: " + target.addr() + "\n    Keys(s):\n");
                    for (String k : diffs) {
                        a.logErr("    - " + k + "\n");
                    }
                    a.logErr("Please fix the above key(s) manually and try again or relaunch the "
                        + "command \nwith --cluster-replace option to force key overriding.\n");
                    return false;
                }
            }
            a.logWarn("*** Replacing target keys...\n");
        }
        RespValue mr = a.command(source, migrateCommand(target, keys, busy));
        if (mr == null) {
            return false;
        }
        if (mr instanceof RespValue.Error) {
            return migrateFailed(source, mr, errOut);
        }
        return true;
    }

    private boolean migrateFailed(AdminNode source, RespValue mr, String[] errOut) {
        String text = ClusterAdmin.text(mr);
        if (errOut != null) {
            errOut[0] = text;
        }
        a.out.print("\n");
        a.printReplyError(source, text);
        return false;
    }

    /** Keys whose DEBUG DIGEST-VALUE differs between the two nodes. */
    private boolean compareKeysValues(AdminNode n1, AdminNode n2, List<byte[]> keys, List<String> diffs) {
        List<byte[]> args = new ArrayList<>();
        args.add(AdminConnection.bytes("DEBUG"));
        args.add(AdminConnection.bytes("DIGEST-VALUE"));
        args.addAll(keys);
        RespValue r1 = a.command(n1, args);
        RespValue r2 = a.command(n2, args);
        if (!(r1 instanceof RespValue.Array d1) || !(r2 instanceof RespValue.Array d2)) {
            return false;
        }
        String zero = "0".repeat(40);
        for (int i = 0; i < keys.size(); i++) {
            String h1 = ClusterAdmin.text(d1.items().get(i));
            String h2 = ClusterAdmin.text(d2.items().get(i));
            if (h1.equals(zero) || h2.equals(zero)) {
                continue;
            }
            if (!h1.equals(h2)) {
                diffs.add(new String(keys.get(i), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return true;
    }

    /** clusterManagerMoveSlot: open the slot, migrate its keys, assign it to the target everywhere. */
    boolean moveSlot(AdminNode source, AdminNode target, int slot, int opts, String[] errOut) {
        if ((opts & QUIET) == 0) {
            a.out.print("Moving slot " + slot + " from " + source.addr() + " to " + target.addr() + ": ");
            a.out.flush();
        }
        boolean cold = (opts & COLD) != 0;
        RespValue listing;
        if (!cold) {
            if (!setSlot(target, source, slot, "importing", errOut)) {
                return false;
            }
            // MIGRATING and the first listing of the slot's keys in one round trip to the source
            List<byte[]> migrating = new ArrayList<>();
            for (String w : new String[] {"CLUSTER", "SETSLOT", Integer.toString(slot), "migrating", target.name}) {
                migrating.add(AdminConnection.bytes(w));
            }
            List<RespValue> r = a.commands(source, List.of(migrating, getKeysCommand(slot, fetchCount())));
            if (r == null) {
                if (errOut != null) {
                    errOut[0] = "CLUSTER SETSLOT failed to run";
                }
                return false;
            }
            if (!a.checkReply(source, r.get(0), errOut)) {
                return false;
            }
            listing = r.get(1);
        } else {
            listing = a.command(source, getKeysCommand(slot, fetchCount()));
        }
        boolean ok = migrateKeysInSlot(source, target, slot, (opts & VERBOSE) != 0, errOut, listing);
        if ((opts & QUIET) == 0) {
            a.out.print("\n");
        }
        if (!ok) {
            return false;
        }
        if (!cold) {
            String[] e = errOut != null ? errOut : new String[1];
            if (!setSlot(target, target, slot, "node", e)) {
                return false;
            }
            e[0] = null;
            if (!setSlot(source, target, slot, "node", e)) {
                if (e[0] != null && e[0].startsWith("ERR Please use SETSLOT only with masters.")) {
                    e[0] = null;
                } else if (e[0] != null) {
                    return false;
                }
            }
            List<AdminNode> others = new ArrayList<>();
            for (AdminNode n : a.nodes) {
                if (n != target && n != source && !n.slave) {
                    others.add(n);
                }
            }
            // redis-cli tells the other masters one after the other; they are independent, so all at once here
            List<byte[]> node = new ArrayList<>();
            for (String w : new String[] {"CLUSTER", "SETSLOT", Integer.toString(slot), "node", target.name}) {
                node.add(AdminConnection.bytes(w));
            }
            List<RespValue> replies = a.commandOnEach(others, node);
            for (int i = 0; i < others.size(); i++) {
                if (replies.get(i) == null) {
                    e[0] = "CLUSTER SETSLOT failed to run";
                    return false;
                }
                if (!a.checkReply(others.get(i), replies.get(i), e)) {
                    return false;
                }
            }
        }
        if ((opts & UPDATE) != 0) {
            source.setSlot(slot, false);
            target.setSlot(slot, true);
        }
        return true;
    }
}
