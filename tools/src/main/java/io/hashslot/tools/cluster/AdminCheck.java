package io.hashslot.tools.cluster;

import io.hashslot.protocol.RespValue;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The cluster check of redis-cli (configuration agreement, open slots, coverage, multiple owners) and, for fix,
 * the repairs: open slots (cases 1-4 and multiple owners), uncovered slots (no keys / keys in one node / keys in
 * several nodes) and slots with several owners.
 */
final class AdminCheck {
    private final ClusterAdmin a;
    private final AdminSlots slots;
    private final Random random = new Random();

    AdminCheck(ClusterAdmin a) {
        this.a = a;
        this.slots = new AdminSlots(a);
    }

    /** The node's view of slot ownership: sorted "id:ranges" of every master with slots, joined with '|'. */
    String configSignature(AdminNode node) {
        RespValue r = a.command(node, "CLUSTER", "NODES");
        if (r == null || r instanceof RespValue.Error) {
            return null;
        }
        List<String> configs = new ArrayList<>();
        for (String line : ClusterAdmin.text(r).split("\n")) {
            String[] f = line.split(" ");
            if (f.length <= 8) {
                continue;
            }
            List<String> ranges = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (!f[i].isEmpty() && f[i].charAt(0) != '[') {
                    ranges.add(f[i]);
                }
            }
            if (!ranges.isEmpty()) {
                Collections.sort(ranges);
                configs.add(f[0] + ":" + String.join(",", ranges));
            }
        }
        if (configs.isEmpty()) {
            return null;
        }
        Collections.sort(configs);
        return String.join("|", configs);
    }

    boolean isConfigConsistent() {
        if (a.nodes.size() <= 1) {
            return true;
        }
        String first = null;
        for (AdminNode n : a.nodes) {
            String cfg = configSignature(n);
            if (cfg == null) {
                return false;
            }
            if (first == null) {
                first = cfg;
            } else if (!first.equals(cfg)) {
                return false;
            }
        }
        return true;
    }

    boolean checkCluster(boolean quiet) {
        if (a.nodes.isEmpty()) {
            return false;
        }
        a.errors.clear();
        AdminNode node = a.nodes.get(0);
        a.logInfo(">>> Performing Cluster Check (using node " + node.addr() + ")\n");
        boolean result = true;
        if (!quiet) {
            a.showNodes();
        }
        if (!isConfigConsistent()) {
            a.onError("[ERR] Nodes don't agree about configuration!");
            result = false;
        } else {
            a.logOk("[OK] All nodes agree about slots configuration.\n");
        }
        a.logInfo(">>> Check for open slots...\n");
        Map<Integer, String> open = new TreeMap<>();
        for (AdminNode n : a.nodes) {
            if (!n.migrating.isEmpty()) {
                for (Map.Entry<String, String> e : n.migrating.entrySet()) {
                    open.put(ClusterAdmin.atoi(e.getKey()), e.getValue());
                }
                a.onError("[WARNING] Node " + n.addr() + " has slots in migrating state "
                    + String.join(",", n.migrating.keySet()) + ".");
            }
            if (!n.importing.isEmpty()) {
                for (Map.Entry<String, String> e : n.importing.entrySet()) {
                    open.put(ClusterAdmin.atoi(e.getKey()), e.getValue());
                }
                a.onError("[WARNING] Node " + n.addr() + " has slots in importing state "
                    + String.join(",", n.importing.keySet()) + ".");
            }
        }
        if (!open.isEmpty()) {
            result = false;
            List<String> list = new ArrayList<>();
            for (Integer s : open.keySet()) {
                list.add(Integer.toString(s));
            }
            a.logErr("[WARNING] The following slots are open: " + String.join(",", list) + ".\n");
            if (a.opt.fix) {
                for (Integer s : open.keySet()) {
                    result = fixOpenSlot(s);
                    if (!result) {
                        break;
                    }
                }
            }
        }
        a.logInfo(">>> Check slots coverage...\n");
        BitSet covered = coveredSlots();
        if (covered.cardinality() == AdminNode.SLOTS) {
            a.logOk("[OK] All 16384 slots covered.\n");
        } else {
            a.onError("[ERR] Not all 16384 slots are covered by nodes.\n");
            result = false;
            if (a.opt.fix) {
                int fixed = fixSlotsCoverage(covered);
                if (fixed > 0) {
                    result = true;
                }
            }
        }
        if (a.opt.searchMultipleOwners) {
            result = checkMultipleOwners() && result;
        }
        return result;
    }

    private boolean checkMultipleOwners() {
        boolean result = true;
        a.logInfo(">>> Check for multiple slot owners...\n");
        int withMultiple = 0;
        for (int slot = 0; slot < AdminNode.SLOTS; slot++) {
            List<AdminNode> owners = new ArrayList<>();
            for (AdminNode n : a.nodes) {
                if (n.slave) {
                    continue;
                }
                if (n.slots.get(slot) || slots.countKeysInSlot(n, slot) > 0) {
                    owners.add(n);
                }
            }
            if (owners.size() > 1) {
                result = false;
                a.logErr("[WARNING] Slot " + slot + " has " + owners.size() + " owners:\n");
                for (AdminNode n : owners) {
                    a.logErr("    " + n.addr() + "\n");
                }
                withMultiple++;
                if (a.opt.fix) {
                    result = fixMultipleSlotOwners(slot, owners);
                    if (!result) {
                        a.logErr("Failed to fix multiple owners for slot " + slot + "\n");
                        break;
                    }
                    withMultiple--;
                }
            }
        }
        if (withMultiple == 0) {
            a.logOk("[OK] No multiple owners found.\n");
        }
        return result;
    }

    BitSet coveredSlots() {
        BitSet all = new BitSet(AdminNode.SLOTS);
        for (AdminNode n : a.nodes) {
            all.or(n.slots);
        }
        return all;
    }

    private void refuseWithUnreachable(String what) {
        if (a.unreachableMasters > 0 && !a.opt.fixWithUnreachableMasters) {
            a.logWarn("*** Fixing " + what + " with " + a.unreachableMasters + " unreachable masters is dangerous: "
                + "redis-cli will assume that slots about masters that are not reachable are not covered, and will "
                + "try to reassign them to the reachable nodes. This can cause data loss and is rarely what you want "
                + "to do. If you really want to proceed use the --cluster-fix-with-unreachable-masters option.\n");
            throw new AdminExit(1);
        }
    }

    private AdminNode randomMaster() {
        List<AdminNode> masters = new ArrayList<>();
        for (AdminNode n : a.nodes) {
            if (!n.slave) {
                masters.add(n);
            }
        }
        return masters.isEmpty() ? null : masters.get(random.nextInt(masters.size()));
    }

    int fixSlotsCoverage(BitSet covered) {
        refuseWithUnreachable("slots coverage");
        a.logInfo(">>> Fixing slots coverage...\n");
        Map<Integer, List<AdminNode>> uncovered = new TreeMap<>();
        for (int i = 0; i < AdminNode.SLOTS; i++) {
            if (covered.get(i)) {
                continue;
            }
            List<AdminNode> withKeys = new ArrayList<>();
            for (AdminNode n : a.nodes) {
                if (n.slave || n.replicate != null) {
                    continue;
                }
                RespValue r = a.command(n, "CLUSTER", "GETKEYSINSLOT", Integer.toString(i), "1");
                if (!a.checkReply(n, r, null)) {
                    return -1;
                }
                if (!((RespValue.Array) r).items().isEmpty()) {
                    withKeys.add(n);
                }
            }
            uncovered.put(i, withKeys);
        }
        BitSet none = new BitSet();
        BitSet single = new BitSet();
        BitSet multi = new BitSet();
        for (Map.Entry<Integer, List<AdminNode>> e : uncovered.entrySet()) {
            int c = e.getValue().size();
            (c == 0 ? none : c == 1 ? single : multi).set(e.getKey());
        }
        int fixed = 0;
        if (!none.isEmpty()) {
            a.out.print("The following uncovered slots have no keys across the cluster:\n");
            a.out.print(AdminNode.slotsString(none) + "\n");
            if (a.confirmWithYes("Fix these slots by covering with a random node?", true)) {
                for (int s = none.nextSetBit(0); s >= 0; s = none.nextSetBit(s + 1)) {
                    AdminNode n = randomMaster();
                    a.logInfo(">>> Covering slot " + s + " with " + n.addr() + "\n");
                    if (!slots.setSlotOwner(n, s, false)) {
                        return -1;
                    }
                    n.setSlot(s, true);
                    fixed++;
                }
            }
        }
        if (!single.isEmpty()) {
            a.out.print("The following uncovered slots have keys in just one node:\n");
            a.out.print(AdminNode.slotsString(single) + "\n");
            if (a.confirmWithYes("Fix these slots by covering with those nodes?", true)) {
                for (int s = single.nextSetBit(0); s >= 0; s = single.nextSetBit(s + 1)) {
                    AdminNode n = uncovered.get(s).get(0);
                    a.logInfo(">>> Covering slot " + s + " with " + n.addr() + "\n");
                    if (!slots.setSlotOwner(n, s, false)) {
                        return -1;
                    }
                    n.setSlot(s, true);
                    fixed++;
                }
            }
        }
        if (!multi.isEmpty()) {
            a.out.print("The following uncovered slots have keys in multiple nodes:\n");
            a.out.print(AdminNode.slotsString(multi) + "\n");
            if (a.confirmWithYes("Fix these slots by moving keys into a single node?", true)) {
                for (int s = multi.nextSetBit(0); s >= 0; s = multi.nextSetBit(s + 1)) {
                    List<AdminNode> holders = uncovered.get(s);
                    AdminNode target = slots.nodeWithMostKeysInSlot(holders, s);
                    if (target == null) {
                        return -1;
                    }
                    a.logInfo(">>> Covering slot " + s + " moving keys to " + target.addr() + "\n");
                    if (!slots.setSlotOwner(target, s, true)) {
                        return -1;
                    }
                    target.setSlot(s, true);
                    for (AdminNode src : holders) {
                        if (src == target) {
                            continue;
                        }
                        if (!slots.setSlot(src, target, s, "NODE", null)
                            || !slots.setSlot(src, target, s, "IMPORTING", null)
                            || !slots.moveSlot(src, target, s, AdminSlots.VERBOSE | AdminSlots.COLD, null)
                            || !slots.clearSlotStatus(src, s)) {
                            return -1;
                        }
                    }
                    fixed++;
                }
            }
        }
        return fixed;
    }

    private static boolean hasOpen(Map<String, String> m, int slot) {
        for (String k : m.keySet()) {
            if (ClusterAdmin.atoi(k) == slot) {
                return true;
            }
        }
        return false;
    }

    private static String addrs(List<AdminNode> list) {
        List<String> s = new ArrayList<>();
        for (AdminNode n : list) {
            s.add(n.addr());
        }
        return String.join(",", s);
    }

    boolean fixOpenSlot(int slot) {
        refuseWithUnreachable("open slots");
        a.logInfo(">>> Fixing open slot " + slot + "\n");
        List<AdminNode> owners = new ArrayList<>();
        for (AdminNode n : a.nodes) {
            if (n.slave) {
                continue;
            }
            if (n.slots.get(slot)) {
                owners.add(n);
            } else {
                int c = slots.countKeysInSlot(n, slot);
                if (c < 0) {
                    return false;
                }
                if (c > 0) {
                    a.logWarn("*** Found keys about slot " + slot + " in non-owner node " + n.addr() + "!\n");
                    owners.add(n);
                }
            }
        }
        keepConfiguredOwnerOfMigration(slot, owners);
        AdminNode owner = owners.size() == 1 ? owners.get(0) : null;
        List<AdminNode> migrating = new ArrayList<>();
        List<AdminNode> importing = new ArrayList<>();
        for (AdminNode n : a.nodes) {
            if (n.slave) {
                continue;
            }
            boolean isMig = hasOpen(n.migrating, slot);
            boolean isImp = !isMig && hasOpen(n.importing, slot);
            if (isMig) {
                migrating.add(n);
            } else if (isImp) {
                importing.add(n);
            }
            if (!isMig && !isImp && n != owner) {
                int c = slots.countKeysInSlot(n, slot);
                if (c < 0) {
                    return false;
                }
                if (c > 0) {
                    a.logWarn("*** Found keys about slot " + slot + " in node " + n.addr() + "!\n");
                    importing.add(n);
                }
            }
        }
        String migratingStr = addrs(migrating);
        String importingStr = addrs(importing);
        if (!migrating.isEmpty()) {
            a.out.print("Set as migrating in: " + migratingStr + "\n");
        }
        if (!importing.isEmpty()) {
            a.out.print("Set as importing in: " + importingStr + "\n");
        }
        if (owner == null) {
            a.logInfo(">>> No single clear owner for the slot, selecting an owner by # of keys...\n");
            owner = slots.nodeWithMostKeysInSlot(a.nodes, slot);
            if (owner == null) {
                a.logErr("[ERR] Can't select a slot owner. Impossible to fix.\n");
                return false;
            }
            a.logWarn("*** Configuring " + owner.addr() + " as the slot owner\n");
            if (!slots.clearSlotStatus(owner, slot) || !slots.setSlotOwner(owner, slot, false)) {
                return false;
            }
            owner.setSlot(slot, true);
            migrating.remove(owner);
            importing.remove(owner);
        }
        if (owners.size() > 1) {
            for (AdminNode n : owners) {
                if (n == owner) {
                    continue;
                }
                if (!slots.delSlot(n, slot, true)) {
                    return false;
                }
                n.setSlot(slot, false);
                if (!slots.setSlot(n, owner, slot, "node", null) || !slots.setSlot(n, owner, slot, "importing", null)) {
                    return false;
                }
                importing.remove(n);
                importing.add(n);
                migrating.remove(n);
            }
        }
        int moveOpts = AdminSlots.VERBOSE;
        if (migrating.size() == 1 && importing.size() == 1) {
            AdminNode src = migrating.get(0);
            AdminNode dst = importing.get(0);
            a.logInfo(">>> Case 1: Moving slot " + slot + " from " + src.addr() + " to " + dst.addr() + "\n");
            return slots.moveSlot(src, dst, slot, moveOpts | AdminSlots.UPDATE, null);
        }
        if (migrating.isEmpty() && !importing.isEmpty()) {
            a.logInfo(">>> Case 2: Moving all the " + slot + " slot keys to its owner " + owner.addr() + "\n");
            for (AdminNode n : importing) {
                if (n == owner) {
                    continue;
                }
                if (!slots.moveSlot(n, owner, slot, moveOpts | AdminSlots.COLD, null)) {
                    return false;
                }
                a.logInfo(">>> Setting " + slot + " as STABLE in " + n.addr() + "\n");
                if (!slots.clearSlotStatus(n, slot)) {
                    return false;
                }
            }
            for (AdminNode n : a.nodes) {
                if (n == owner || n.slave) {
                    continue;
                }
                if (!slots.setSlot(n, owner, slot, "NODE", null)) {
                    return false;
                }
            }
            return true;
        }
        if (migrating.size() == 1 && importing.size() > 1) {
            AdminNode src = migrating.get(0);
            String targetId = null;
            for (Map.Entry<String, String> e : src.migrating.entrySet()) {
                if (ClusterAdmin.atoi(e.getKey()) == slot) {
                    targetId = e.getValue();
                }
            }
            AdminNode dst = null;
            boolean tryToFix = true;
            for (AdminNode n : importing) {
                if (slots.countKeysInSlot(n, slot) > 0) {
                    tryToFix = false;
                    break;
                }
                if (n.name.equals(targetId)) {
                    dst = n;
                }
            }
            if (tryToFix) {
                if (dst != null) {
                    a.logInfo(">>> Case 3: Moving slot " + slot + " from " + src.addr() + " to " + dst.addr()
                        + " and closing it on all the other importing nodes.\n");
                    if (!slots.moveSlot(src, dst, slot, moveOpts, null)) {
                        return false;
                    }
                    for (AdminNode n : importing) {
                        if (n != dst && !slots.clearSlotStatus(n, slot)) {
                            return false;
                        }
                    }
                } else {
                    a.logInfo(">>> Case 3: Closing slot " + slot + " on both migrating and importing nodes.\n");
                    if (!slots.clearSlotStatus(src, slot)) {
                        return false;
                    }
                    for (AdminNode n : importing) {
                        if (!slots.clearSlotStatus(n, slot)) {
                            return false;
                        }
                    }
                }
                return true;
            }
        } else {
            boolean tryClose = importing.isEmpty() && migrating.size() == 1;
            if (tryClose) {
                AdminNode n = migrating.get(0);
                if (owner != n) {
                    RespValue r = a.command(n, "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "10");
                    if (!a.checkReply(n, r, null)) {
                        return false;
                    }
                    tryClose = ((RespValue.Array) r).items().isEmpty();
                }
            }
            if (tryClose) {
                AdminNode n = migrating.get(0);
                a.logInfo(">>> Case 4: Closing slot " + slot + " on " + n.addr() + "\n");
                return slots.clearSlotStatus(n, slot);
            }
        }
        a.logErr("[ERR] Sorry, redis-cli can't fix this slot yet (work in progress). Slot is set as migrating in "
            + migratingStr + ", as importing in " + importingStr + ", owner is " + owner.addr() + "\n");
        return false;
    }

    /**
     * Better than redis-cli: when exactly one master has the slot in its configuration and every other node holding
     * keys is importing the slot (an interrupted migration), the configured master stays the owner, so the
     * migration is completed (case 1) or rolled back (case 2) with SETSLOT instead of reassigning the slot by key
     * count with ADDSLOTS.
     */
    private void keepConfiguredOwnerOfMigration(int slot, List<AdminNode> owners) {
        if (owners.size() < 2) {
            return;
        }
        AdminNode configured = null;
        for (AdminNode n : owners) {
            if (n.slots.get(slot)) {
                if (configured != null) {
                    return;
                }
                configured = n;
            } else if (!hasOpen(n.importing, slot)) {
                return;
            }
        }
        if (configured != null) {
            owners.clear();
            owners.add(configured);
        }
    }

    boolean fixMultipleSlotOwners(int slot, List<AdminNode> owners) {
        a.logInfo(">>> Fixing multiple owners for slot " + slot + "...\n");
        AdminNode owner = slots.nodeWithMostKeysInSlot(owners, slot);
        if (owner == null) {
            owner = owners.get(0);
        }
        a.logInfo(">>> Setting slot " + slot + " owner: " + owner.addr() + "\n");
        if (!slots.setSlotOwner(owner, slot, false)) {
            return false;
        }
        boolean success = false;
        for (AdminNode n : a.nodes) {
            if (n == owner || n.slave) {
                continue;
            }
            int count = slots.countKeysInSlot(n, slot);
            success = count >= 0;
            if (!success) {
                break;
            }
            slots.delSlot(n, slot, true);
            if (!slots.setSlot(n, owner, slot, "node", null)) {
                return false;
            }
            if (count > 0) {
                // Better than redis-cli: open the slot as importing on the node first, so its MIGRATE of keys
                // of a slot it no longer owns is not answered with MOVED; closed again once the keys are moved.
                success = slots.setSlot(n, owner, slot, "importing", null)
                    && slots.moveSlot(n, owner, slot, AdminSlots.VERBOSE | AdminSlots.COLD, null)
                    && slots.clearSlotStatus(n, slot);
                if (!success) {
                    break;
                }
            }
        }
        return success;
    }
}
