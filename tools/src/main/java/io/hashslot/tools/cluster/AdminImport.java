package io.hashslot.tools.cluster;

import io.hashslot.common.HashSlot;
import io.hashslot.protocol.RespValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code --cluster import} (SCAN a standalone instance and MIGRATE each key to the master owning its slot) and
 * {@code --cluster backup} (nodes.json plus one RDB per master fetched with SYNC).
 */
final class AdminImport {
    private final ClusterAdmin a;

    AdminImport(ClusterAdmin a) {
        this.a = a;
    }

    boolean importData(String ip, int port) {
        if (a.opt.from == null) {
            a.err.print("[ERR] Option '--cluster-from' is required for subcommand 'import'.\n");
            return false;
        }
        Object[] src = ClusterAdmin.parseAddress(a.opt.from);
        if (src == null || ((String) src[0]).isEmpty() || (Integer) src[1] == 0) {
            a.err.print("[ERR] Invalid --cluster-from host. You need to pass a valid address (ie. 120.0.0.1:7000).\n");
            return false;
        }
        String srcIp = (String) src[0];
        int srcPort = (Integer) src[1];
        a.logInfo(">>> Importing data from " + srcIp + ":" + srcPort + " to cluster " + ip + ":" + port + "\n");
        AdminConnection source = null;
        try {
            if (!a.loadInfoFromNode(new AdminNode(ip, port, 0)) || !a.checkCluster(false)) {
                return false;
            }
            try {
                source = AdminConnection.open(srcIp, srcPort);
            } catch (IOException e) {
                a.err.print("Could not connect to Redis at " + srcIp + ":" + srcPort + ": " + e.getMessage() + ".\n");
                return false;
            }
            AdminNode srcNode = new AdminNode(srcIp, srcPort, 0);
            srcNode.conn = source;
            if (a.opt.fromPass != null) {
                RespValue r = a.opt.fromUser == null ? source.call("AUTH", a.opt.fromPass)
                    : source.call("AUTH", a.opt.fromUser, a.opt.fromPass);
                if (r instanceof RespValue.Error e) {
                    a.err.print("AUTH failed: " + e.text() + "\n");
                    return false;
                }
            }
            RespValue info = source.call("INFO");
            if (info instanceof RespValue.Error e) {
                return sourceError(srcIp, srcPort, e.text());
            }
            if (ClusterAdmin.infoField(ClusterAdmin.text(info), "cluster_enabled") != 0) {
                a.logErr("[ERR] The source node should not be a cluster node.\n");
                return false;
            }
            RespValue size = source.call("DBSIZE");
            if (size instanceof RespValue.Error e) {
                return sourceError(srcIp, srcPort, e.text());
            }
            a.logWarn("*** Importing " + ((RespValue.Int) size).value() + " keys from DB 0\n");
            AdminProgress progress = AdminProgress.ofKeys(a.out, ((RespValue.Int) size).value(), a.opt.progressMillis);
            AdminNode[] owners = new AdminNode[AdminNode.SLOTS];
            for (int i = 0; i < AdminNode.SLOTS; i++) {
                for (AdminNode n : a.nodes) {
                    if (!n.slave && n.slotsCount > 0 && n.slots.get(i)) {
                        owners[i] = n;
                        break;
                    }
                }
            }
            String cursor = "0";
            do {
                RespValue r = source.call("SCAN", cursor, "COUNT", "1000");
                if (r instanceof RespValue.Error e) {
                    return sourceError(srcIp, srcPort, e.text());
                }
                List<RespValue> parts = ((RespValue.Array) r).items();
                cursor = ClusterAdmin.text(parts.get(0));
                for (RespValue k : ((RespValue.Array) parts.get(1)).items()) {
                    byte[] key = ((RespValue.Bulk) k).bytes();
                    AdminNode target = owners[HashSlot.of(key)];
                    a.out.print("Migrating " + new String(key, StandardCharsets.UTF_8) + " to " + target.addr()
                        + ": ");
                    RespValue mr = source.call(migrateArgs(target, key));
                    if (mr instanceof RespValue.Error e) {
                        a.logErr("Source " + srcIp + ":" + srcPort + " replied with error:\n" + e.text() + "\n");
                        return false;
                    }
                    a.logOk("OK\n");
                    progress.keysMoved(1);
                    progress.reportIfDue();
                }
            } while (!cursor.equals("0"));
            progress.finish();
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            if (source != null) {
                source.close();
            }
            a.closeAll();
        }
    }

    private boolean sourceError(String ip, int port, String text) {
        a.logErr("Source " + ip + ":" + port + " replied with error:\n" + text + "\n");
        return false;
    }

    private List<byte[]> migrateArgs(AdminNode target, byte[] key) {
        List<byte[]> args = new ArrayList<>();
        args.add(AdminConnection.bytes("MIGRATE"));
        args.add(AdminConnection.bytes(target.ip));
        args.add(AdminConnection.bytes(Integer.toString(target.port)));
        args.add(key);
        args.add(AdminConnection.bytes("0"));
        args.add(AdminConnection.bytes(Integer.toString(a.opt.timeout)));
        if (a.opt.auth != null) {
            if (a.opt.user != null) {
                args.add(AdminConnection.bytes("AUTH2"));
                args.add(AdminConnection.bytes(a.opt.user));
            } else {
                args.add(AdminConnection.bytes("AUTH"));
            }
            args.add(AdminConnection.bytes(a.opt.auth));
        }
        if (a.opt.copy) {
            args.add(AdminConnection.bytes("COPY"));
        }
        if (a.opt.replace) {
            args.add(AdminConnection.bytes("REPLACE"));
        }
        return args;
    }

    boolean backup(String ip, int port, String dir) {
        try {
            if (!a.loadInfoFromNode(new AdminNode(ip, port, 0))) {
                return false;
            }
            boolean noIssues = a.checkCluster(false);
            int errorCount = noIssues ? 0 : a.errors.size();
            StringBuilder json = new StringBuilder("[\n");
            boolean firstNode = true;
            String base = dir.endsWith("/") ? dir : dir + "/";
            for (AdminNode n : a.nodes) {
                if (!firstNode) {
                    json.append(",\n");
                }
                firstNode = false;
                json.append(nodeJson(n, errorCount));
                if (n.replicate != null) {
                    continue;
                }
                a.logInfo(">>> Node " + n.addr() + " -> Saving RDB...\n");
                a.out.flush();
                if (!fetchRdb(n, base + "redis-node-" + n.ip + "-" + n.port + "-" + n.name + ".rdb")) {
                    throw new AdminExit(1);
                }
            }
            json.append("\n]");
            String jsonPath = base + "nodes.json";
            a.logInfo("Saving cluster configuration to: " + jsonPath + "\n");
            try {
                Files.writeString(Path.of(jsonPath), json.toString());
            } catch (IOException e) {
                a.logErr("Could not save nodes to: " + jsonPath + "\n");
                a.logOk("[ERR] Failed to back cluster!\n");
                return false;
            }
            if (!noIssues) {
                a.logWarn("*** Cluster seems to have some problems, please be aware of it if you're going to "
                    + "restore this backup.\n");
            }
            a.logOk("[OK] Backup created into: " + dir + "\n");
            return true;
        } finally {
            a.closeAll();
        }
    }

    private static String nodeJson(AdminNode n, int errorCount) {
        StringBuilder sb = new StringBuilder();
        sb.append("  {\n    \"name\": \"").append(n.name).append("\",\n    \"host\": \"").append(n.ip)
            .append("\",\n    \"port\": ").append(n.port).append(",\n    \"replicate\": ")
            .append(n.replicate == null ? "null" : "\"" + n.replicate + "\"").append(",\n    \"slots\": [")
            .append(AdminNode.slotsString(n.slots).replace('-', ',')).append("],\n    \"slots_count\": ")
            .append(n.slotsCount).append(",\n    \"flags\": \"").append(n.flagString())
            .append("\",\n    \"current_epoch\": ").append(n.currentEpoch);
        if (errorCount > 0) {
            sb.append(",\n    \"cluster_errors\": ").append(errorCount);
        }
        appendOpen(sb, "migrating", n.migrating);
        appendOpen(sb, "importing", n.importing);
        sb.append("\n  }");
        return sb.toString();
    }

    private static void appendOpen(StringBuilder sb, String field, Map<String, String> open) {
        if (open.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : open.entrySet()) {
            parts.add("\"" + e.getKey() + "\": \"" + e.getValue() + "\"");
        }
        sb.append(",\n    \"").append(field).append("\": {").append(String.join(",", parts)).append('}');
    }

    /** SYNC on the node's connection and stores the RDB payload (length-prefixed or EOF-marked). */
    private boolean fetchRdb(AdminNode n, String file) {
        if (n.conn == null && !a.connect(n)) {
            return false;
        }
        try {
            OutputStream raw = n.conn.rawOutput();
            raw.write("SYNC\r\n".getBytes(StandardCharsets.US_ASCII));
            raw.flush();
            InputStream in = n.conn.input();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    a.err.print("Error reading bulk length while SYNCing\n");
                    return false;
                }
                if (c == '\n' && line.size() > 0) {
                    break;
                }
                if (c != '\n') {
                    line.write(c);
                }
            }
            String header = line.toString(StandardCharsets.ISO_8859_1).trim();
            if (header.startsWith("-")) {
                a.err.print("SYNC with master failed: " + header + "\n");
                return false;
            }
            try (OutputStream fileOut = Files.newOutputStream(Path.of(file))) {
                if (header.startsWith("$EOF:")) {
                    byte[] mark = header.substring(5, 45).getBytes(StandardCharsets.ISO_8859_1);
                    a.err.print("SYNC sent to master, writing bytes of bulk transfer until EOF marker to '" + file
                        + "'\n");
                    long total = copyUntilMark(in, fileOut, mark);
                    a.err.print("Transfer finished with success after " + total + " bytes\n");
                } else {
                    long len = Long.parseLong(header.substring(1));
                    a.err.print("SYNC sent to master, writing " + len + " bytes to '" + file + "'\n");
                    byte[] buf = new byte[4096];
                    while (len > 0) {
                        int r = in.read(buf, 0, (int) Math.min(buf.length, len));
                        if (r <= 0) {
                            a.err.print("I/O Error reading RDB payload from socket\n");
                            return false;
                        }
                        fileOut.write(buf, 0, r);
                        len -= r;
                    }
                    a.err.print("Transfer finished with success.\n");
                }
            }
            return true;
        } catch (IOException e) {
            a.err.print("I/O Error reading RDB payload from socket\n");
            return false;
        } finally {
            n.conn.close();
            n.conn = null;
        }
    }

    /** Copies until the 40-byte EOF mark, holding back the last 40 bytes so the mark is never written. */
    private static long copyUntilMark(InputStream in, OutputStream out, byte[] mark) throws IOException {
        byte[] pending = new byte[0];
        byte[] buf = new byte[64 * 1024];
        long written = 0;
        while (true) {
            int r = in.read(buf);
            if (r <= 0) {
                throw new IOException("EOF before the end mark");
            }
            byte[] data = new byte[pending.length + r];
            System.arraycopy(pending, 0, data, 0, pending.length);
            System.arraycopy(buf, 0, data, pending.length, r);
            int size = data.length;
            if (size >= mark.length && Arrays.equals(data, size - mark.length, size, mark, 0, mark.length)) {
                out.write(data, 0, size - mark.length);
                return written + size - mark.length;
            }
            int keep = Math.min(mark.length, size);
            out.write(data, 0, size - keep);
            written += size - keep;
            pending = Arrays.copyOfRange(data, size - keep, size);
        }
    }
}
