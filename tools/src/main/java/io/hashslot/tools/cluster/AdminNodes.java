package io.hashslot.tools.cluster;

import io.hashslot.protocol.RespValue;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** {@code --cluster add-node}, {@code del-node}, {@code set-timeout} and {@code call}. */
final class AdminNodes {
    private final ClusterAdmin a;

    AdminNodes(ClusterAdmin a) {
        this.a = a;
    }

    private AdminNode nodeWithLeastReplicas() {
        AdminNode best = null;
        for (AdminNode n : a.nodes) {
            if (n.slave) {
                continue;
            }
            if (best == null || n.replicasCount < best.replicasCount) {
                best = n;
            }
        }
        return best;
    }

    boolean addNode(String ip, int port, String refIp, int refPort) {
        a.logInfo(">>> Adding node " + ip + ":" + port + " to cluster " + refIp + ":" + refPort + "\n");
        if (!a.loadInfoFromNode(new AdminNode(refIp, refPort, 0))) {
            return false;
        }
        if (!a.checkCluster(false)) {
            return false;
        }
        AdminNode master = null;
        if (a.opt.slave) {
            if (a.opt.masterId != null) {
                master = a.nodeByName(a.opt.masterId);
                if (master == null) {
                    a.logErr("[ERR] No such master ID " + a.opt.masterId + "\n");
                    return false;
                }
            } else {
                master = nodeWithLeastReplicas();
                a.out.print("Automatically selected master " + master.addr() + "\n");
            }
        }
        AdminNode fresh = new AdminNode(ip, port, 0);
        if (!a.connect(fresh)) {
            a.logErr("[ERR] Sorry, can't connect to node " + ip + ":" + port + "\n");
            return false;
        }
        try {
            String[] e = new String[1];
            if (!a.isCluster(fresh, e)) {
                a.printNotCluster(fresh, e[0]);
                return false;
            }
            e[0] = null;
            if (!a.loadNodeInfo(fresh, false, null, e)) {
                if (e[0] != null) {
                    a.printReplyError(fresh, e[0]);
                }
                return false;
            }
            e[0] = null;
            if (!a.isEmpty(fresh, e)) {
                a.printNotEmpty(fresh, e[0]);
                return false;
            }
            AdminNode first = a.nodes.get(0);
            a.nodes.add(fresh);
            if (master == null && !copyFunctions(first, fresh)) {
                return false;
            }
            a.logInfo(">>> Send CLUSTER MEET to node " + ip + ":" + port + " to make it join the cluster.\n");
            String firstIp;
            try {
                firstIp = InetAddress.getByName(first.ip).getHostAddress();
            } catch (UnknownHostException ex) {
                a.err.print("Invalid IP address or hostname specified: " + first.ip + "\n");
                return false;
            }
            RespValue r = new AdminCreate(a).meet(fresh, first, firstIp);
            if (!a.checkReply(fresh, r, null)) {
                return false;
            }
            if (master != null) {
                AdminCreate.sleep(1000);
                new AdminCreate(a).waitForClusterJoin();
                a.logInfo(">>> Configure node as replica of " + master.addr() + ".\n");
                if (!a.checkReply(fresh, a.command(fresh, "CLUSTER", "REPLICATE", master.name), null)) {
                    return false;
                }
            }
            a.logOk("[OK] New node added correctly.\n");
            return true;
        } finally {
            a.closeAll();
            if (fresh.conn != null) {
                fresh.conn.close();
            }
        }
    }

    /** Copies the cluster's functions to the new node (FUNCTION DUMP / RESTORE) as redis-cli 7.0 does. */
    private boolean copyFunctions(AdminNode first, AdminNode fresh) {
        a.logInfo(">>> Getting functions from cluster\n");
        RespValue dump = a.command(first, "FUNCTION", "DUMP");
        if (!(dump instanceof RespValue.Bulk payload)) {
            a.logInfo(">>> Failed retrieving Functions from the cluster, skip this step as Redis version do not "
                + "support function command (error = '" + (dump == null ? "NULL reply" : ClusterAdmin.text(dump))
                + "')\n");
            return true;
        }
        a.logInfo(">>> Send FUNCTION LIST to " + fresh.addr() + " to verify there is no functions in it\n");
        RespValue list = a.command(fresh, "FUNCTION", "LIST");
        if (!(list instanceof RespValue.Array arr)) {
            a.logErr(">>> Failed on CLUSTER LIST (error = '" + (list == null ? "NULL reply"
                : ClusterAdmin.text(list)) + "')\r\n");
            return false;
        }
        if (!arr.items().isEmpty()) {
            a.logErr(">>> New node already contains functions and can not be added to the cluster. Use FUNCTION "
                + "FLUSH and try again.\r\n");
            return false;
        }
        a.logInfo(">>> Send FUNCTION RESTORE to " + fresh.addr() + "\n");
        List<byte[]> args = new ArrayList<>();
        args.add(AdminConnection.bytes("FUNCTION"));
        args.add(AdminConnection.bytes("RESTORE"));
        args.add(payload.bytes());
        RespValue r = a.command(fresh, args);
        if (r == null || r instanceof RespValue.Error) {
            a.logErr(">>> Failed loading functions to the new node (error = '" + (r == null ? "NULL reply"
                : ClusterAdmin.text(r)) + "')\r\n");
            return false;
        }
        return true;
    }

    boolean delNode(String ip, int port, String nodeId) {
        a.logInfo(">>> Removing node " + nodeId + " from cluster " + ip + ":" + port + "\n");
        try {
            if (!a.loadInfoFromNode(new AdminNode(ip, port, 0))) {
                return false;
            }
            AdminNode node = a.nodeByName(nodeId);
            if (node == null) {
                a.logErr("[ERR] No such node ID " + nodeId + "\n");
                return false;
            }
            if (node.slotsCount != 0) {
                a.logErr("[ERR] Node " + node.addr() + " is not empty! Reshard data away and try again.\n");
                return false;
            }
            a.logInfo(">>> Sending CLUSTER FORGET messages to the cluster...\n");
            for (AdminNode n : a.nodes) {
                if (n == node) {
                    continue;
                }
                if (n.replicate != null && n.replicate.equalsIgnoreCase(nodeId)) {
                    AdminNode master = nodeWithLeastReplicas();
                    a.logInfo(">>> " + n.addr() + " as replica of " + master.addr() + "\n");
                    if (!a.checkReply(n, a.command(n, "CLUSTER", "REPLICATE", master.name), null)) {
                        return false;
                    }
                }
                if (!a.checkReply(n, a.command(n, "CLUSTER", "FORGET", nodeId), null)) {
                    return false;
                }
            }
            a.logInfo(">>> Sending CLUSTER RESET SOFT to the deleted node.\n");
            return a.checkReply(node, a.command(node, "CLUSTER", "RESET", "SOFT"), null);
        } finally {
            a.closeAll();
        }
    }

    boolean setTimeout(String ip, int port, int timeout) {
        if (timeout < 100) {
            a.err.print("Setting a node timeout of less than 100 milliseconds is a bad idea.\n");
            return false;
        }
        try {
            if (!a.loadInfoFromNode(new AdminNode(ip, port, 0))) {
                return false;
            }
            int ok = 0;
            int errs = 0;
            a.logInfo(">>> Reconfiguring node timeout in every cluster node...\n");
            for (AdminNode n : a.nodes) {
                String[] e = new String[1];
                boolean done = a.checkReply(n, a.command(n, "CONFIG", "SET", "cluster-node-timeout",
                    Integer.toString(timeout)), e) && a.checkReply(n, a.command(n, "CONFIG", "REWRITE"), e);
                if (done) {
                    a.logWarn("*** New timeout set for " + n.addr() + "\n");
                    ok++;
                } else {
                    a.logErr("ERR setting node-timeout for " + n.addr() + ": " + (e[0] == null ? "" : e[0])
                        + "\n");
                    errs++;
                }
            }
            a.logInfo(">>> New node timeout set. " + ok + " OK, " + errs + " ERR.\n");
            return true;
        } finally {
            a.closeAll();
        }
    }

    boolean call(String ip, int port, List<String> command) {
        try {
            if (!a.loadInfoFromNode(new AdminNode(ip, port, 0))) {
                return false;
            }
            a.logInfo(">>> Calling");
            a.out.print(" " + String.join(" ", command) + "\n");
            for (AdminNode n : a.nodes) {
                if (a.opt.onlyMasters && n.replicate != null) {
                    continue;
                }
                if (a.opt.onlyReplicas && n.replicate == null) {
                    continue;
                }
                RespValue r = a.command(n, command.toArray(new String[0]));
                if (r == null) {
                    a.out.print(n.addr() + ": Failed!\n");
                } else {
                    a.out.print(n.addr() + ": " + formatRaw(r) + "\n");
                }
            }
            return true;
        } finally {
            a.closeAll();
        }
    }

    /** redis-cli's raw reply format (errors and strings as text, arrays one element per line). */
    static String formatRaw(RespValue r) {
        if (r instanceof RespValue.Error e) {
            return e.text() + "\n";
        }
        if (r instanceof RespValue.Null) {
            return "";
        }
        if (r instanceof RespValue.Bool b) {
            return b.value() ? "(true)" : "(false)";
        }
        if (r instanceof RespValue.Double d) {
            return d.text();
        }
        if (r instanceof RespValue.Array arr) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < arr.items().size(); i++) {
                if (i > 0) {
                    sb.append('\n');
                }
                sb.append(formatRaw(arr.items().get(i)));
            }
            return sb.toString();
        }
        if (r instanceof RespValue.MapValue m) {
            return formatRaw(new RespValue.Array('*', m.items()));
        }
        return ClusterAdmin.text(r);
    }
}
