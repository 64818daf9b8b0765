package io.hashslot.commands.string;

import io.hashslot.commands.KeyLookup;
import static io.hashslot.commands.string.StringAccess.option;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence by the classic
 * dynamic programming table, walked back from the end the way Redis walks it so that the same subsequence and
 * the same match ranges come out.
 */
final class Lcs {
    void register(CommandTable t) {
        t.register("lcs", this::lcs);
    }

    private void lcs(Client c, byte[][] argv) {
        Entry ea = KeyLookup.readEntry(c, argv[1]);
        Entry eb = KeyLookup.readEntry(c, argv[2]);
        if ((ea != null && !Values.isString(ea.value())) || (eb != null && !Values.isString(eb.value()))) {
            throw Args.fail(c, "ERR The specified keys must contain string values");
        }
        byte[] a = ea == null ? new byte[0] : Values.stringBytes(ea.value());
        byte[] b = eb == null ? new byte[0] : Values.stringBytes(eb.value());
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            byte[] opt = argv[j];
            boolean moreArgs = j < argv.length - 1;
            if (option(opt, "IDX")) {
                getIdx = true;
            } else if (option(opt, "LEN")) {
                getLen = true;
            } else if (option(opt, "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (option(opt, "MINMATCHLEN") && moreArgs) {
                minMatchLen = Math.max(0, Args.longArg(c, argv[++j]));
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        if (getLen && getIdx) {
            throw Args.fail(c, "ERR If you want both the length and indexes, please just use IDX.");
        }
        int alen = a.length;
        int blen = b.length;
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * 4 > StringAccess.maxBulkLength(c)) {
            throw Args.fail(c, "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        int[] table;
        try {
            if (cells > StringAccess.MAX_ARRAY) {
                throw new OutOfMemoryError();
            }
            table = fill(a, b);
        } catch (OutOfMemoryError oom) {
            throw Args.fail(c, "ERR Insufficient memory, failed allocating transient memory for LCS");
        }
        reply(c, a, b, table, getLen, getIdx, withMatchLen, minMatchLen);
    }

    /** The table: cell (i, j) at j + i * (blen + 1) holds the LCS length of a[0..i) and b[0..j). */
    static int[] fill(byte[] a, byte[] b) {
        int w = b.length + 1;
        int[] t = new int[(a.length + 1) * w];
        for (int i = 1; i <= a.length; i++) {
            int row = i * w;
            int prev = row - w;
            byte ai = a[i - 1];
            for (int j = 1; j <= b.length; j++) {
                if (ai == b[j - 1]) {
                    t[row + j] = t[prev + j - 1] + 1;
                } else {
                    int up = t[prev + j];
                    int left = t[row + j - 1];
                    t[row + j] = up > left ? up : left;
                }
            }
        }
        return t;
    }

    private static void reply(Client c, byte[] a, byte[] b, int[] t, boolean getLen, boolean getIdx,
                              boolean withMatchLen, long minMatchLen) {
        int alen = a.length;
        int w = b.length + 1;
        int total = t[alen * w + b.length];
        boolean computeLcs = getIdx || !getLen;
        byte[] result = computeLcs ? new byte[total] : null;
        Object arrayLen = null;
        if (getIdx) {
            c.reply().map(2);
            c.reply().bulk("matches");
            arrayLen = c.reply().deferArray();
        }
        int idx = total;
        int ranges = 0;
        // aStart == alen means "no range being tracked"
        int aStart = alen;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = alen;
        int j = b.length;
        while (computeLcs && i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                int up = t[(i - 1) * w + j];
                int left = t[i * w + j - 1];
                if (up > left) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != alen) {
                    emit = true;
                }
            }
            long matchLen = aEnd - aStart + 1;
            if (emit) {
                if ((minMatchLen == 0 || matchLen >= minMatchLen) && arrayLen != null) {
                    c.reply().array(withMatchLen ? 3 : 2);
                    c.reply().array(2);
                    c.reply().integer(aStart);
                    c.reply().integer(aEnd);
                    c.reply().array(2);
                    c.reply().integer(bStart);
                    c.reply().integer(bEnd);
                    if (withMatchLen) {
                        c.reply().integer(matchLen);
                    }
                    ranges++;
                }
                aStart = alen;
            }
        }
        if (arrayLen != null) {
            c.reply().bulk("len");
            c.reply().integer(total);
            c.reply().fixDeferred(arrayLen, ranges);
        } else if (getLen) {
            c.reply().integer(total);
        } else {
            c.reply().bulk(result);
        }
    }
}
