package io.hashslot.store.types;

import java.util.ArrayList;
import java.util.List;

/**
 * Range reads of a {@link ZSetValue} (the public range and count methods delegate here): by rank, by score and by
 * lex range with Redis's offset and limit walk, and ZCOUNT/ZLEXCOUNT (ranks of the ends in a skiplist).
 */
final class ZSetRanges {
    private ZSetRanges() {
    }

    /** Elements with rank in [start, end] (normalized, in range), ascending or descending. */
    static List<ZSetValue.Element> byRank(ZSetValue z, long start, long end, boolean reverse) {
        List<ZSetValue.Element> out = new ArrayList<>((int) Math.min(Math.max(end - start + 1, 0), 1 << 16));
        ZSetValue.Cursor c = z.atRank(start, reverse);
        for (long i = start; i <= end && c.valid(); i++) {
            out.add(new ZSetValue.Element(c.member(), c.score()));
            c.step(reverse);
        }
        return out;
    }

    static List<ZSetValue.Element> byScore(ZSetValue z, ScoreRange r, boolean reverse, long offset, long limit) {
        List<ZSetValue.Element> out = new ArrayList<>();
        ZSetValue.Cursor c = reverse ? z.lastInRange(r) : z.firstInRange(r);
        if (offset < 0) {
            return out; // Redis walks past the end skipping a negative offset
        }
        while (c.valid() && offset-- > 0) {
            c.step(reverse);
        }
        while (c.valid() && limit-- != 0) {
            double s = c.score();
            if (reverse ? !r.aboveMin(s) : !r.belowMax(s)) {
                break;
            }
            out.add(new ZSetValue.Element(c.member(), s));
            c.step(reverse);
        }
        return out;
    }

    static List<ZSetValue.Element> byLex(ZSetValue z, LexRange r, boolean reverse, long offset, long limit) {
        List<ZSetValue.Element> out = new ArrayList<>();
        ZSetValue.Cursor c = reverse ? z.lastInLex(r) : z.firstInLex(r);
        if (offset < 0) {
            return out; // Redis walks past the end skipping a negative offset
        }
        while (c.valid() && offset-- > 0) {
            c.step(reverse);
        }
        while (c.valid() && limit-- != 0) {
            byte[] m = c.member();
            if (reverse ? !r.aboveMin(m) : !r.belowMax(m)) {
                break;
            }
            out.add(new ZSetValue.Element(m, c.score()));
            c.step(reverse);
        }
        return out;
    }

    static long countByScore(ZSetValue z, ScoreRange r) {
        if (z.isPacked()) {
            long n = 0;
            for (ZSetValue.Cursor c = z.firstInRange(r); c.valid() && r.belowMax(c.score()); c.step(false)) {
                n++;
            }
            return n;
        }
        SkipList.Node first = z.list.firstInRange(r);
        if (first == null) {
            return 0;
        }
        long count = z.list.length - (z.list.rank(first.score, first.member) - 1);
        SkipList.Node last = z.list.lastInRange(r);
        if (last != null) {
            count -= z.list.length - z.list.rank(last.score, last.member);
        }
        return count;
    }

    static long countByLex(ZSetValue z, LexRange r) {
        if (z.isPacked()) {
            long n = 0;
            for (ZSetValue.Cursor c = z.firstInLex(r); c.valid() && r.belowMax(c.member()); c.step(false)) {
                n++;
            }
            return n;
        }
        SkipList.Node first = z.list.firstInLex(r);
        if (first == null) {
            return 0;
        }
        long count = z.list.length - (z.list.rank(first.score, first.member) - 1);
        SkipList.Node last = z.list.lastInLex(r);
        if (last != null) {
            count -= z.list.length - z.list.rank(last.score, last.member);
        }
        return count;
    }
}
