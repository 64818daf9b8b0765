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
 */
public final class ZSetValue implements TypedValue {
    /** A member with its score. */
    public record Element(byte[] member, double score) {
    }

    private Packed packed;
    private SkipList list;
    private BytesMap dict;
    private final RandomGenerator random;

    private ZSetValue(Packed packed, RandomGenerator random) {
        this.packed = packed;
        this.random = random;
    }

    /** An empty sorted set in the encoding Redis's zsetTypeCreate would choose for these size hints. */
    public static ZSetValue create(long sizeHint, long valueLenHint, long maxEntries, long maxValue,
                                   RandomGenerator random) {
        ZSetValue z = new ZSetValue(new Packed(32), random);
        if (sizeHint > maxEntries || valueLenHint > maxValue) {
            z.convertToSkiplist();
        }
        return z;
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
        ZSetValue z = new ZSetValue(packed == null ? null : packed.copy(), random);
        if (packed == null) {
            z.list = new SkipList(random);
            z.dict = new BytesMap((int) list.length);
            for (SkipList.Node n = list.first(); n != null; n = n.forward[0]) {
                z.dict.put(n.member, z.list.insert(n.score, n.member));
            }
        }
        return z;
    }

    private static byte[] scoreBytes(double d) {
        long v = Double.doubleToRawLongBits(d);
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

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

    public Double score(byte[] member) {
        if (packed != null) {
            int p = packed.find(member, 2);
            return p < 0 ? null : scoreAt(packed.next(p));
        }
        BytesMap.Node n = dict.node(member);
        return n == null ? null : ((SkipList.Node) n.value()).score;
    }

    /** Adds or re-scores a member; returns true when it was new. Converts encodings as Redis does. */
    public boolean put(byte[] member, double score, long maxEntries, long maxValue) {
        if (packed != null) {
            int p = packed.find(member, 2);
            if (p >= 0) {
                if (scoreAt(packed.next(p)) == score) {
                    return false;
                }
                packed.delete(p);
                packed.delete(p);
                insertPacked(member, score);
                return false;
            }
            if (packed.count() / 2 + 1 > maxEntries || member.length > maxValue) {
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

    /** All elements in order (listpack fast path for small sets). */
    private List<Element> all() {
        List<Element> out = new ArrayList<>((int) size());
        forEach((m, s) -> out.add(new Element(m, s)));
        return out;
    }

    /** Elements with rank in [start, end] (normalized, in range), ascending or descending. */
    public List<Element> rangeByRank(long start, long end, boolean reverse) {
        List<Element> out = new ArrayList<>((int) Math.min(end - start + 1, 1 << 16));
        if (start > end) {
            return out;
        }
        if (packed != null) {
            List<Element> all = all();
            int n = all.size();
            for (long i = start; i <= end; i++) {
                out.add(all.get((int) (reverse ? n - 1 - i : i)));
            }
            return out;
        }
        SkipList.Node x = reverse ? list.byRank(list.length - start) : list.byRank(start + 1);
        for (long i = start; i <= end && x != null; i++) {
            out.add(new Element(x.member, x.score));
            x = reverse ? x.backward : x.forward[0];
        }
        return out;
    }

    /** Elements with scores in range, skipping {@code offset}, at most {@code limit} (-1: all). */
    public List<Element> rangeByScore(ScoreRange r, boolean reverse, long offset, long limit) {
        List<Element> out = new ArrayList<>();
        if (packed != null) {
            List<Element> all = all();
            if (reverse) {
                java.util.Collections.reverse(all);
            }
            for (Element e : all) {
                if (!r.contains(e.score())) {
                    continue;
                }
                if (offset > 0) {
                    offset--;
                    continue;
                }
                if (limit == 0) {
                    break;
                }
                out.add(e);
                limit--;
            }
            return out;
        }
        SkipList.Node x = reverse ? list.lastInRange(r) : list.firstInRange(r);
        while (x != null && offset > 0) {
            x = reverse ? x.backward : x.forward[0];
            offset--;
        }
        while (x != null && limit != 0 && (reverse ? r.aboveMin(x.score) : r.belowMax(x.score))) {
            out.add(new Element(x.member, x.score));
            limit--;
            x = reverse ? x.backward : x.forward[0];
        }
        return out;
    }

    /** Elements with members in the lex range (meaningful when all scores are equal). */
    public List<Element> rangeByLex(LexRange r, boolean reverse, long offset, long limit) {
        List<Element> out = new ArrayList<>();
        if (packed != null) {
            List<Element> all = all();
            if (reverse) {
                java.util.Collections.reverse(all);
            }
            for (Element e : all) {
                if (!r.contains(e.member())) {
                    continue;
                }
                if (offset > 0) {
                    offset--;
                    continue;
                }
                if (limit == 0) {
                    break;
                }
                out.add(e);
                limit--;
            }
            return out;
        }
        if (r.isEmpty()) {
            return out;
        }
        SkipList.Node x = reverse ? list.lastInLex(r) : list.firstInLex(r);
        while (x != null && offset > 0) {
            x = reverse ? x.backward : x.forward[0];
            offset--;
        }
        while (x != null && limit != 0 && (reverse ? r.aboveMin(x.member) : r.belowMax(x.member))) {
            out.add(new Element(x.member, x.score));
            limit--;
            x = reverse ? x.backward : x.forward[0];
        }
        return out;
    }

    public long countByScore(ScoreRange r) {
        if (packed != null) {
            long n = 0;
            for (Element e : all()) {
                if (r.contains(e.score())) {
                    n++;
                }
            }
            return n;
        }
        SkipList.Node first = list.firstInRange(r);
        if (first == null) {
            return 0;
        }
        SkipList.Node last = list.lastInRange(r);
        return list.rank(last.score, last.member) - list.rank(first.score, first.member) + 1;
    }

    public long countByLex(LexRange r) {
        if (packed != null) {
            long n = 0;
            for (Element e : all()) {
                if (r.contains(e.member())) {
                    n++;
                }
            }
            return n;
        }
        if (r.isEmpty()) {
            return 0;
        }
        SkipList.Node first = list.firstInLex(r);
        if (first == null) {
            return 0;
        }
        SkipList.Node last = list.lastInLex(r);
        return list.rank(last.score, last.member) - list.rank(first.score, first.member) + 1;
    }

    /** Removes the given elements (from one of the range methods); returns how many were removed. */
    public long removeAll(List<Element> elements) {
        long n = 0;
        for (Element e : elements) {
            if (remove(e.member())) {
                n++;
            }
        }
        return n;
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

    /** One ZSCAN step: a listpack is returned whole with cursor 0; a skiplist visits one dict bucket. */
    public long scan(long cursor, BiConsumer<byte[], Double> visitor) {
        if (packed != null) {
            forEach(visitor);
            return 0;
        }
        return dict.scan(cursor, (k, v) -> visitor.accept(k, ((SkipList.Node) v).score));
    }

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
}
