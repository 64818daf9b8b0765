package io.hashslot.store.types;

import io.hashslot.store.TypedValue;
import io.hashslot.store.packed.Packed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A Redis sorted set: "listpack" encoding (member, score pairs kept sorted by score then member, in one
 * {@link Packed}) while it has at most zset-max-listpack-entries members no longer than zset-max-listpack-value;
 * else "skiplist" (a {@link SkipList} plus a {@link BytesMap} from member to skiplist node).
 *
 * <p>Order is Redis's: by score compared with {@code <} (so -0 and 0 tie), then by member bytes (unsigned, a
 * prefix first). Scores are never NaN. Like Redis's listpack, which stores an integral score as an integer, the
 * listpack encoding does not keep the sign of a zero score; the skiplist does.
 */
public final class ZSetValue implements TypedValue {
    /** A member with its score. */
    public record Element(byte[] member, double score) {
    }

    private Packed packed;
    SkipList list;
    private BytesMap dict;
    private final RandomGenerator random;

    private ZSetValue(Packed packed, RandomGenerator random) {
        this.packed = packed;
        this.random = random;
    }

    /** An empty sorted set with the listpack encoding. */
    public static ZSetValue listpack(RandomGenerator random) {
        return new ZSetValue(new Packed(32), random);
    }

    /** An empty sorted set with the skiplist encoding, its member index sized for {@code expected} members. */
    public static ZSetValue skiplist(RandomGenerator random, int expected) {
        ZSetValue z = new ZSetValue(null, random);
        z.list = new SkipList(random);
        z.dict = new BytesMap(Math.max(4, expected));
        return z;
    }

    /** An empty sorted set in the encoding Redis would choose for these size hints. */
    public static ZSetValue create(long sizeHint, long valueLenHint, long maxEntries, long maxValue,
                                   RandomGenerator random) {
        if (maxEntries == 0 || sizeHint > maxEntries || valueLenHint > maxValue) {
            return skiplist(random, 4);
        }
        return listpack(random);
    }

    /**
     * A sorted set holding {@code sorted} (ascending, distinct members), as a listpack when {@code packedEncoding}
     * (the caller applied zsetConvertToListpackIfNeeded's limits), else as a skiplist.
     */
    public static ZSetValue fromSorted(List<Element> sorted, boolean packedEncoding, RandomGenerator random) {
        if (packedEncoding) {
            ZSetValue z = listpack(random);
            for (Element e : sorted) {
                z.packed.append(e.member());
                z.packed.append(scoreBytes(e.score()));
            }
            return z;
        }
        ZSetValue z = skiplist(random, sorted.size());
        for (Element e : sorted) {
            z.dict.put(e.member(), z.list.insert(e.score(), e.member()));
        }
        return z;
    }

    /** Redis's order of elements: score with {@code <}, then member bytes. */
    public static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        return SkipList.compare(s1, m1, s2, m2);
    }

    @Override
    public String typeName() {
        return "zset";
    }

    @Override
    public String encoding() {
        return packed != null ? "listpack" : "skiplist";
    }

    public boolean isPacked() {
        return packed != null;
    }

    @Override
    public long size() {
        return packed != null ? packed.count() / 2 : list.length;
    }

    @Override
    public long memory() {
        if (packed != null) {
            return 16 + packed.memory();
        }
        long[] m = {48 + dict.memory()};
        dict.forEach((k, v) -> m[0] += 64 + k.length);
        return m[0];
    }

    @Override
    public ZSetValue copy() {
        if (packed != null) {
            return new ZSetValue(packed.copy(), random);
        }
        ZSetValue z = skiplist(random, (int) list.length);
        for (SkipList.Node n = list.last(); n != null; n = n.backward) {
            z.dict.put(n.member, z.list.insert(n.score, n.member));
        }
        return z;
    }

    /** The listpack form of a score: a zero loses its sign, as Redis stores integral scores as integers. */
    private static byte[] scoreBytes(double d) {
        long v = Double.doubleToRawLongBits(d == 0 ? 0.0 : d);
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    /** The score stored in the entry at {@code pos} (a score entry). */
    private double scoreAt(int pos) {
        byte[] a = packed.array();
        int s = packed.dataStart(pos);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (a[s + i] & 0xff);
        }
        return Double.longBitsToDouble(v);
    }

    /** Converts to the skiplist encoding for good. */
    public void convertToSkiplist() {
        if (packed == null) {
            return;
        }
        list = new SkipList(random);
        dict = new BytesMap(packed.count() / 2);
        for (int p = packed.first(); p >= 0; p = packed.next(packed.next(p))) {
            byte[] m = packed.get(p);
            dict.put(m, list.insert(scoreAt(packed.next(p)), m));
        }
        packed = null;
    }

    /**
     * zsetConvertToListpackIfNeeded: back to a listpack when the set has at most {@code maxEntries} members, its
     * longest member (as the caller measured it) is at most {@code maxValue} bytes and the total fits.
     */
    public void convertToListpackIfNeeded(long maxEntries, long maxValue, long maxElementLength, long totalLength) {
        if (packed != null || list.length > maxEntries || maxElementLength > maxValue
            || totalLength > Integer.MAX_VALUE / 2) {
            return;
        }
        Packed p = new Packed(32);
        for (SkipList.Node n = list.first(); n != null; n = n.forward[0]) {
            p.append(n.member);
            p.append(scoreBytes(n.score));
        }
        packed = p;
        list = null;
        dict = null;
    }

    /** The member's score, or null when absent. */
    public Double score(byte[] member) {
        if (packed != null) {
            int p = packed.find(member, 2);
            return p < 0 ? null : scoreAt(packed.next(p));
        }
        BytesMap.Node n = dict.node(member);
        return n == null ? null : ((SkipList.Node) n.value()).score;
    }

    public boolean contains(byte[] member) {
        return packed != null ? packed.find(member, 2) >= 0 : dict.node(member) != null;
    }

    /**
     * Adds or re-scores a member (zsetAdd without options); returns true when it was new. A score equal to the
     * current one (with {@code ==}) changes nothing. Converts to a skiplist before adding a member that would
     * exceed the listpack limits, as Redis does.
     */
    public boolean put(byte[] member, double score, long maxEntries, long maxValue) {
        if (packed != null) {
            int p = packed.find(member, 2);
            if (p >= 0) {
                if (scoreAt(packed.next(p)) != score) {
                    packed.delete(p);
                    packed.delete(p);
                    insertPacked(member, score);
                }
                return false;
            }
            if (packed.count() / 2 + 1 > maxEntries || member.length > maxValue
                || (long) packed.bytes() + member.length > Integer.MAX_VALUE / 2) {
                convertToSkiplist();
            } else {
                insertPacked(member, score);
                return true;
            }
        }
        BytesMap.Node n = dict.node(member);
        if (n != null) {
            SkipList.Node node = (SkipList.Node) n.value();
            if (node.score != score) {
                n.setValue(list.updateScore(node, score));
            }
            return false;
        }
        dict.put(member, list.insert(score, member));
        return true;
    }

    private void insertPacked(byte[] member, double score) {
        int p = packed.first();
        while (p >= 0) {
            int sp = packed.next(p);
            double s = scoreAt(sp);
            if (s > score || (s == score && packed.compareAt(p, member) > 0)) {
                break;
            }
            p = packed.next(sp);
        }
        int at = p < 0 ? packed.bytes() : p;
        packed.insert(at, scoreBytes(score));
        packed.insert(at, member);
    }

    public boolean remove(byte[] member) {
        if (packed != null) {
            int p = packed.find(member, 2);
            if (p < 0) {
                return false;
            }
            packed.delete(p);
            packed.delete(p);
            return true;
        }
        BytesMap.Node n = dict.remove(member);
        if (n == null) {
            return false;
        }
        SkipList.Node node = (SkipList.Node) n.value();
        list.delete(node.score, node.member);
        return true;
    }

    /** 0-based rank, or -1 when the member is absent. */
    public long rank(byte[] member, boolean reverse) {
        long r;
        if (packed != null) {
            r = -1;
            long i = 0;
            for (int p = packed.first(); p >= 0; p = packed.next(packed.next(p)), i++) {
                if (packed.equalsAt(p, member)) {
                    r = i;
                    break;
                }
            }
            if (r < 0) {
                return -1;
            }
        } else {
            BytesMap.Node n = dict.node(member);
            if (n == null) {
                return -1;
            }
            r = list.rank(((SkipList.Node) n.value()).score, member) - 1;
        }
        return reverse ? size() - 1 - r : r;
    }

    /** A position in the sorted order that can move towards higher or lower ranks. */
    public final class Cursor {
        private int pos = -1;
        private SkipList.Node node;

        private Cursor(int pos) {
            this.pos = pos;
        }

        private Cursor(SkipList.Node node) {
            this.node = node;
        }

        public boolean valid() {
            return packed != null ? pos >= 0 : node != null;
        }

        public byte[] member() {
            return packed != null ? packed.get(pos) : node.member;
        }

        public double score() {
            return packed != null ? scoreAt(packed.next(pos)) : node.score;
        }

        /** Moves one element towards higher ranks, or lower ranks when {@code reverse}. */
        public void step(boolean reverse) {
            if (packed != null) {
                if (reverse) {
                    int sp = packed.prev(pos);
                    pos = sp < 0 ? -1 : packed.prev(sp);
                } else {
                    pos = packed.next(packed.next(pos));
                }
            } else {
                node = reverse ? node.backward : node.forward[0];
            }
        }
    }

    private Cursor none() {
        return packed != null ? new Cursor(-1) : new Cursor((SkipList.Node) null);
    }

    /** The element at 0-based {@code rank} counted from the lowest (or the highest when {@code reverse}). */
    public Cursor atRank(long rank, boolean reverse) {
        long n = size();
        if (rank < 0 || rank >= n) {
            return none();
        }
        if (packed != null) {
            long idx = reverse ? n - 1 - rank : rank;
            return new Cursor(packed.seek((int) (2 * idx)));
        }
        if (reverse) {
            return new Cursor(rank == 0 ? list.last() : list.byRank(n - rank));
        }
        return new Cursor(rank == 0 ? list.first() : list.byRank(rank + 1));
    }

    /** zzlIsInRange / zslIsInRange for the listpack. */
    private boolean packedInRange(ScoreRange r) {
        if (r.isEmpty() || packed.count() == 0) {
            return false;
        }
        return r.aboveMin(scoreAt(packed.last())) && r.belowMax(scoreAt(packed.next(packed.first())));
    }

    /** First element with a score in range (zzlFirstInRange / zslFirstInRange). */
    public Cursor firstInRange(ScoreRange r) {
        if (packed == null) {
            return new Cursor(list.firstInRange(r));
        }
        if (!packedInRange(r)) {
            return none();
        }
        for (int p = packed.first(); p >= 0; p = packed.next(packed.next(p))) {
            double s = scoreAt(packed.next(p));
            if (r.aboveMin(s)) {
                return new Cursor(r.belowMax(s) ? p : -1);
            }
        }
        return none();
    }

    /** Last element with a score in range. */
    public Cursor lastInRange(ScoreRange r) {
        if (packed == null) {
            return new Cursor(list.lastInRange(r));
        }
        if (!packedInRange(r)) {
            return none();
        }
        for (int sp = packed.last(); sp >= 0; ) {
            int p = packed.prev(sp);
            double s = scoreAt(sp);
            if (r.belowMax(s)) {
                return new Cursor(r.aboveMin(s) ? p : -1);
            }
            sp = packed.prev(p);
        }
        return none();
    }

    /** zzlIsInLexRange. */
    private boolean packedInLex(LexRange r) {
        if (r.isEmpty() || packed.count() == 0) {
            return false;
        }
        return r.aboveMin(packed.get(packed.prev(packed.last()))) && r.belowMax(packed.get(packed.first()));
    }

    /**
     * First element whose member is in the lex range, found as Redis does: the first in order at or above the
     * minimum, if it is also below the maximum (meaningful when all scores are equal).
     */
    public Cursor firstInLex(LexRange r) {
        if (packed == null) {
            return new Cursor(list.firstInLex(r));
        }
        if (!packedInLex(r)) {
            return none();
        }
        for (int p = packed.first(); p >= 0; p = packed.next(packed.next(p))) {
            byte[] m = packed.get(p);
            if (r.aboveMin(m)) {
                return new Cursor(r.belowMax(m) ? p : -1);
            }
        }
        return none();
    }

    /** Last element whose member is in the lex range, found as Redis does. */
    public Cursor lastInLex(LexRange r) {
        if (packed == null) {
            return new Cursor(list.lastInLex(r));
        }
        if (!packedInLex(r)) {
            return none();
        }
        for (int sp = packed.last(); sp >= 0; ) {
            int p = packed.prev(sp);
            byte[] m = packed.get(p);
            if (r.belowMax(m)) {
                return new Cursor(r.aboveMin(m) ? p : -1);
            }
            sp = packed.prev(p);
        }
        return none();
    }

    /** Removes the elements with 0-based ranks in [start, end] (already within bounds); returns how many. */
    public long deleteRangeByRank(long start, long end) {
        if (packed != null) {
            int n = (int) (end - start + 1);
            packed.deleteRange((int) (2 * start), 2 * n);
            return n;
        }
        return list.deleteRangeByRank(start + 1, end + 1, dict::remove);
    }

    /** Removes the elements from the first in range while their score is at most the maximum. */
    public long deleteRangeByScore(ScoreRange r) {
        if (packed == null) {
            return list.deleteRangeByScore(r, dict::remove);
        }
        Cursor c = firstInRange(r);
        long n = 0;
        int p = c.pos;
        while (p >= 0 && r.belowMax(scoreAt(packed.next(p)))) {
            packed.delete(p);
            p = packed.delete(p);
            n++;
        }
        return n;
    }

    /** Removes the elements from the first in the lex range while their member is at most the maximum. */
    public long deleteRangeByLex(LexRange r) {
        if (packed == null) {
            return list.deleteRangeByLex(r, dict::remove);
        }
        Cursor c = firstInLex(r);
        long n = 0;
        int p = c.pos;
        while (p >= 0 && r.belowMax(packed.get(p))) {
            packed.delete(p);
            p = packed.delete(p);
            n++;
        }
        return n;
    }

    /** Removes and returns the element with the lowest score ({@code max} false) or the highest; null if empty. */
    public Element pop(boolean max) {
        if (size() == 0) {
            return null;
        }
        Cursor c = atRank(0, max);
        Element e = new Element(c.member(), c.score());
        if (packed != null) {
            packed.delete(c.pos);
            packed.delete(c.pos);
        } else {
            dict.remove(e.member());
            list.delete(e.score(), e.member());
        }
        return e;
    }

    /** Elements with rank in [start, end] (normalized, in range), ascending or descending. */
    public List<Element> rangeByRank(long start, long end, boolean reverse) {
        return ZSetRanges.byRank(this, start, end, reverse);
    }

    /**
     * Elements with scores in range, skipping {@code offset} (a negative offset skips everything, as in Redis), at
     * most {@code limit} (negative: all).
     */
    public List<Element> rangeByScore(ScoreRange r, boolean reverse, long offset, long limit) {
        return ZSetRanges.byScore(this, r, reverse, offset, limit);
    }

    /** Elements with members in the lex range, with {@code offset} and {@code limit} as {@link #rangeByScore}. */
    public List<Element> rangeByLex(LexRange r, boolean reverse, long offset, long limit) {
        return ZSetRanges.byLex(this, r, reverse, offset, limit);
    }

    /** ZCOUNT. */
    public long countByScore(ScoreRange r) {
        return ZSetRanges.countByScore(this, r);
    }

    /** ZLEXCOUNT. */
    public long countByLex(LexRange r) {
        return ZSetRanges.countByLex(this, r);
    }

    /** Visits every element in ascending order. */
    public void forEach(BiConsumer<byte[], Double> visitor) {
        if (packed != null) {
            for (int p = packed.first(); p >= 0; ) {
                int sp = packed.next(p);
                visitor.accept(packed.get(p), scoreAt(sp));
                p = packed.next(sp);
            }
            return;
        }
        for (SkipList.Node x = list.first(); x != null; x = x.forward[0]) {
            visitor.accept(x.member, x.score);
        }
    }

    /** All elements in ascending order. */
    public List<Element> elements() {
        List<Element> out = new ArrayList<>((int) Math.min(size(), 1 << 20));
        forEach((m, s) -> out.add(new Element(m, s)));
        return out;
    }

    /** One ZSCAN step: a listpack is returned whole with cursor 0; a skiplist visits one bucket of its index. */
    public long scan(long cursor, BiConsumer<byte[], Double> visitor) {
        if (packed != null) {
            forEach(visitor);
            return 0;
        }
        return dict.scan(cursor, (k, v) -> visitor.accept(k, ((SkipList.Node) v).score));
    }

    /** A random element (the set must not be empty). */
    public Element random() {
        if (packed != null) {
            int i = random.nextInt(packed.count() / 2);
            int p = packed.seek(2 * i);
            return new Element(packed.get(p), scoreAt(packed.next(p)));
        }
        BytesMap.Node n = dict.random(random);
        SkipList.Node x = (SkipList.Node) n.value();
        return new Element(x.member, x.score);
    }

    /**
     * {@code count} distinct random elements (count below the size), in ascending order for a listpack (as
     * lpRandomPairsUnique) and in picking order for a skiplist.
     */
    public List<Element> randomDistinct(int count) {
        List<Element> out = new ArrayList<>(count);
        if (packed != null) {
            int n = packed.count() / 2;
            int needed = count;
            int i = 0;
            for (int p = packed.first(); p >= 0 && needed > 0; p = packed.next(packed.next(p)), i++) {
                if (random.nextInt(n - i) < needed) {
                    out.add(new Element(packed.get(p), scoreAt(packed.next(p))));
                    needed--;
                }
            }
            return out;
        }
        BytesMap seen = new BytesMap(count);
        while (out.size() < count) {
            Element e = random();
            if (seen.put(e.member(), Boolean.TRUE) == null) {
                out.add(e);
            }
        }
        return out;
    }
}
