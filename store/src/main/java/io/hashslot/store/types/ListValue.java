package io.hashslot.store.types;

import io.hashslot.store.TypedValue;
import io.hashslot.store.packed.Packed;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis list as a quicklist: a sequence of {@link Packed} nodes, each holding up to {@code fill} entries
 * (positive list-max-listpack-size) or up to a byte budget (negative: -1 = 4 KB ... -5 = 64 KB). Push and pop at
 * both ends are amortized O(1); index access walks node counts then one node.
 */
public final class ListValue implements TypedValue {
    private final ArrayList<Packed> nodes = new ArrayList<>();
    private long size;
    private int fill;

    public ListValue(int fill) {
        this.fill = fill;
    }

    @Override
    public String typeName() {
        return "list";
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public long size() {
        return size;
    }

    public int fill() {
        return fill;
    }

    public void setFill(int fill) {
        this.fill = fill;
    }

    @Override
    public long memory() {
        long m = 48 + 16 + 4L * nodes.size();
        for (Packed p : nodes) {
            m += p.memory();
        }
        return m;
    }

    @Override
    public ListValue copy() {
        ListValue c = new ListValue(fill);
        for (Packed p : nodes) {
            c.nodes.add(p.copy());
        }
        c.size = size;
        return c;
    }

    /** Bytes a node may hold for a negative fill (Redis's optimization_level). */
    private static int byteLimit(int fill) {
        return switch (fill) {
            case -1 -> 4096;
            case -2 -> 8192;
            case -3 -> 16384;
            case -4 -> 32768;
            default -> 65536;
        };
    }

    /** Whether a node may take one more entry of {@code len} bytes (Redis's _quicklistNodeAllowInsert). */
    private boolean allows(Packed node, int len) {
        if (node.count() == 0) {
            return true;
        }
        int newBytes = node.bytes() + len + 11;
        if (fill >= 0) {
            return node.count() < Math.max(1, fill) && newBytes <= 8192;
        }
        return newBytes <= byteLimit(fill);
    }

    public void pushHead(byte[] v) {
        if (nodes.isEmpty() || !allows(nodes.get(0), v.length)) {
            nodes.add(0, new Packed(Math.min(64, v.length + 8)));
        }
        nodes.get(0).prepend(v);
        size++;
    }

    public void pushTail(byte[] v) {
        if (nodes.isEmpty() || !allows(nodes.get(nodes.size() - 1), v.length)) {
            nodes.add(new Packed(Math.min(64, v.length + 8)));
        }
        nodes.get(nodes.size() - 1).append(v);
        size++;
    }

    public byte[] popHead() {
        if (size == 0) {
            return null;
        }
        Packed n = nodes.get(0);
        int p = n.first();
        byte[] v = n.get(p);
        n.delete(p);
        if (n.count() == 0) {
            nodes.remove(0);
        }
        size--;
        return v;
    }

    public byte[] popTail() {
        if (size == 0) {
            return null;
        }
        int last = nodes.size() - 1;
        Packed n = nodes.get(last);
        int p = n.last();
        byte[] v = n.get(p);
        n.delete(p);
        if (n.count() == 0) {
            nodes.remove(last);
        }
        size--;
        return v;
    }

    /** A position in the list: node index and entry offset within the node. */
    public static final class Cursor {
        int node;
        int pos;
    }

    /** Cursor at {@code index} (0-based, must be in range). */
    private Cursor locate(long index) {
        Cursor c = new Cursor();
        if (index < size / 2) {
            long i = index;
            for (int n = 0; n < nodes.size(); n++) {
                int cnt = nodes.get(n).count();
                if (i < cnt) {
                    c.node = n;
                    c.pos = nodes.get(n).seek((int) i);
                    return c;
                }
                i -= cnt;
            }
        } else {
            long i = size - 1 - index;
            for (int n = nodes.size() - 1; n >= 0; n--) {
                int cnt = nodes.get(n).count();
                if (i < cnt) {
                    c.node = n;
                    c.pos = nodes.get(n).seek(cnt - 1 - (int) i);
                    return c;
                }
                i -= cnt;
            }
        }
        throw new IndexOutOfBoundsException(Long.toString(index));
    }

    public byte[] get(long index) {
        if (index < 0 || index >= size) {
            return null;
        }
        Cursor c = locate(index);
        return nodes.get(c.node).get(c.pos);
    }

    public void set(long index, byte[] v) {
        Cursor c = locate(index);
        Packed n = nodes.get(c.node);
        n.replace(c.pos, v);
        if (fill < 0 && n.bytes() > byteLimit(fill) && n.count() > 1) {
            splitNode(c.node);
        }
    }

    private void splitNode(int index) {
        Packed n = nodes.get(index);
        Packed tail = n.splitAfter(n.count() / 2);
        nodes.add(index + 1, tail);
    }

    /** Calls {@code visitor} for entries [start, end] in order (indexes already normalized and in range). */
    public void range(long start, long end, java.util.function.Consumer<byte[]> visitor) {
        if (start > end || size == 0) {
            return;
        }
        Cursor c = locate(start);
        long remaining = end - start + 1;
        int ni = c.node;
        int pos = c.pos;
        while (remaining > 0) {
            Packed n = nodes.get(ni);
            while (pos >= 0 && remaining > 0) {
                visitor.accept(n.get(pos));
                remaining--;
                pos = n.next(pos);
            }
            ni++;
            if (ni < nodes.size()) {
                pos = nodes.get(ni).first();
            }
        }
    }

    /** Every element from head to tail. */
    public List<byte[]> toList() {
        List<byte[]> l = new ArrayList<>((int) Math.min(size, 1 << 20));
        range(0, size - 1, l::add);
        return l;
    }

    /** Iteration helper for LREM/LPOS/LINSERT: visits (index, value) until the visitor returns false. */
    public interface IndexedVisitor {
        boolean visit(long index, byte[] value);
    }

    public void forEach(boolean fromTail, IndexedVisitor visitor) {
        if (!fromTail) {
            long i = 0;
            for (Packed n : nodes) {
                for (int p = n.first(); p >= 0; p = n.next(p)) {
                    if (!visitor.visit(i++, n.get(p))) {
                        return;
                    }
                }
            }
        } else {
            long i = size - 1;
            for (int ni = nodes.size() - 1; ni >= 0; ni--) {
                Packed n = nodes.get(ni);
                for (int p = n.last(); p >= 0; p = n.prev(p)) {
                    if (!visitor.visit(i--, n.get(p))) {
                        return;
                    }
                }
            }
        }
    }

    /** Inserts {@code v} before ({@code after} false) or after the element at {@code index}. */
    public void insert(long index, byte[] v, boolean after) {
        insertAt(locate(index), v, after);
    }

    private void insertAt(Cursor c, byte[] v, boolean after) {
        Packed n = nodes.get(c.node);
        int at = after ? n.next(c.pos) : c.pos;
        if (at < 0) {
            at = n.bytes();
        }
        n.insert(at, v);
        size++;
        if (!allows(n, 0) && n.count() > 1) {
            splitNode(c.node);
        }
    }

    /**
     * LINSERT: inserts {@code v} before or after the first element (from the head) equal to {@code pivot}.
     * Returns false when no element equals the pivot.
     */
    public boolean insertAtPivot(byte[] pivot, byte[] v, boolean after) {
        for (int ni = 0; ni < nodes.size(); ni++) {
            Packed n = nodes.get(ni);
            for (int p = n.first(); p >= 0; p = n.next(p)) {
                if (n.equalsAt(p, pivot)) {
                    Cursor c = new Cursor();
                    c.node = ni;
                    c.pos = p;
                    insertAt(c, v, after);
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes the element at {@code index}. */
    public void remove(long index) {
        Cursor c = locate(index);
        Packed n = nodes.get(c.node);
        n.delete(c.pos);
        size--;
        if (n.count() == 0) {
            nodes.remove(c.node);
        }
    }

    /** Keeps only [start, end] (LTRIM with normalized, in-range indexes; start > end empties the list). */
    public void trim(long start, long end) {
        if (start > end || start >= size) {
            nodes.clear();
            size = 0;
            return;
        }
        removeHead(start);
        removeTail(size - (end - start + 1));
    }

    /** Removes the first {@code n} elements ({@code n} at most the size). */
    public void removeHead(long n) {
        while (n > 0) {
            Packed first = nodes.get(0);
            if (first.count() <= n) {
                n -= first.count();
                size -= first.count();
                nodes.remove(0);
            } else {
                first.deleteRange(0, (int) n);
                size -= n;
                n = 0;
            }
        }
    }

    /** Removes the last {@code n} elements ({@code n} at most the size). */
    public void removeTail(long n) {
        while (n > 0) {
            Packed last = nodes.get(nodes.size() - 1);
            if (last.count() <= n) {
                n -= last.count();
                size -= last.count();
                nodes.remove(nodes.size() - 1);
            } else {
                last.deleteRange((int) (last.count() - n), (int) n);
                size -= n;
                n = 0;
            }
        }
    }

    /** Receives one element in place: its bytes are {@code buf[off, off+len)} and must be copied to be kept. */
    public interface EntryVisitor {
        void accept(byte[] buf, int off, int len);
    }

    /**
     * Visits elements [start, end] (normalized, in range, start &lt;= end) without copying them, from start to end
     * or, when {@code reverse}, from end back to start.
     */
    public void visitRange(long start, long end, boolean reverse, EntryVisitor visitor) {
        if (start > end || size == 0) {
            return;
        }
        long remaining = end - start + 1;
        Cursor c = locate(reverse ? end : start);
        int ni = c.node;
        int pos = c.pos;
        while (remaining > 0) {
            Packed n = nodes.get(ni);
            byte[] buf = n.array();
            while (pos >= 0 && remaining > 0) {
                visitor.accept(buf, n.dataStart(pos), n.length(pos));
                remaining--;
                pos = reverse ? n.prev(pos) : n.next(pos);
            }
            ni += reverse ? -1 : 1;
            if (ni >= 0 && ni < nodes.size()) {
                pos = reverse ? nodes.get(ni).last() : nodes.get(ni).first();
            }
        }
    }

    /** Receives the index (counted from the head) of an element that matched; returns false to stop. */
    public interface MatchVisitor {
        boolean match(long index);
    }

    /**
     * LPOS: scans from the head (or from the tail when {@code fromTail}) at most {@code maxlen} elements (0 = all)
     * and reports the head-based index of each element equal to {@code v} until the visitor returns false.
     */
    public void findMatches(byte[] v, boolean fromTail, long maxlen, MatchVisitor visitor) {
        long scanned = 0;
        if (!fromTail) {
            for (Packed n : nodes) {
                for (int p = n.first(); p >= 0; p = n.next(p)) {
                    if (maxlen > 0 && scanned >= maxlen) {
                        return;
                    }
                    if (n.equalsAt(p, v) && !visitor.match(scanned)) {
                        return;
                    }
                    scanned++;
                }
            }
        } else {
            for (int ni = nodes.size() - 1; ni >= 0; ni--) {
                Packed n = nodes.get(ni);
                for (int p = n.last(); p >= 0; p = n.prev(p)) {
                    if (maxlen > 0 && scanned >= maxlen) {
                        return;
                    }
                    if (n.equalsAt(p, v) && !visitor.match(size - 1 - scanned)) {
                        return;
                    }
                    scanned++;
                }
            }
        }
    }

    /**
     * LREM: removes elements equal to {@code v}, at most {@code limit} of them (0 = all), scanning from the head or
     * from the tail. Returns how many were removed. Nodes left small are merged with their neighbours.
     */
    public long removeMatching(byte[] v, long limit, boolean fromTail) {
        long removed = 0;
        if (!fromTail) {
            for (int ni = 0; ni < nodes.size() && (limit == 0 || removed < limit); ni++) {
                Packed n = nodes.get(ni);
                int p = n.first();
                while (p >= 0 && (limit == 0 || removed < limit)) {
                    if (n.equalsAt(p, v)) {
                        p = n.delete(p);
                        removed++;
                    } else {
                        p = n.next(p);
                    }
                }
                if (n.count() == 0) {
                    nodes.remove(ni--);
                }
            }
        } else {
            for (int ni = nodes.size() - 1; ni >= 0 && (limit == 0 || removed < limit); ni--) {
                Packed n = nodes.get(ni);
                int p = n.last();
                while (p >= 0 && (limit == 0 || removed < limit)) {
                    if (n.equalsAt(p, v)) {
                        n.delete(p);
                        removed++;
                    }
                    p = n.prev(p);
                }
                if (n.count() == 0) {
                    nodes.remove(ni);
                }
            }
        }
        size -= removed;
        if (removed > 0) {
            mergeSmallNodes();
        }
        return removed;
    }

    /** Number of quicklist nodes (for tests and memory estimates). */
    public int nodeCount() {
        return nodes.size();
    }

    /** Joins neighbouring nodes whose entries fit in one node under the fill rule. */
    private void mergeSmallNodes() {
        for (int i = 0; i + 1 < nodes.size(); ) {
            Packed a = nodes.get(i);
            Packed b = nodes.get(i + 1);
            if (mayMerge(a, b)) {
                a.appendAll(b);
                nodes.remove(i + 1);
            } else {
                i++;
            }
        }
    }

    private boolean mayMerge(Packed a, Packed b) {
        int bytes = a.bytes() + b.bytes();
        if (fill >= 0) {
            return a.count() + b.count() <= Math.max(1, fill) && bytes <= 8192;
        }
        return bytes <= byteLimit(fill);
    }
}
