package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.SlotBitmap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The known nodes (insertion-ordered; Redis's dict order is arbitrary), slot ownership, open slots, epochs, the
 * FORGET blacklist, and the low-level operations Redis builds everything on: add/delete/rename nodes, bind and
 * unbind slots, master/replica relations, failure reports.
 */
final class NodeTable {
    static final int SLOTS = SlotBitmap.SLOTS;
    /** Seconds a forgotten node stays out of the table (CLUSTER_BLACKLIST_TTL). */
    static final long BLACKLIST_TTL_SECONDS = 60;

    final Map<String, KnownNode> nodes = new LinkedHashMap<>();
    KnownNode myself;
    long currentEpoch;
    long lastVoteEpoch;
    final KnownNode[] slots = new KnownNode[SLOTS];
    final KnownNode[] importing = new KnownNode[SLOTS];
    final KnownNode[] migrating = new KnownNode[SLOTS];
    /** Slots whose owner stopped claiming them in its PINGs; UPDATE messages leave them out. */
    final SlotBitmap ownerNotClaiming = new SlotBitmap();
    /** Forgotten node name → unix second until which gossip may not re-add it. */
    final Map<String, Long> blacklist = new LinkedHashMap<>();

    /** cluster-node-timeout, kept here for failure report validity. */
    long nodeTimeout = 15000;

    private final LinkTable links;
    private final Outbox out;
    private KnownNode[] pickCache;

    NodeTable(LinkTable links, Outbox out) {
        this.links = links;
        this.out = out;
    }

    /** Redis's verifyClusterNodeId: exactly 40 chars of [a-z0-9]. */
    static boolean validName(String name) {
        if (name == null || name.length() != 40) {
            return false;
        }
        for (int i = 0; i < 40; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** clusterLookupNode: null for unknown or malformed names. */
    KnownNode lookup(String name) {
        return validName(name) ? nodes.get(name) : null;
    }

    Collection<KnownNode> all() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    /** A snapshot to iterate while the table may change. */
    List<KnownNode> snapshot() {
        return new ArrayList<>(nodes.values());
    }

    int size() {
        return nodes.size();
    }

    void add(KnownNode n) {
        KnownNode old = nodes.putIfAbsent(n.name, n);
        if (old != null) {
            throw new IllegalStateException("node " + n.name + " already in the table");
        }
        pickCache = null;
    }

    /** dictGetRandomKey: a uniformly chosen known node (myself included). */
    KnownNode random(RandomGenerator random) {
        if (pickCache == null) {
            pickCache = nodes.values().toArray(new KnownNode[0]);
        }
        return pickCache[random.nextInt(pickCache.length)];
    }

    void rename(KnownNode n, String newName) {
        nodes.remove(n.name);
        n.name = newName;
        add(n);
    }

    /**
     * clusterDelNode: unbind its slots and open slots, drop the failure reports it made, detach replicas and master,
     * forget it and close its links.
     */
    void delete(KnownNode del, long now) {
        for (int j = 0; j < SLOTS; j++) {
            if (importing[j] == del) {
                importing[j] = null;
            }
            if (migrating[j] == del) {
                migrating[j] = null;
            }
            if (slots[j] == del) {
                delSlot(j);
            }
        }
        for (KnownNode n : nodes.values()) {
            if (n != del) {
                delFailureReport(n, del, now);
            }
        }
        for (KnownNode r : del.replicas) {
            r.master = null;
        }
        if (del.isReplica() && del.master != null) {
            removeReplica(del.master, del);
        }
        nodes.remove(del.name);
        pickCache = null;
        if (del.link != null) {
            links.free(del.link, true);
        }
        if (del.inboundLink != null) {
            links.free(del.inboundLink, true);
        }
    }

    // ------------------------------------------------------------------ slots

    /** clusterAddSlot: binds an unassigned slot; false when it is already bound. */
    boolean addSlot(KnownNode n, int slot) {
        if (slots[slot] != null) {
            return false;
        }
        setSlotBit(n, slot);
        slots[slot] = n;
        return true;
    }

    /** clusterDelSlot: unbinds a slot (dropping shard channels when it leaves my shard). */
    boolean delSlot(int slot) {
        KnownNode n = slots[slot];
        if (n == null) {
            return false;
        }
        KnownNode primary = n.isMaster() || n.master == null ? n : n.master;
        if (primary == myself || myself.master == primary) {
            out.removeChannelsInSlot(slot);
        }
        clearSlotBit(n, slot);
        slots[slot] = null;
        return true;
    }

    int delNodeSlots(KnownNode n) {
        int deleted = 0;
        for (int j = n.slots.nextSetBit(0); j >= 0; j = n.slots.nextSetBit(j + 1)) {
            delSlot(j);
            deleted++;
        }
        return deleted;
    }

    boolean setSlotBit(KnownNode n, int slot) {
        boolean old = n.slots.set(slot);
        if (!old) {
            n.numSlots++;
            if (n.numSlots == 1 && mastersHaveReplicas()) {
                n.flags |= NodeFlags.MIGRATE_TO;
            }
        }
        return old;
    }

    boolean clearSlotBit(KnownNode n, int slot) {
        boolean old = n.slots.clear(slot);
        if (old) {
            n.numSlots--;
        }
        return old;
    }

    boolean isSlotUnclaimed(int slot) {
        return slots[slot] == null || ownerNotClaiming.get(slot);
    }

    void closeAllSlots() {
        java.util.Arrays.fill(importing, null);
        java.util.Arrays.fill(migrating, null);
    }

    // ------------------------------------------------------------------ roles

    boolean mastersHaveReplicas() {
        for (KnownNode n : nodes.values()) {
            if (!n.isReplica() && !n.replicas.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    boolean addReplica(KnownNode master, KnownNode replica) {
        if (master.replicas.contains(replica)) {
            return false;
        }
        master.replicas.add(replica);
        master.flags |= NodeFlags.MIGRATE_TO;
        return true;
    }

    boolean removeReplica(KnownNode master, KnownNode replica) {
        if (!master.replicas.remove(replica)) {
            return false;
        }
        if (master.replicas.isEmpty()) {
            master.flags &= ~NodeFlags.MIGRATE_TO;
        }
        return true;
    }

    int countNonFailingReplicas(KnownNode n) {
        int ok = 0;
        for (KnownNode r : n.replicas) {
            if (!r.failed()) {
                ok++;
            }
        }
        return ok;
    }

    /** clusterSetNodeAsMaster: a node we took for a replica acts as a master. */
    void setNodeAsMaster(KnownNode n) {
        if (n.isMaster()) {
            return;
        }
        if (n.master != null) {
            removeReplica(n.master, n);
            if (n != myself) {
                n.flags |= NodeFlags.MIGRATE_TO;
            }
        }
        n.flags &= ~NodeFlags.SLAVE;
        n.flags |= NodeFlags.MASTER;
        n.master = null;
        out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
    }

    /** clusterGetNodesServingMySlots: the node's master (or itself) followed by that master's replicas. */
    List<KnownNode> shardOf(KnownNode n) {
        KnownNode primary = n.isMaster() || n.master == null ? n : n.master;
        List<KnownNode> shard = new ArrayList<>(1 + primary.replicas.size());
        shard.add(primary);
        shard.addAll(primary.replicas);
        return shard;
    }

    // ------------------------------------------------------------------ epochs

    /** clusterGetMaxEpoch: the greatest configEpoch known, or currentEpoch if greater (unsigned). */
    long maxEpoch() {
        long max = 0;
        for (KnownNode n : nodes.values()) {
            if (Long.compareUnsigned(n.configEpoch, max) > 0) {
                max = n.configEpoch;
            }
        }
        return Long.compareUnsigned(max, currentEpoch) < 0 ? currentEpoch : max;
    }

    // ------------------------------------------------------------------ blacklist

    void blacklistAdd(String name, long nowMs) {
        blacklistCleanup(nowMs);
        blacklist.put(name, nowMs / 1000 + BLACKLIST_TTL_SECONDS);
    }

    boolean blacklisted(String name, long nowMs) {
        blacklistCleanup(nowMs);
        return blacklist.containsKey(name);
    }

    private void blacklistCleanup(long nowMs) {
        long nowSec = nowMs / 1000;
        blacklist.values().removeIf(expire -> expire < nowSec);
    }

    // ------------------------------------------------------------------ failure reports

    /** Adds or refreshes a report; true when it is new. */
    boolean addFailureReport(KnownNode failing, KnownNode sender, long now) {
        for (FailureReport fr : failing.failReports) {
            if (fr.reporter == sender) {
                fr.time = now;
                return false;
            }
        }
        failing.failReports.add(new FailureReport(sender, now));
        return true;
    }

    void cleanupFailureReports(KnownNode node, long now) {
        long maxTime = nodeTimeout * 2;
        node.failReports.removeIf(fr -> now - fr.time > maxTime);
    }

    boolean delFailureReport(KnownNode node, KnownNode sender, long now) {
        for (Iterator<FailureReport> it = node.failReports.iterator(); it.hasNext(); ) {
            if (it.next().reporter == sender) {
                it.remove();
                cleanupFailureReports(node, now);
                return true;
            }
        }
        return false;
    }

    int failureReportsCount(KnownNode node, long now) {
        cleanupFailureReports(node, now);
        return node.failReports.size();
    }
}
