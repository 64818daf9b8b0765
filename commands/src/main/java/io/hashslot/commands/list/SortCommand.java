package io.hashslot.commands.list;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.types.ListValue;
import io.hashslot.store.types.SetValue;
import io.hashslot.store.types.ZSetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO on lists, sets and sorted sets: numeric (strtod) or ALPHA order, BY patterns (a constant BY
 * skips sorting), LIMIT, GET patterns and STORE into a list. Comparisons follow Redis: equal scores fall back to
 * binary comparison of the elements; ALPHA compares as strcmp (the C.UTF-8 collation) unless storing, which
 * compares binary.
 */
final class SortCommand {
    /** Lists SORT ... STORE creates get the quicklist default fill, as createQuicklistObject. */
    private static final int STORE_FILL = -2;

    /** One element to sort with its weight. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] by;

        Item(byte[] element) {
            this.element = element;
        }
    }

    void register(CommandTable t) {
        t.register("sort", (c, argv) -> sort(c, argv, false));
        t.register("sort_ro", (c, argv) -> sort(c, argv, true));
        t.registerKeyFinder("sort", SortCommand::keys);
        t.registerKeyFinder("sort_ro", argv -> new int[] {1}); // sortROGetKeys: BY/GET keys are not knowable
    }

    /** sortGetKeys: the sorted key and the destination of the last STORE. */
    static int[] keys(byte[][] argv) {
        int store = -1;
        for (int i = 2; i < argv.length; i++) {
            if (Args.is(argv[i], "LIMIT")) {
                i += 2;
            } else if (Args.is(argv[i], "GET") || Args.is(argv[i], "BY")) {
                i += 1;
            } else if (Args.is(argv[i], "STORE") && i + 1 < argv.length) {
                store = i + 1;
            }
        }
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }

    private void sort(Client c, byte[][] argv, boolean readonly) {
        boolean desc = false;
        boolean alpha = false;
        boolean dontSort = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] sortBy = null;
        byte[] storeKey = null;
        List<byte[]> gets = new ArrayList<>();
        boolean cluster = c.server().config().getString("cluster-enabled").equals("yes");
        for (int j = 2; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (Args.is(a, "ASC")) {
                desc = false;
            } else if (Args.is(a, "DESC")) {
                desc = true;
            } else if (Args.is(a, "ALPHA")) {
                alpha = true;
            } else if (Args.is(a, "LIMIT") && left >= 2) {
                limitStart = Args.longArg(c, argv[j + 1]);
                limitCount = Args.longArg(c, argv[j + 2]);
                j += 2;
            } else if (!readonly && Args.is(a, "STORE") && left >= 1) {
                storeKey = argv[++j];
            } else if (Args.is(a, "BY") && left >= 1) {
                sortBy = argv[++j];
                if (!SortPatterns.hasStar(sortBy)) {
                    dontSort = true;
                } else if (cluster) {
                    throw Args.fail(c, "ERR BY option of SORT denied in Cluster mode.");
                }
            } else if (Args.is(a, "GET") && left >= 1) {
                if (cluster) {
                    throw Args.fail(c, "ERR GET option of SORT denied in Cluster mode.");
                }
                gets.add(argv[++j]);
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        Entry e = c.db().lookupRead(argv[1]);
        Object value = null;
        if (e == null) {
            c.server().stats().keyspaceMisses++;
        } else {
            c.server().stats().keyspaceHits++;
            value = e.value();
            if (!(value instanceof ListValue) && !(value instanceof SetValue) && !(value instanceof ZSetValue)) {
                throw Args.fail(c, Errors.WRONGTYPE);
            }
        }
        if (dontSort && value instanceof SetValue && storeKey != null) {
            // a set has no order of its own: storing it needs one that replicas reproduce
            dontSort = false;
            alpha = true;
            sortBy = null;
        }
        if (value instanceof ZSetValue z && z.isPacked()) {
            c.db().lookupWrite(argv[1]); // converting changes the value in place: let a snapshot save it first
            z.convertToSkiplist();
        }
        long len = value == null ? 0 : ((io.hashslot.store.TypedValue) value).size();
        long start = Math.min(Math.max(limitStart, 0), len);
        limitCount = Math.min(Math.max(limitCount, -1), len);
        long end = limitCount < 0 ? len - 1 : start + limitCount - 1;
        if (start >= len) {
            start = len - 1;
            end = len - 2;
        }
        if (end >= len) {
            end = len - 1;
        }
        List<Item> items = new ArrayList<>();
        if (value instanceof ListValue l && dontSort) {
            if (end >= start) {
                long from = desc ? len - 1 - end : start;
                long to = desc ? len - 1 - start : end;
                l.visitRange(from, to, desc, (buf, off, n) -> items.add(new Item(Arrays.copyOfRange(buf, off,
                    off + n))));
                end -= start;
                start = 0;
            }
        } else if (value instanceof ListValue l) {
            l.visitRange(0, len - 1, false, (buf, off, n) -> items.add(new Item(Arrays.copyOfRange(buf, off,
                off + n))));
        } else if (value instanceof SetValue s) {
            s.forEach(m -> items.add(new Item(m)));
        } else if (value instanceof ZSetValue z && dontSort) {
            long count = (start != 0 || end != len - 1) ? end - start + 1 : len;
            if (count > 0) {
                for (ZSetValue.Element x : z.rangeByRank(start, start + count - 1, desc)) {
                    items.add(new Item(x.member()));
                }
            }
            end -= start;
            start = 0;
        } else if (value instanceof ZSetValue z) {
            z.forEach((m, score) -> items.add(new Item(m)));
        }
        boolean conversionError = false;
        if (!dontSort) {
            for (Item it : items) {
                byte[] by;
                if (sortBy != null) {
                    by = SortPatterns.lookup(c, sortBy, it.element);
                    if (by == null) {
                        continue;
                    }
                } else {
                    by = it.element;
                }
                if (alpha) {
                    if (sortBy != null) {
                        it.by = by;
                    }
                } else {
                    try {
                        it.score = strtod(by);
                    } catch (NotANumberException x) {
                        conversionError = true;
                    }
                }
            }
            Comparator<Item> cmp = comparator(alpha, sortBy != null, storeKey != null, desc);
            if (sortBy != null && (start != 0 || end != len - 1)) {
                Item[] array = items.toArray(new Item[0]);
                PartialSort.sort(array, cmp, start, end);
                items.clear();
                items.addAll(Arrays.asList(array));
            } else {
                items.sort(cmp); // glibc's qsort is a merge sort: stable, like List.sort
            }
        }
        long rows = end - start + 1;
        long outputLen = gets.isEmpty() ? rows : gets.size() * rows;
        if (conversionError) {
            c.error("ERR One or more scores can't be converted into double");
        } else if (storeKey == null) {
            Reply r = c.reply();
            r.array((int) outputLen);
            for (long j = start; j <= end; j++) {
                byte[] element = items.get((int) j).element;
                if (gets.isEmpty()) {
                    r.bulk(element);
                }
                for (byte[] pattern : gets) {
                    byte[] v = SortPatterns.lookup(c, pattern, element);
                    if (v == null) {
                        r.nullBulk();
                    } else {
                        r.bulk(v);
                    }
                }
            }
        } else {
            ListValue out = new ListValue(STORE_FILL);
            for (long j = start; j <= end; j++) {
                byte[] element = items.get((int) j).element;
                if (gets.isEmpty()) {
                    out.pushTail(element);
                }
                for (byte[] pattern : gets) {
                    byte[] v = SortPatterns.lookup(c, pattern, element);
                    out.pushTail(v == null ? new byte[0] : v);
                }
            }
            store(c, storeKey, out, outputLen);
            c.reply().integer(outputLen);
        }
    }

    /** The STORE part: setKey with the result, or deletion of the destination when the result is empty. */
    private static void store(Client c, byte[] key, ListValue out, long outputLen) {
        Db db = c.db();
        int dbIndex = c.dbIndex();
        if (outputLen > 0) {
            boolean existed = db.lookupWrite(key) != null;
            db.set(key, out, false);
            if (!existed) {
                c.server().signalKeyAsReady(dbIndex, key); // dbAdd; overwriting another type does not (dbOverwrite)
            }
            c.server().watches().touch(dbIndex, key);
            c.server().notifyKeyspaceEvent(KeyspaceEventFlags.LIST, "sortstore", key, dbIndex);
            c.server().addDirty(outputLen);
        } else if (db.delete(key)) {
            c.server().keyModified(dbIndex, key);
            c.server().notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", key, dbIndex);
        }
    }

    /**
     * The score of a weight as SORT reads it with strtod: the text up to a NUL byte, leading spaces allowed, the
     * rest must be one number; NaN, overflow and underflow (including subnormal results) are errors. An empty
     * text is 0.
     */
    static double strtod(byte[] b) throws NotANumberException {
        int n = SortPatterns.cLength(b);
        if (n == 0) {
            return 0;
        }
        int i = 0;
        while (i < n && isSpace(b[i])) {
            i++;
        }
        if (i == n) {
            throw new NotANumberException();
        }
        double d = Numbers.parseDouble(b, i, n - i);
        if (d != 0 && Math.abs(d) < Double.MIN_NORMAL) {
            throw new NotANumberException();
        }
        return d;
    }

    private static boolean isSpace(byte x) {
        return x == ' ' || x == '\t' || x == '\n' || x == 0x0b || x == '\f' || x == '\r';
    }

    /** sortCompare. */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> cmp;
        if (!alpha) {
            cmp = (a, b) -> {
                if (a.score > b.score) {
                    return 1;
                } else if (a.score < b.score) {
                    return -1;
                }
                return binary(a.element, b.element);
            };
        } else if (byPattern) {
            cmp = (a, b) -> {
                if (a.by == null || b.by == null) {
                    return a.by == b.by ? 0 : a.by == null ? -1 : 1;
                }
                return store ? binary(a.by, b.by) : collate(a.by, b.by);
            };
        } else {
            cmp = (a, b) -> store ? binary(a.element, b.element) : collate(a.element, b.element);
        }
        return desc ? cmp.reversed() : cmp;
    }

    /** compareStringObjects: memcmp of the common part, then the shorter first. */
    private static int binary(byte[] a, byte[] b) {
        return Integer.signum(Arrays.compareUnsigned(a, b));
    }

    /** strcoll in the C.UTF-8 locale, which is strcmp: unsigned bytes up to the first NUL. */
    private static int collate(byte[] a, byte[] b) {
        return Integer.signum(Arrays.compareUnsigned(a, 0, SortPatterns.cLength(a), b, 0, SortPatterns.cLength(b)));
    }
}
