package io.hashslot.commands.hll;

import io.hashslot.commands.Client;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.hll.HllSelfTest;
import io.hashslot.common.hll.HyperLogLog;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;
import java.nio.charset.StandardCharsets;

/**
 * PFDEBUG (GETREG, DECODE, ENCODING, TODENSE) and PFSELFTEST. GETREG and TODENSE turn a sparse value dense and
 * count as writes (so the change propagates), as in Redis.
 */
final class HllDebugCommands {
    private final ServerContext server;

    HllDebugCommands(ServerContext server) {
        this.server = server;
    }

    void pfdebug(Client c, byte[][] argv) {
        String cmd = cString(argv[1]);
        Db db = c.db();
        Entry e = db.lookupWrite(argv[2]);
        if (e == null) {
            c.error("ERR The specified key does not exist");
            return;
        }
        HllValues.check(c, e);
        MutableString stored = HllValues.unshare(db, e);
        HyperLogLog h = HyperLogLog.wrap(stored.array(), stored.length());
        if (asciiEquals(cmd, "getreg")) {
            if (h.encoding() == HyperLogLog.SPARSE) {
                if (!h.toDense()) {
                    c.error(HllValues.CORRUPTED);
                    return;
                }
                HllValues.storeBack(db, e, stored, h);
                server.addDirty(1);
            }
            c.reply().array(HyperLogLog.REGISTERS);
            for (int j = 0; j < HyperLogLog.REGISTERS; j++) {
                c.reply().integer(h.register(j));
            }
        } else if (asciiEquals(cmd, "decode")) {
            if (h.encoding() != HyperLogLog.SPARSE) {
                c.error("ERR HLL encoding is not sparse");
                return;
            }
            c.reply().bulk(h.decode());
        } else if (asciiEquals(cmd, "encoding")) {
            c.reply().simple(h.encoding() == HyperLogLog.DENSE ? "dense" : "sparse");
        } else if (asciiEquals(cmd, "todense")) {
            boolean converted = false;
            if (h.encoding() == HyperLogLog.SPARSE) {
                if (!h.toDense()) {
                    c.error(HllValues.CORRUPTED);
                    return;
                }
                HllValues.storeBack(db, e, stored, h);
                converted = true;
                server.addDirty(1);
            }
            c.reply().integer(converted ? 1 : 0);
        } else {
            c.error("ERR Unknown PFDEBUG subcommand '" + cmd + "'");
        }
    }

    void pfselftest(Client c, byte[][] argv) {
        String failure = HllSelfTest.run(server.random(), HllValues.sparseMaxBytes(c));
        if (failure != null) {
            c.error("ERR " + failure);
        } else {
            c.reply().ok();
        }
    }

    /** The argument as C's string functions see it: up to the first NUL byte, one char per byte. */
    private static String cString(byte[] arg) {
        int n = 0;
        while (n < arg.length && arg[n] != 0) {
            n++;
        }
        return new String(arg, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static boolean asciiEquals(String s, String lower) {
        if (s.length() != lower.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                ch = (char) (ch + 32);
            }
            if (ch != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
