package io.hashslot.tools.cluster;

import io.hashslot.protocol.RespValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster administration operations of {@code redis-cli --cluster} 7.0 (create, check, info, fix, reshard,
 * rebalance, add-node, del-node, set-timeout, call, import, backup) as a Java API talking RESP to the nodes. Output
 * goes to {@code out} in redis-cli's format; interactive answers are read from {@code in}. One instance holds the
 * cluster view loaded by the last command; each public command reloads it.
 */
public final class ClusterAdmin {
    final AdminOptions opt;
    final PrintStream out;
    final PrintStream err;
    private final BufferedReader in;
    List<AdminNode> nodes = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    int unreachableMasters;
    /** The running reshard/rebalance's progress (null when none): slot moves add the keys they migrate. */
    AdminProgress progress;
    private volatile boolean stopRequested;

    public ClusterAdmin(AdminOptions opt, InputStream in, PrintStream out, PrintStream err) {
        this.opt = opt;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.err = err;
    }

    public AdminOptions options() {
        return opt;
    }

    // ---- public commands (each returns whether it succeeded, like redis-cli's exit code 0/1) ----

    public boolean create(List<String> addresses) {
        return new AdminCreate(this).create(addresses);
    }

    public boolean check(String host, int port) {
        if (!loadInfoFromNode(new AdminNode(host, port, 0))) {
            return false;
        }
        showClusterInfo();
        return checkCluster(false);
    }

    public boolean info(String host, int port) {
        if (!loadInfoFromNode(new AdminNode(host, port, 0))) {
            return false;
        }
        showClusterInfo();
        return true;
    }

    public boolean fix(String host, int port) {
        opt.fix = true;
        return check(host, port);
    }

    public boolean reshard(String host, int port) {
        try {
            return new AdminReshard(this).reshard(host, port);
        } finally {
            progress = null;
        }
    }

    public boolean rebalance(String host, int port) {
        try {
            return new AdminReshard(this).rebalance(host, port);
        } finally {
            progress = null;
        }
    }

    public boolean addNode(String newHost, int newPort, String refHost, int refPort) {
        return new AdminNodes(this).addNode(newHost, newPort, refHost, refPort);
    }

    public boolean delNode(String host, int port, String nodeId) {
        return new AdminNodes(this).delNode(host, port, nodeId);
    }

    public boolean setTimeout(String host, int port, int millis) {
        return new AdminNodes(this).setTimeout(host, port, millis);
    }

    public boolean call(String host, int port, List<String> command) {
        return new AdminNodes(this).call(host, port, command);
    }

    public boolean importFrom(String host, int port) {
        return new AdminImport(this).importData(host, port);
    }

    public boolean backup(String host, int port, String dir) {
        return new AdminImport(this).backup(host, port, dir);
    }

    /**
     * Asks a running reshard or rebalance to stop cleanly (Ctrl-C): the slot being moved is finished and closed,
     * no further slot is started, so running the same command again resumes the work.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** True (once) when a stop was requested; prints how far the operation got. */
    boolean stopHere(int moved, int planned) {
        if (!stopRequested) {
            return false;
        }
        out.print("\n");
        logWarn("*** Stopped on request after moving " + moved + " of " + planned + " slots. No slot is left "
            + "open; run the command again to continue.\n");
        return true;
    }

    /** The nodes loaded by the last command (for tests and embedding code). */
    public List<String> nodeIds() {
        List<String> ids = new ArrayList<>();
        for (AdminNode n : nodes) {
            ids.add(n.name);
        }
        return ids;
    }

    // ---- logging ----

    /** Whether log lines are colored like redis-cli does when TERM contains "xterm". */
    boolean colors;

    private void log(String color, String s) {
        if (colors) {
            out.print("\033[" + color + s + "\033[0m");
        } else {
            out.print(s);
        }
        out.flush();
    }

    void logInfo(String s) {
        log("29;1m", s);
    }

    void logWarn(String s) {
        log("33;1m", s);
    }

    void logErr(String s) {
        log("31;1m", s);
    }

    void logOk(String s) {
        log("32;1m", s);
    }

    void printReplyError(AdminNode n, String e) {
        logErr("Node " + n.addr() + " replied with error:\n" + e + "\n");
    }

    void onError(String e) {
        errors.add(e);
        logErr(e + "\n");
    }

    /** "Msg (type 'yes' to accept): " unless --cluster-yes applies. */
    boolean confirmWithYes(String msg, boolean ignoreForce) {
        if (!ignoreForce && opt.yes) {
            return true;
        }
        out.print(msg + " (type 'yes' to accept): ");
        out.flush();
        String line = readLine();
        return line != null && line.startsWith("yes");
    }

    String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    // ---- node I/O ----

    boolean connect(AdminNode n) {
        if (n.conn != null) {
            n.conn.close();
        }
        try {
            n.conn = AdminConnection.open(n.ip, n.port);
        } catch (IOException e) {
            err.print("Could not connect to Redis at " + n.addr() + ": " + e.getMessage() + "\n");
            err.flush();
            n.conn = null;
            return false;
        }
        if (opt.auth != null) {
            RespValue r = opt.user == null ? command(n, "AUTH", opt.auth) : command(n, "AUTH", opt.user, opt.auth);
            return checkReply(n, r, null);
        }
        return true;
    }

    /** Sends a command; null when the node cannot be reached. */
    RespValue command(AdminNode n, String... words) {
        if (n.conn == null && !connect(n)) {
            return null;
        }
        try {
            return n.conn.call(words);
        } catch (IOException e) {
            n.conn.close();
            n.conn = null;
            return null;
        }
    }

    RespValue command(AdminNode n, List<byte[]> args) {
        if (n.conn == null && !connect(n)) {
            return null;
        }
        try {
            return n.conn.call(args);
        } catch (IOException e) {
            n.conn.close();
            n.conn = null;
            return null;
        }
    }

    /** Pipelines the commands to one node; null when the node cannot be reached. */
    List<RespValue> commands(AdminNode n, List<List<byte[]>> commands) {
        if (n.conn == null && !connect(n)) {
            return null;
        }
        try {
            return n.conn.callAll(commands);
        } catch (IOException e) {
            n.conn.close();
            n.conn = null;
            return null;
        }
    }

    /**
     * Sends the same command to each node before reading any reply (the nodes work at the same time); the replies
     * in the nodes' order, null where a node could not be reached.
     */
    List<RespValue> commandOnEach(List<AdminNode> targets, List<byte[]> args) {
        boolean[] sent = new boolean[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            AdminNode n = targets.get(i);
            if (n.conn == null && !connect(n)) {
                continue;
            }
            try {
                n.conn.sendRaw(args);
                sent[i] = true;
            } catch (IOException e) {
                n.conn.close();
                n.conn = null;
            }
        }
        List<RespValue> replies = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            AdminNode n = targets.get(i);
            RespValue r = null;
            if (sent[i]) {
                try {
                    r = n.conn.reader().read();
                } catch (IOException e) {
                    n.conn.close();
                    n.conn = null;
                }
            }
            replies.add(r);
        }
        return replies;
    }

    /** False for a missing or error reply; the error text goes to errOut[0] if given, else it is printed. */
    boolean checkReply(AdminNode n, RespValue r, String[] errOut) {
        if (r == null) {
            return false;
        }
        if (r instanceof RespValue.Error e) {
            if (errOut != null) {
                errOut[0] = e.text();
            } else {
                printReplyError(n, e.text());
            }
            return false;
        }
        return true;
    }

    static String text(RespValue r) {
        if (r instanceof RespValue.Bulk b) {
            return b.text();
        }
        if (r instanceof RespValue.Simple s) {
            return s.text();
        }
        if (r instanceof RespValue.Error e) {
            return e.text();
        }
        if (r instanceof RespValue.Int i) {
            return Long.toString(i.value());
        }
        return "";
    }

    void closeAll() {
        for (AdminNode n : nodes) {
            if (n.conn != null) {
                n.conn.close();
                n.conn = null;
            }
        }
    }

    // ---- loading the cluster view ----

    boolean isCluster(AdminNode n, String[] errOut) {
        RespValue r = command(n, "INFO", "cluster");
        if (!checkReply(n, r, errOut)) {
            return false;
        }
        return infoField(text(r), "cluster_enabled") == 1;
    }

    static long infoField(String info, String field) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                try {
                    return Long.parseLong(line.substring(field.length() + 1).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    boolean isEmpty(AdminNode n, String[] errOut) {
        RespValue r = command(n, "INFO");
        if (!checkReply(n, r, errOut)) {
            return false;
        }
        if (text(r).contains("db0:")) {
            return false;
        }
        r = command(n, "CLUSTER", "INFO");
        if (!checkReply(n, r, errOut)) {
            return false;
        }
        return infoField(text(r), "cluster_known_nodes") == 1;
    }

    void printNotEmpty(AdminNode n, String e) {
        logErr("[ERR] Node " + n.addr() + " " + (e != null ? e : "is not empty. Either the node already knows "
            + "other nodes (check with CLUSTER NODES) or contains some key in database 0.") + "\n");
    }

    void printNotCluster(AdminNode n, String e) {
        logErr("[ERR] Node " + n.addr() + " " + (e != null ? e : "is not configured as a cluster node.") + "\n");
    }

    /** Parses "ip:port@cport[,hostname]"; null if invalid. Returns {ip, port, busPort}. */
    static Object[] parseAddress(String addr) {
        String a = addr;
        int bus = 0;
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            String b = a.substring(at + 1);
            int comma = b.indexOf(',');
            if (comma >= 0) {
                b = b.substring(0, comma);
            }
            bus = atoi(b);
            a = a.substring(0, at);
        }
        int colon = a.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String ip = a.substring(0, colon);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        return new Object[] {ip, atoi(a.substring(colon + 1)), bus};
    }

    /** C atoi: leading digits, 0 if none. */
    static int atoi(String s) {
        String t = s.trim();
        int i = 0;
        boolean neg = false;
        if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
            neg = t.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (t.charAt(i++) - '0');
        }
        return (int) (neg ? -v : v);
    }

    /** Loads the node's own line of CLUSTER NODES; with friends=true the other lines become new nodes. */
    boolean loadNodeInfo(AdminNode node, boolean getFriends, List<AdminNode> friends, String[] errOut) {
        RespValue r = command(node, "CLUSTER", "NODES");
        if (!checkReply(node, r, errOut)) {
            return false;
        }
        for (String line : text(r).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            if (f.length < 8) {
                return false;
            }
            Object[] a = parseAddress(f[1]);
            if (a == null) {
                err.print("Error: invalid CLUSTER NODES reply\n");
                return false;
            }
            boolean myself = f[2].contains("myself");
            AdminNode cur;
            if (myself) {
                node.busPort = (Integer) a[2];
                node.myself = true;
                cur = node;
                node.resetSlots();
                node.migrating.clear();
                node.importing.clear();
                for (int i = 8; i < f.length; i++) {
                    parseSlotDef(node, f[i]);
                }
                node.dirty = false;
            } else if (!getFriends) {
                continue;
            } else {
                cur = new AdminNode((String) a[0], (Integer) a[1], (Integer) a[2]);
                friends.add(cur);
            }
            cur.name = f[0];
            cur.flags = new ArrayList<>(List.of(f[2].split(",")));
            for (String flag : cur.flags) {
                switch (flag) {
                    case "noaddr" -> cur.noaddr = true;
                    case "disconnected" -> cur.disconnected = true;
                    case "fail" -> cur.fail = true;
                    case "slave" -> {
                        cur.slave = true;
                        cur.replicate = f[3];
                    }
                    default -> { }
                }
            }
            cur.currentEpoch = Long.parseLong(f[6]);
        }
        return true;
    }

    private static void parseSlotDef(AdminNode node, String def) {
        if (def.isEmpty()) {
            return;
        }
        if (def.charAt(0) == '[') {
            String d = def.substring(1);
            int close = d.indexOf(']');
            if (close >= 0) {
                d = d.substring(0, close);
            }
            int p = d.indexOf("->-");
            if (p >= 0) {
                node.migrating.put(d.substring(0, p), d.substring(p + 3));
                return;
            }
            p = d.indexOf("-<-");
            if (p >= 0) {
                node.importing.put(d.substring(0, p), d.substring(p + 3));
            }
            return;
        }
        int dash = def.indexOf('-');
        if (dash >= 0) {
            int start = atoi(def.substring(0, dash));
            int stop = atoi(def.substring(dash + 1));
            for (int s = start; s <= stop; s++) {
                node.setSlot(s, true);
            }
        } else {
            node.setSlot(atoi(def), true);
        }
    }

    /** Loads the whole cluster as seen from {@code node} (clusterManagerLoadInfoFromNode). */
    boolean loadInfoFromNode(AdminNode node) {
        closeAll();
        nodes = new ArrayList<>();
        unreachableMasters = 0;
        if (node.conn == null && !connect(node)) {
            return false;
        }
        String[] e = new String[1];
        if (!isCluster(node, e)) {
            printNotCluster(node, e[0]);
            node.conn.close();
            return false;
        }
        List<AdminNode> friends = new ArrayList<>();
        e[0] = null;
        if (!loadNodeInfo(node, true, friends, e)) {
            if (e[0] != null) {
                printReplyError(node, e[0]);
            }
            return false;
        }
        nodes.add(node);
        for (AdminNode fr : friends) {
            boolean ok = !fr.ip.isEmpty() && fr.port != 0 && !fr.noaddr && !fr.disconnected && !fr.fail;
            ok = ok && connect(fr);
            if (ok) {
                String[] fe = new String[1];
                if (loadNodeInfo(fr, false, null, fe)) {
                    if (!(fr.noaddr || fr.disconnected || fr.fail)) {
                        nodes.add(fr);
                        continue;
                    }
                } else {
                    logErr("[ERR] Unable to load info for node " + fr.addr() + "\n");
                }
            }
            if (!fr.slave) {
                unreachableMasters++;
            }
            if (fr.conn != null) {
                fr.conn.close();
            }
        }
        for (AdminNode n : nodes) {
            if (n.replicate != null) {
                AdminNode m = nodeByName(n.replicate);
                if (m == null) {
                    logWarn("*** WARNING: " + n.addr() + " claims to be slave of unknown node ID "
                        + n.replicate + ".\n");
                } else {
                    m.replicasCount++;
                }
            }
        }
        return true;
    }

    AdminNode nodeByName(String name) {
        for (AdminNode n : nodes) {
            if (n.name != null && n.name.equalsIgnoreCase(name)) {
                return n;
            }
        }
        return null;
    }

    AdminNode nodeByAbbreviatedName(String prefix) {
        AdminNode found = null;
        for (AdminNode n : nodes) {
            if (n.name != null && n.name.toLowerCase().startsWith(prefix.toLowerCase())) {
                if (found != null) {
                    return null;
                }
                found = n;
            }
        }
        return found;
    }

    void showNodes() {
        for (AdminNode n : nodes) {
            out.print(n.info(0) + "\n");
        }
    }

    void showClusterInfo() {
        int masters = 0;
        long keys = 0;
        for (AdminNode node : nodes) {
            if (node.slave || node.name == null) {
                continue;
            }
            int replicas = 0;
            for (AdminNode n : nodes) {
                if (n != node && n.slave && node.name.equals(n.replicate)) {
                    replicas++;
                }
            }
            RespValue r = command(node, "DBSIZE");
            if (!(r instanceof RespValue.Int dbsize)) {
                printReplyError(node, r instanceof RespValue.Error e ? e.text() : "");
                return;
            }
            out.print(node.addr() + " (" + node.name.substring(0, 8) + "...) -> " + dbsize.value() + " keys | "
                + node.slotsCount + " slots | " + replicas + " slaves.\n");
            masters++;
            keys += dbsize.value();
        }
        logOk("[OK] " + keys + " keys in " + masters + " masters.\n");
        out.print(String.format(java.util.Locale.ROOT, "%.2f keys per slot on average.\n", keys / (float) AdminNode.SLOTS));
    }

    boolean checkCluster(boolean quiet) {
        return new AdminCheck(this).checkCluster(quiet);
    }
}
