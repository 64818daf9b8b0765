package io.hashslot.embedded;

import io.hashslot.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The administrative steps of an {@link EmbeddedCluster}, over plain RESP: forming the cluster as
 * {@code redis-cli --cluster create} does, waiting for a stable cluster, manual failover and resharding.
 */
final class ClusterOperations {
    private static final long POLL_MILLIS = 50;

    private final EmbeddedCluster cluster;
    /** Slot → master id, from the last stable view. */
    private String[] slotOwners = new String[16384];

    ClusterOperations(EmbeddedCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Slots split evenly over the masters (ADDSLOTSRANGE), a distinct config epoch per node, every node MEETs the
     * first one, and once all know each other each replica REPLICATEs its master.
     */
    void form(int masters, int replicasPerMaster) {
        List<EmbeddedNode> nodes = cluster.nodeList();
        for (int i = 0; i < masters; i++) {
            int lo = (int) ((long) i * 16384 / masters);
            int hi = (int) ((long) (i + 1) * 16384 / masters) - 1;
            nodes.get(i).call("CLUSTER", "ADDSLOTSRANGE", String.valueOf(lo), String.valueOf(hi));
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).call("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
        }
        EmbeddedNode first = nodes.get(0);
        for (int i = 1; i < nodes.size(); i++) {
            nodes.get(i).call("CLUSTER", "MEET", first.host(), String.valueOf(first.port()));
        }
        await("every node to know all " + nodes.size() + " nodes", Duration.ofSeconds(60), () -> {
            for (EmbeddedNode n : nodes) {
                if (NodesView.parse(n.clusterNodes()).entries().size() != nodes.size()) {
                    return false;
                }
            }
            return true;
        });
        for (int r = 0; r < replicasPerMaster; r++) {
            for (int m = 0; m < masters; m++) {
                EmbeddedNode replica = nodes.get(masters + r * masters + m);
                EmbeddedNode master = nodes.get(m);
                replica.call("CLUSTER", "REPLICATE", master.id());
            }
        }
    }

    /** See {@link EmbeddedCluster#awaitStable()}. */
    void awaitStable(Duration timeout) {
        List<EmbeddedNode> nodes = cluster.nodeList();
        String[] why = {""};
        boolean ok = poll(timeout, () -> {
            String agreed = null;
            NodesView last = null;
            for (EmbeddedNode n : EmbeddedCluster.running(nodes)) {
                Map<String, String> info;
                NodesView view;
                try {
                    info = n.clusterInfo();
                    view = NodesView.parse(n.clusterNodes());
                } catch (RuntimeException e) {
                    why[0] = n + " does not answer: " + e.getMessage();
                    return false;
                }
                if (!"ok".equals(info.get("cluster_state"))) {
                    why[0] = n + " reports cluster_state:" + info.get("cluster_state");
                    return false;
                }
                if (!view.myself().master()
                    && !String.valueOf(n.call("INFO", "replication")).contains("master_link_status:up")) {
                    why[0] = n + " has not finished syncing with its master";
                    return false;
                }
                if (view.entries().size() != nodes.size()) {
                    why[0] = n + " knows " + view.entries().size() + " nodes of " + nodes.size();
                    return false;
                }
                for (EmbeddedNode other : EmbeddedCluster.running(nodes)) {
                    NodesView.Entry e = view.byId(other.id());
                    if (e == null || e.failing() || e.flags().contains("handshake")) {
                        why[0] = n + " sees " + other + " as " + (e == null ? "unknown" : e.flags());
                        return false;
                    }
                    if (e.openSlots()) {
                        why[0] = n + " has open (migrating/importing) slots";
                        return false;
                    }
                }
                String a = view.agreement();
                if (agreed != null && !agreed.equals(a)) {
                    why[0] = "nodes disagree on the configuration:\n" + agreed + "\n---\n" + a;
                    return false;
                }
                agreed = a;
                last = view;
            }
            if (last == null) {
                return false;
            }
            // every slot must be served by a running master (right after a kill the others still agree on the
            // dead master until the failover)
            java.util.Set<String> running = new java.util.HashSet<>();
            for (EmbeddedNode n : EmbeddedCluster.running(nodes)) {
                running.add(n.id());
            }
            for (NodesView.Entry e : last.entries()) {
                if (!e.slots().isEmpty() && !running.contains(e.id())) {
                    why[0] = "slots of the stopped node " + e.id() + " are not served yet";
                    return false;
                }
            }
            refresh(last);
            return true;
        });
        if (!ok) {
            throw new EmbeddedClusterException("cluster not stable after " + timeout.toMillis() + " ms: " + why[0]);
        }
    }

    private void refresh(NodesView view) {
        String[] owners = new String[16384];
        for (NodesView.Entry e : view.entries()) {
            for (int[] r : e.slots()) {
                for (int s = r[0]; s <= r[1]; s++) {
                    owners[s] = e.id();
                }
            }
        }
        slotOwners = owners;
        for (EmbeddedNode n : cluster.nodeList()) {
            NodesView.Entry e = view.byId(n.id());
            if (e != null) {
                n.setMasterId(e.master() ? null : e.masterId());
            }
        }
    }

    EmbeddedNode masterForSlot(int slot) {
        String id = slotOwners[slot];
        for (EmbeddedNode n : cluster.nodeList()) {
            if (n.id().equals(id)) {
                return n;
            }
        }
        throw new EmbeddedClusterException("slot " + slot + " is not served (call awaitStable first)");
    }

    void failover(EmbeddedNode replica, Duration timeout) {
        replica.call("CLUSTER", "FAILOVER");
        await(replica + " to become a master", timeout, () -> NodesView.parse(replica.clusterNodes()).myself()
            .master());
        awaitStable(timeout);
    }

    long reshard(EmbeddedNode from, EmbeddedNode to, int count) {
        NodesView view = NodesView.parse(from.clusterNodes());
        List<Integer> slots = new ArrayList<>();
        for (int[] r : view.myself().slots()) {
            for (int s = r[0]; s <= r[1] && slots.size() < count; s++) {
                slots.add(s);
            }
        }
        if (slots.size() < count) {
            throw new IllegalArgumentException(from + " serves only " + slots.size() + " slots");
        }
        long moved = 0;
        try (NodeConnection src = from.connect(); NodeConnection dst = to.connect()) {
            for (int slot : slots) {
                String s = String.valueOf(slot);
                dst.call("CLUSTER", "SETSLOT", s, "IMPORTING", from.id());
                src.call("CLUSTER", "SETSLOT", s, "MIGRATING", to.id());
                moved += moveKeys(src, dst, s);
                dst.call("CLUSTER", "SETSLOT", s, "NODE", to.id());
                src.call("CLUSTER", "SETSLOT", s, "NODE", to.id());
                for (EmbeddedNode m : EmbeddedCluster.running(cluster.masters())) {
                    if (m != from && m != to) {
                        m.call("CLUSTER", "SETSLOT", s, "NODE", to.id());
                    }
                }
            }
        }
        return moved;
    }

    /** Copies every key of the slot with DUMP/PTTL → ASKING + RESTORE ... REPLACE, then deletes it on the source. */
    private static long moveKeys(NodeConnection src, NodeConnection dst, String slot) {
        long moved = 0;
        while (true) {
            RespValue reply = src.callRaw(List.of(bytes("CLUSTER"), bytes("GETKEYSINSLOT"), bytes(slot), bytes("100")));
            NodeConnection.toJava(reply);
            List<RespValue> keys = ((RespValue.Array) reply).items();
            if (keys.isEmpty()) {
                return moved;
            }
            for (RespValue k : keys) {
                byte[] key = ((RespValue.Bulk) k).bytes();
                RespValue dump = src.callRaw(List.of(bytes("DUMP"), key));
                long pttl = (Long) NodeConnection.toJava(src.callRaw(List.of(bytes("PTTL"), key)));
                if (dump instanceof RespValue.Bulk b) {
                    NodeConnection.toJava(dst.callRaw(List.of(bytes("ASKING"))));
                    NodeConnection.toJava(dst.callRaw(List.of(bytes("RESTORE"), key,
                        bytes(String.valueOf(Math.max(0, pttl))), b.bytes(), bytes("REPLACE"))));
                    moved++;
                } else {
                    NodeConnection.toJava(dump);
                }
                NodeConnection.toJava(src.callRaw(List.of(bytes("DEL"), key)));
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void await(String what, Duration timeout, Supplier<Boolean> condition) {
        if (!poll(timeout, condition)) {
            throw new EmbeddedClusterException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
        }
    }

    /** Polls {@code condition} until true or {@code timeout}; durations measured with the cluster's clock. */
    private boolean poll(Duration timeout, Supplier<Boolean> condition) {
        long start = cluster.clock().nanoTime();
        while (true) {
            boolean ok;
            try {
                ok = condition.get();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (ok) {
                return true;
            }
            if (cluster.clock().nanoTime() - start > timeout.toNanos()) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedClusterException("interrupted", e);
            }
        }
    }
}
