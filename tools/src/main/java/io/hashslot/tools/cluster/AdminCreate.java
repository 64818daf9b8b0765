package io.hashslot.tools.cluster;

import io.hashslot.protocol.RespValue;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code --cluster create}: checks the nodes are empty cluster nodes, allocates the slots to the masters
 * (interleaving hosts), assigns replicas preferring other hosts, optimizes anti-affinity by random swaps, then
 * ADDSLOTS, distinct config epochs, CLUSTER MEET, waits for the join and sends CLUSTER REPLICATE.
 */
final class AdminCreate {
    private final ClusterAdmin a;
    private final Random random = new Random();

    AdminCreate(ClusterAdmin a) {
        this.a = a;
    }

    boolean create(List<String> addresses) {
        a.closeAll();
        a.nodes = new ArrayList<>();
        for (String addr : addresses) {
            Object[] p = ClusterAdmin.parseAddress(addr);
            if (p == null) {
                a.err.print("Invalid address format: " + addr + "\n");
                return false;
            }
            AdminNode node = new AdminNode((String) p[0], (Integer) p[1], 0);
            if (!a.connect(node)) {
                return false;
            }
            String[] e = new String[1];
            if (!a.isCluster(node, e)) {
                a.printNotCluster(node, e[0]);
                node.conn.close();
                return false;
            }
            e[0] = null;
            if (!a.loadNodeInfo(node, false, null, e)) {
                if (e[0] != null) {
                    a.printReplyError(node, e[0]);
                }
                node.conn.close();
                return false;
            }
            e[0] = null;
            if (!a.isEmpty(node, e)) {
                a.printNotEmpty(node, e[0]);
                node.conn.close();
                return false;
            }
            a.nodes.add(node);
        }
        int nodeCount = a.nodes.size();
        int replicas = a.opt.replicas;
        int mastersCount = nodeCount / (replicas + 1);
        if (mastersCount < 3) {
            a.logErr("*** ERROR: Invalid configuration for cluster creation.\n*** Redis Cluster requires at least "
                + "3 master nodes.\n*** This is not possible with " + nodeCount + " nodes and " + replicas
                + " replicas per node.");
            a.logErr("\n*** At least " + 3 * (replicas + 1) + " nodes are required.\n");
            return false;
        }
        a.logInfo(">>> Performing hash slots allocation on " + nodeCount + " nodes...\n");
        Map<String, Deque<AdminNode>> byIp = new LinkedHashMap<>();
        for (AdminNode n : a.nodes) {
            byIp.computeIfAbsent(n.ip, k -> new ArrayDeque<>()).add(n);
        }
        List<AdminNode> interleaved = new ArrayList<>();
        while (interleaved.size() < nodeCount) {
            for (Deque<AdminNode> q : byIp.values()) {
                if (!q.isEmpty()) {
                    interleaved.add(q.poll());
                }
            }
        }
        List<AdminNode> masters = new ArrayList<>(interleaved.subList(0, mastersCount));
        List<AdminNode> rest = new ArrayList<>(interleaved.subList(mastersCount, nodeCount));
        float slotsPerNode = AdminNode.SLOTS / (float) mastersCount;
        long first = 0;
        float cursor = 0.0f;
        for (int i = 0; i < mastersCount; i++) {
            AdminNode m = masters.get(i);
            long last = Math.round(cursor + slotsPerNode - 1);
            if (last > AdminNode.SLOTS || i == mastersCount - 1) {
                last = AdminNode.SLOTS - 1;
            }
            if (last < first) {
                last = first;
            }
            a.out.print("Master[" + i + "] -> Slots " + first + " - " + last + "\n");
            m.resetSlots();
            for (long s = first; s <= last; s++) {
                m.setSlot((int) s, true);
            }
            m.dirty = true;
            first = last + 1;
            cursor += slotsPerNode;
        }
        assignReplicas(masters, rest, replicas);
        optimizeAntiAffinity();
        a.showNodes();
        if (!a.confirmWithYes("Can I set the above configuration?", false)) {
            return true;
        }
        for (AdminNode n : a.nodes) {
            String[] e = new String[1];
            boolean flushed = flushNodeConfig(n, e);
            if (!flushed && n.dirty && n.replicate == null) {
                if (e[0] != null) {
                    a.printReplyError(n, e[0]);
                }
                return false;
            }
        }
        a.logInfo(">>> Nodes configuration updated\n");
        a.logInfo(">>> Assign a different config epoch to each node\n");
        int epoch = 1;
        for (AdminNode n : a.nodes) {
            a.command(n, "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(epoch++));
        }
        a.logInfo(">>> Sending CLUSTER MEET messages to join the cluster\n");
        AdminNode firstNode = a.nodes.get(0);
        String firstIp;
        try {
            firstIp = InetAddress.getByName(firstNode.ip).getHostAddress();
        } catch (UnknownHostException e) {
            a.err.print("Invalid IP address or hostname specified: " + firstNode.ip + "\n");
            return false;
        }
        for (AdminNode n : a.nodes.subList(1, a.nodes.size())) {
            RespValue r = meet(n, firstNode, firstIp);
            if (r == null) {
                a.err.print("Failed to send CLUSTER MEET command.\n");
                return false;
            }
            if (r instanceof RespValue.Error e) {
                a.printReplyError(n, e.text());
                return false;
            }
        }
        sleep(1000);
        waitForClusterJoin();
        for (AdminNode n : a.nodes) {
            if (!n.dirty) {
                continue;
            }
            String[] e = new String[1];
            if (!flushNodeConfig(n, e) && n.replicate == null) {
                if (e[0] != null) {
                    a.printReplyError(n, e[0]);
                }
                return false;
            }
        }
        AdminNode ref = a.nodes.get(0);
        for (AdminNode n : a.nodes.subList(1, a.nodes.size())) {
            if (n.conn != null) {
                n.conn.close();
                n.conn = null;
            }
        }
        AdminNode fresh = new AdminNode(ref.ip, ref.port, 0);
        if (ref.conn != null) {
            ref.conn.close();
            ref.conn = null;
        }
        if (!a.loadInfoFromNode(fresh)) {
            return false;
        }
        a.checkCluster(false);
        return true;
    }

    RespValue meet(AdminNode n, AdminNode first, String firstIp) {
        if (first.busPort == 0 || first.busPort == first.port + 10000) {
            return a.command(n, "CLUSTER", "MEET", firstIp, Integer.toString(first.port));
        }
        return a.command(n, "CLUSTER", "MEET", firstIp, Integer.toString(first.port), Integer.toString(first.busPort));
    }

    private void assignReplicas(List<AdminNode> masters, List<AdminNode> rest, int replicas) {
        // Rotate the candidate list once: it often gives a better starting point for anti-affinity.
        List<AdminNode> pool = new ArrayList<>(rest);
        if (pool.size() > 1) {
            pool.add(pool.remove(0));
        }
        int start = 0;
        int available = pool.size();
        boolean assignUnused = false;
        while (true) {
            for (AdminNode m : masters) {
                int assigned = 0;
                while (assigned < replicas) {
                    if (available == 0) {
                        break;
                    }
                    AdminNode found = null;
                    int firstIdx = -1;
                    for (int j = start; j < pool.size(); j++) {
                        AdminNode n = pool.get(j);
                        if (n == null) {
                            continue;
                        }
                        if (!n.ip.equals(m.ip)) {
                            found = n;
                            pool.set(j, null);
                            break;
                        }
                        if (firstIdx < 0) {
                            firstIdx = j;
                        }
                    }
                    AdminNode replica = found;
                    if (replica == null && firstIdx >= 0) {
                        replica = pool.get(firstIdx);
                        start = firstIdx + 1;
                    }
                    if (replica == null) {
                        break;
                    }
                    assigned++;
                    available--;
                    replica.replicate = m.name;
                    replica.dirty = true;
                    a.out.print("Adding replica " + replica.addr() + " to " + m.addr() + "\n");
                    if (assignUnused) {
                        break;
                    }
                }
            }
            if (!assignUnused && available > 0) {
                assignUnused = true;
                a.out.print("Adding extra replicas...\n");
                continue;
            }
            break;
        }
    }

    /** SAME_AS_MASTER 10000 per replica on its master's host, 1 per replica sharing a host with a sibling. */
    private int antiAffinityScore(List<AdminNode> offending) {
        int score = 0;
        Map<String, List<AdminNode>> byIp = new LinkedHashMap<>();
        for (AdminNode n : a.nodes) {
            byIp.computeIfAbsent(n.ip, k -> new ArrayList<>()).add(n);
        }
        for (Map.Entry<String, List<AdminNode>> host : byIp.entrySet()) {
            Map<String, StringBuilder> related = new LinkedHashMap<>();
            for (AdminNode n : host.getValue()) {
                String key = n.replicate == null ? n.name : n.replicate;
                StringBuilder types = related.computeIfAbsent(key, k -> new StringBuilder());
                if (n.replicate != null) {
                    types.append('s');
                } else {
                    types.insert(0, 'm');
                }
            }
            for (Map.Entry<String, StringBuilder> e : related.entrySet()) {
                String types = e.getValue().toString();
                if (types.length() < 2) {
                    continue;
                }
                score += types.charAt(0) == 'm' ? 10000 * (types.length() - 1) : types.length();
                if (offending != null) {
                    for (AdminNode n : a.nodes) {
                        if (n.replicate != null && n.replicate.equals(e.getKey()) && n.ip.equals(host.getKey())) {
                            offending.add(n);
                            break;
                        }
                    }
                }
            }
        }
        return score;
    }

    private void optimizeAntiAffinity() {
        int score = antiAffinityScore(null);
        if (score == 0) {
            return;
        }
        a.logInfo(">>> Trying to optimize slaves allocation for anti-affinity\n");
        int maxIter = 500 * a.nodes.size();
        while (maxIter > 0) {
            List<AdminNode> offenders = new ArrayList<>();
            score = antiAffinityScore(offenders);
            if (score == 0 || offenders.isEmpty()) {
                break;
            }
            AdminNode firstNode = offenders.get(random.nextInt(offenders.size()));
            List<AdminNode> others = new ArrayList<>();
            for (AdminNode n : a.nodes) {
                if (n != firstNode && n.replicate != null) {
                    others.add(n);
                }
            }
            if (others.isEmpty()) {
                break;
            }
            AdminNode second = others.get(random.nextInt(others.size()));
            String m1 = firstNode.replicate;
            String m2 = second.replicate;
            firstNode.replicate = m2;
            firstNode.dirty = true;
            second.replicate = m1;
            second.dirty = true;
            if (antiAffinityScore(null) > score) {
                firstNode.replicate = m1;
                second.replicate = m2;
            }
            maxIter--;
        }
        score = antiAffinityScore(null);
        if (score == 0) {
            a.logOk("[OK] Perfect anti-affinity obtained!\n");
        } else if (score >= 10000) {
            a.logWarn("[WARNING] Some slaves are in the same host as their master\n");
        } else {
            a.logWarn("[WARNING] Some slaves of the same master are in the same host\n");
        }
    }

    /** CLUSTER REPLICATE for replicas, CLUSTER ADDSLOTS for masters; false keeps the node dirty for later. */
    private boolean flushNodeConfig(AdminNode n, String[] errOut) {
        if (!n.dirty) {
            return false;
        }
        if (n.replicate != null) {
            RespValue r = a.command(n, "CLUSTER", "REPLICATE", n.replicate);
            if (r == null || r instanceof RespValue.Error) {
                if (r != null) {
                    errOut[0] = ClusterAdmin.text(r);
                }
                return false;
            }
        } else {
            List<byte[]> args = new ArrayList<>();
            args.add(AdminConnection.bytes("CLUSTER"));
            args.add(AdminConnection.bytes("ADDSLOTS"));
            for (int s = n.slots.nextSetBit(0); s >= 0; s = n.slots.nextSetBit(s + 1)) {
                args.add(AdminConnection.bytes(Integer.toString(s)));
            }
            if (args.size() == 2) {
                return false;
            }
            RespValue r = a.command(n, args);
            if (!a.checkReply(n, r, errOut)) {
                return false;
            }
        }
        n.dirty = false;
        return true;
    }

    void waitForClusterJoin() {
        a.out.print("Waiting for the cluster to join\n");
        AdminCheck check = new AdminCheck(a);
        int counter = 0;
        int checkAfter = 20 + (int) (a.nodes.size() * 0.15f);
        while (!check.isConfigConsistent()) {
            a.out.print(".");
            a.out.flush();
            sleep(1000);
            if (++counter > checkAfter) {
                reportUnreachable();
                counter = 0;
            }
        }
        a.out.print("\n");
    }

    /** Nodes some other node sees as disconnected or still in handshake, with who cannot reach them. */
    private void reportUnreachable() {
        Map<String, List<String>> status = new LinkedHashMap<>();
        for (AdminNode n : a.nodes) {
            RespValue r = a.command(n, "CLUSTER", "NODES");
            if (!a.checkReply(n, r, null)) {
                continue;
            }
            for (String line : ClusterAdmin.text(r).split("\n")) {
                String[] f = line.split(" ");
                if (f.length < 8 || f[2].contains("myself")) {
                    continue;
                }
                boolean disconnected = f[2].contains("disconnected") || f[7].contains("disconnected");
                if (disconnected || f[2].contains("handshake")) {
                    status.computeIfAbsent(f[1], k -> new ArrayList<>()).add(n.addr());
                }
            }
        }
        if (status.isEmpty()) {
            return;
        }
        a.out.print("\n");
        a.logErr("Warning: " + status.size() + " node(s) may be unreachable\n");
        for (Map.Entry<String, List<String>> e : status.entrySet()) {
            Object[] addr = ClusterAdmin.parseAddress(e.getKey());
            if (addr != null && (Integer) addr[2] != 0) {
                a.logErr(" - The port " + addr[2] + " of node " + addr[0] + " may be unreachable from:\n");
            } else {
                a.logErr(" - Node " + e.getKey() + " may be unreachable from:\n");
            }
            for (String from : e.getValue()) {
                a.logErr("   " + from + "\n");
            }
            a.logErr("Cluster bus ports must be reachable by every node.\nRemember that cluster bus ports are "
                + "different from standard instance ports.\n");
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminExit(1);
        }
    }
}
