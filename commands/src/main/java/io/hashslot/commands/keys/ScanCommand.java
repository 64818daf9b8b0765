package io.hashslot.commands.keys;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Glob;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The cursor is {@link Db#scan}'s: hash slot in the low
 * 14 bits, the slot table's reverse-binary bucket cursor above, shown as an unsigned decimal. Every key present
 * for a whole iteration is returned at least once, across table growth and shrinking between calls.
 */
final class ScanCommand {
    private static final long DEFAULT_COUNT = 10;

    private final ServerContext server;

    ScanCommand(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("scan", this::scan);
    }

    /**
     * parseScanCursorOrReply: C's strtoul in base 10 (optional sign, a minus negating modulo 2^64; an empty
     * string is 0; parsing stops at a NUL byte), refusing leading whitespace, trailing garbage and overflow.
     */
    static long parseCursor(Client c, byte[] arg) {
        int end = 0;
        while (end < arg.length && arg[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int i = 0;
        byte first = arg[0];
        if (first == ' ' || (first >= '\t' && first <= '\r')) {
            throw Args.fail(c, "ERR invalid cursor");
        }
        boolean negative = false;
        if (first == '+' || first == '-') {
            negative = first == '-';
            i++;
        }
        if (i == end) {
            throw Args.fail(c, "ERR invalid cursor");
        }
        long v = 0;
        for (; i < end; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9) {
                throw Args.fail(c, "ERR invalid cursor");
            }
            // v * 10 + d must stay within 64 unsigned bits
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                throw Args.fail(c, "ERR invalid cursor");
            }
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) {
                throw Args.fail(c, "ERR invalid cursor");
            }
            v = next;
        }
        return negative ? -v : v;
    }

    private void scan(Client c, byte[][] argv) {
        long cursor = parseCursor(c, argv[1]);
        long count = DEFAULT_COUNT;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = 2; i < argv.length; i += 2) {
            int left = argv.length - i;
            if (Args.is(argv[i], "COUNT") && left >= 2) {
                count = Args.longArg(c, argv[i + 1]);
                if (count < 1) {
                    c.error(Errors.SYNTAX);
                    return;
                }
            } else if (Args.is(argv[i], "MATCH") && left >= 2) {
                pattern = argv[i + 1];
            } else if (Args.is(argv[i], "TYPE") && left >= 2) {
                type = argv[i + 1];
            } else {
                c.error(Errors.SYNTAX);
                return;
            }
        }
        boolean usePattern = pattern != null && !(pattern.length == 1 && pattern[0] == '*');
        Db db = c.db();
        List<byte[]> keys = new ArrayList<>();
        int wanted = (int) Math.min(count, Integer.MAX_VALUE);
        long next = db.scan(cursor, wanted, e -> keys.add(e.key()));
        List<byte[]> out = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            if (usePattern && !Glob.matches(pattern, key, false)) {
                continue;
            }
            if (type != null) {
                Entry e = KeyLookup.read(c, key, false);
                String name = e == null ? "none" : Values.typeName(e.value());
                if (!Args.is(cString(type), name)) {
                    continue;
                }
            }
            Entry e = db.find(key);
            if (e != null && Lookups.isExpired(e, server.keyspace().now())) {
                db.lookupRead(key, false); // expireIfNeeded: deleted on a master, left out either way
                continue;
            }
            out.add(key);
        }
        c.reply().array(2);
        c.reply().bulk(Long.toUnsignedString(next));
        c.reply().array(out.size());
        for (byte[] key : out) {
            c.reply().bulk(key);
        }
    }

    /** The argument up to its first NUL byte, as C string functions see it. */
    private static byte[] cString(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return java.util.Arrays.copyOf(b, i);
            }
        }
        return b;
    }
}
