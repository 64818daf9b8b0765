package io.hashslot.tools.cli;

import io.hashslot.protocol.RespValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * --bigkeys and --memkeys: SCANs the keyspace, pipelines TYPE then the size command of each type (STRLEN, LLEN,
 * SCARD, HLEN, ZCARD, XLEN; or MEMORY USAGE), and prints redis-cli's progress lines and summary.
 */
final class BigKeysMode {
    /** Per type: its size command and unit, and what was found. */
    private static final class TypeInfo {
        final String name;
        final String sizeCmd;
        final String unit;
        long biggest;
        long count;
        long totalSize;
        String biggestKey;

        TypeInfo(String name, String sizeCmd, String unit) {
            this.name = name;
            this.sizeCmd = sizeCmd;
            this.unit = unit;
        }
    }

    private final Session session;
    private final CliIo io;
    private final boolean memkeys;
    private final Map<String, TypeInfo> types = new HashMap<>();
    /** Tracks the order in which redis-cli's own type table would list the types. */
    private final TypeTableOrder order = new TypeTableOrder();

    BigKeysMode(Session session, boolean memkeys) {
        this.session = session;
        this.io = session.io();
        this.memkeys = memkeys;
        add("string", "STRLEN", "bytes");
        add("list", "LLEN", "items");
        add("set", "SCARD", "members");
        add("hash", "HLEN", "fields");
        add("zset", "ZCARD", "members");
        add("stream", "XLEN", "entries");
    }

    private TypeInfo add(String name, String cmd, String unit) {
        TypeInfo t = new TypeInfo(name, cmd, unit);
        types.put(name, t);
        order.add(name);
        return t;
    }

    private List<TypeInfo> inTableOrder() {
        List<TypeInfo> out = new ArrayList<>();
        for (String name : order.order()) {
            out.add(types.get(name));
        }
        return out;
    }

    void run() {
        long totalKeys = dbsize();
        long sampled = 0;
        long totlen = 0;
        long scanLoops = 0;
        double pct = 0;
        io.print("\n# Scanning the entire keyspace to find biggest keys as well as\n"
            + "# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n"
            + "# per 100 SCAN commands (not usually needed).\n\n");
        KeyScan scan = new KeyScan(session);
        do {
            pct = 100 * (double) sampled / totalKeys;
            List<byte[]> keys = scan.next();
            scanLoops++;
            TypeInfo[] kinds = keyTypes(keys);
            long[] sizes = keySizes(keys, kinds);
            for (int i = 0; i < keys.size(); i++) {
                TypeInfo t = kinds[i];
                if (t == null) {
                    continue;
                }
                t.totalSize += sizes[i];
                t.count++;
                totlen += keys.get(i).length;
                sampled++;
                if (t.biggest < sizes[i]) {
                    t.biggestKey = ReplyFormatter.repr(keys.get(i));
                    io.print(String.format(Locale.ROOT, "[%05.2f%%] Biggest %-6s found so far '%s' with %d %s\n",
                        pct, t.name, t.biggestKey, sizes[i], unit(t)));
                    t.biggest = sizes[i];
                }
                if (sampled % 1_000_000 == 0) {
                    io.print(String.format(Locale.ROOT, "[%05.2f%%] Sampled %d keys so far\n", pct, sampled));
                }
            }
            io.flush();
            if (session.options().intervalUs > 0 && scanLoops % 100 == 0) {
                Session.sleepMicros(session.options().intervalUs);
            }
        } while (!scan.finished());
        io.print("\n-------- summary -------\n\n");
        io.print("Sampled " + sampled + " keys in the keyspace!\n");
        io.print(String.format(Locale.ROOT, "Total key length in bytes is %d (avg len %.2f)\n\n", totlen,
            totlen != 0 ? (double) totlen / sampled : 0.0));
        for (TypeInfo t : inTableOrder()) {
            if (t.biggestKey != null) {
                io.print(String.format(Locale.ROOT, "Biggest %6s found '%s' has %d %s\n", t.name, t.biggestKey,
                    t.biggest, unit(t)));
            }
        }
        io.print("\n");
        for (TypeInfo t : inTableOrder()) {
            io.print(String.format(Locale.ROOT, "%d %ss with %d %s (%05.2f%% of keys, avg size %.2f)\n", t.count,
                t.name, t.totalSize, unit(t), sampled != 0 ? 100 * (double) t.count / sampled : 0.0,
                t.count != 0 ? (double) t.totalSize / t.count : 0.0));
        }
        io.flush();
        throw new CliExit(0);
    }

    private String unit(TypeInfo t) {
        return memkeys ? "bytes" : t.unit;
    }

    private long dbsize() {
        RespValue r = call(List.of(KeyScan.bytes("DBSIZE")));
        if (r instanceof RespValue.Error e) {
            io.eprint("Couldn't determine DBSIZE: " + e.text() + "\n");
            throw new CliExit(1);
        }
        if (!(r instanceof RespValue.Int n)) {
            io.eprint("Non INTEGER response from DBSIZE!\n");
            throw new CliExit(1);
        }
        return n.value();
    }

    private RespValue call(List<byte[]> cmd) {
        try {
            return session.connection().call(cmd);
        } catch (IOException e) {
            io.eprint("\nI/O error\n");
            throw new CliExit(1);
        }
    }

    private TypeInfo[] keyTypes(List<byte[]> keys) {
        Connection conn = session.connection();
        TypeInfo[] out = new TypeInfo[keys.size()];
        try {
            for (byte[] k : keys) {
                conn.append(List.of(KeyScan.bytes("TYPE"), k));
            }
            conn.flush();
            for (int i = 0; i < keys.size(); i++) {
                RespValue r = conn.read();
                if (!(r instanceof RespValue.Simple s)) {
                    if (r instanceof RespValue.Error e) {
                        io.eprint("TYPE returned an error: " + e.text() + "\n");
                    } else {
                        io.eprint("Invalid reply type for TYPE on key '" + ReplyFormatter.cString(keys.get(i))
                            + "'!\n");
                    }
                    throw new CliExit(1);
                }
                String type = s.text();
                order.find();
                TypeInfo t = types.get(type);
                if (t == null && !type.equals("none")) {
                    t = add(type, null, "?");
                }
                out[i] = t;
            }
        } catch (IOException e) {
            io.eprint("Error getting type for key: " + Connection.describe(e) + "\n");
            throw new CliExit(1);
        }
        return out;
    }

    private long[] keySizes(List<byte[]> keys, TypeInfo[] kinds) {
        Connection conn = session.connection();
        long[] sizes = new long[keys.size()];
        long samples = session.options().memkeysSamples;
        try {
            for (int i = 0; i < keys.size(); i++) {
                if (skipped(kinds[i])) {
                    continue;
                }
                List<byte[]> cmd = new ArrayList<>();
                if (!memkeys) {
                    cmd.add(KeyScan.bytes(kinds[i].sizeCmd));
                    cmd.add(keys.get(i));
                } else {
                    cmd.add(KeyScan.bytes("MEMORY"));
                    cmd.add(KeyScan.bytes("USAGE"));
                    cmd.add(keys.get(i));
                    if (samples != 0) {
                        cmd.add(KeyScan.bytes("SAMPLES"));
                        cmd.add(KeyScan.bytes(String.valueOf(samples)));
                    }
                }
                conn.append(cmd);
            }
            conn.flush();
            for (int i = 0; i < keys.size(); i++) {
                if (skipped(kinds[i])) {
                    continue;
                }
                RespValue r = conn.read();
                if (r instanceof RespValue.Int n) {
                    sizes[i] = n.value();
                } else {
                    io.eprint("Warning:  " + (memkeys ? "MEMORY USAGE" : kinds[i].sizeCmd) + " on '"
                        + ReplyFormatter.cString(keys.get(i)) + "' failed (may have changed type)\n");
                }
            }
        } catch (IOException e) {
            io.eprint("Error getting size for key: " + Connection.describe(e) + "\n");
            throw new CliExit(1);
        }
        return sizes;
    }

    private boolean skipped(TypeInfo t) {
        return t == null || (t.sizeCmd == null && !memkeys);
    }
}
