package io.hashslot.commands.set;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.Errors;
import io.hashslot.common.Glob;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * SSCAN / HSCAN (and ZSCAN) over one collection, as Redis's scanGenericCommand: options COUNT and MATCH after
 * the cursor; a compact encoding (intset, listpack) is returned whole with cursor 0; a hashtable is walked bucket
 * by bucket until COUNT elements were gathered or ten times COUNT buckets were visited. For hashes and sorted
 * sets elements come in pairs and MATCH applies to the first of each pair.
 */
public final class CollectionScan {
    /** One collection as the scan sees it. */
    public interface Source {
        /** True when the encoding is compact: everything is returned in one call with cursor 0. */
        boolean compact();

        /** Visits every element (compact encodings). */
        void all(Consumer<byte[]> sink);

        /** Visits one bucket; returns the next cursor (0 when done). */
        long step(long cursor, Consumer<byte[]> sink);
    }

    private CollectionScan() {
    }

    /**
     * parseScanCursorOrReply: C's strtoul in base 10 (optional sign, a minus negating modulo 2^64, an empty string
     * is 0, the string ends at a NUL byte), refusing a leading space, trailing characters and overflow with
     * "invalid cursor".
     */
    public static long parseCursor(Client c, byte[] arg) {
        int end = 0;
        while (end < arg.length && arg[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        byte first = arg[0];
        if (first == ' ' || (first >= '\t' && first <= '\r')) {
            throw Args.fail(c, "ERR invalid cursor");
        }
        int i = 0;
        boolean negative = false;
        if (first == '+' || first == '-') {
            negative = first == '-';
            i++;
        }
        if (i == end) {
            throw Args.fail(c, "ERR invalid cursor");
        }
        long v = 0;
        long limit = Long.divideUnsigned(-1L, 10);
        for (; i < end; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9 || Long.compareUnsigned(v, limit) > 0) {
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

    /** Parses the options starting at argv[3], walks {@code source} from {@code cursor} and replies. */
    public static void run(Client c, byte[][] argv, long cursor, boolean pairs, Source source) {
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < argv.length; i += 2) {
            boolean hasValue = i + 1 < argv.length;
            if (Args.is(argv[i], "count") && hasValue) {
                try {
                    count = Numbers.parseLong(argv[i + 1]);
                } catch (NotANumberException e) {
                    throw Args.fail(c, Errors.NOT_INTEGER);
                }
                if (count < 1) {
                    throw Args.fail(c, Errors.SYNTAX);
                }
            } else if (Args.is(argv[i], "match") && hasValue) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        List<byte[]> found = new ArrayList<>();
        if (source.compact()) {
            source.all(found::add);
            cursor = 0;
        } else {
            if (pairs) {
                count = count > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : count * 2;
            }
            long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
            do {
                cursor = source.step(cursor, found::add);
            } while (cursor != 0 && maxIterations-- != 0 && found.size() < count);
        }
        if (pattern != null) {
            found = filter(found, pattern, pairs);
        }
        Reply r = c.reply();
        r.array(2);
        r.bulk(Numbers.toBytes(cursor));
        r.array(found.size());
        for (byte[] b : found) {
            r.bulk(b);
        }
    }

    private static List<byte[]> filter(List<byte[]> found, byte[] pattern, boolean pairs) {
        List<byte[]> kept = new ArrayList<>(found.size());
        int stride = pairs ? 2 : 1;
        for (int i = 0; i < found.size(); i += stride) {
            if (Glob.matches(pattern, found.get(i), false)) {
                kept.add(found.get(i));
                if (pairs) {
                    kept.add(found.get(i + 1));
                }
            }
        }
        return kept;
    }
}
