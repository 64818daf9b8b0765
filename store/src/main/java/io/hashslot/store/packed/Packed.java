package io.hashslot.store.packed;

import java.util.Arrays;

/**
 * A compact sequence of byte strings in one array, in the spirit of Redis's listpack: each entry is
 * {@code [length varint][bytes][back-length]}, where the back-length (the size of length+bytes, written so it
 * reads from right to left) allows walking backwards. Small lists, hashes and sorted sets live in one of these,
 * costing a few bytes per element instead of an object each.
 *
 * <p>Positions are byte offsets of entries; -1 means "none".
 */
public final class Packed {
    private byte[] buf;
    private int used;
    private int count;

    public Packed() {
        this(16);
    }

    public Packed(int capacity) {
        buf = new byte[Math.max(4, capacity)];
    }

    private Packed(byte[] buf, int used, int count) {
        this.buf = buf;
        this.used = used;
        this.count = count;
    }

    public Packed copy() {
        return new Packed(Arrays.copyOf(buf, Math.max(used, 4)), used, count);
    }

    /** Number of entries. */
    public int count() {
        return count;
    }

    /** Bytes used by entries (what Redis would call the listpack's size, minus its header). */
    public int bytes() {
        return used;
    }

    /** Approximate heap bytes of this object and its array. */
    public long memory() {
        return 16 + 16 + buf.length + 16;
    }

    private static int varintSize(int v) {
        if (v < 0x80) {
            return 1;
        } else if (v < 0x4000) {
            return 2;
        } else if (v < 0x200000) {
            return 3;
        } else if (v < 0x10000000) {
            return 4;
        }
        return 5;
    }

    /** Total bytes an entry of {@code len} data bytes takes. */
    static int entrySize(int len) {
        int head = varintSize(len) + len;
        return head + varintSize(head);
    }

    public int first() {
        return count == 0 ? -1 : 0;
    }

    public int last() {
        return count == 0 ? -1 : prev(used);
    }

    /** Length of the data of the entry at {@code pos}. */
    public int length(int pos) {
        int v = 0;
        int shift = 0;
        while (true) {
            int b = buf[pos++];
            v |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    /** Offset of the first data byte of the entry at {@code pos}. */
    public int dataStart(int pos) {
        while ((buf[pos] & 0x80) != 0) {
            pos++;
        }
        return pos + 1;
    }

    public int next(int pos) {
        int len = length(pos);
        int head = varintSize(len) + len;
        int n = pos + head + varintSize(head);
        return n >= used ? -1 : n;
    }

    /** The entry before {@code pos} ({@code pos} may be {@link #bytes()} for "the end"). */
    public int prev(int pos) {
        if (pos <= 0) {
            return -1;
        }
        int p = pos - 1;
        int head = buf[p] & 0x7f;
        int shift = 7;
        int k = 1;
        while ((buf[p] & 0x80) != 0) {
            p--;
            k++;
            head |= (buf[p] & 0x7f) << shift;
            shift += 7;
        }
        return pos - k - head;
    }

    public byte[] get(int pos) {
        int len = length(pos);
        int start = dataStart(pos);
        return Arrays.copyOfRange(buf, start, start + len);
    }

    /** The raw array; data of an entry is at [dataStart(pos), dataStart(pos)+length(pos)). */
    public byte[] array() {
        return buf;
    }

    public boolean equalsAt(int pos, byte[] b) {
        int len = length(pos);
        if (len != b.length) {
            return false;
        }
        int start = dataStart(pos);
        return Arrays.equals(buf, start, start + len, b, 0, b.length);
    }

    /** Unsigned lexicographic comparison of the entry at {@code pos} with {@code b} (like memcmp then length). */
    public int compareAt(int pos, byte[] b) {
        int len = length(pos);
        int start = dataStart(pos);
        return Arrays.compareUnsigned(buf, start, start + len, b, 0, b.length);
    }

    /** Position of the {@code index}-th entry (0-based), walking from the nearer end. */
    public int seek(int index) {
        if (index < 0 || index >= count) {
            return -1;
        }
        if (index <= count / 2) {
            int p = 0;
            for (int i = 0; i < index; i++) {
                p = next(p);
            }
            return p;
        }
        int p = last();
        for (int i = count - 1; i > index; i--) {
            p = prev(p);
        }
        return p;
    }

    /** Position of the first entry equal to {@code b}, stepping {@code stride} entries at a time, or -1. */
    public int find(byte[] b, int stride) {
        int p = first();
        while (p >= 0) {
            if (equalsAt(p, b)) {
                return p;
            }
            for (int i = 0; i < stride && p >= 0; i++) {
                p = next(p);
            }
        }
        return -1;
    }

    private void ensure(int more) {
        if (used + more > buf.length) {
            int cap = Math.max(used + more, buf.length + (buf.length >> 1) + 8);
            buf = Arrays.copyOf(buf, cap);
        }
    }

    private int writeEntry(int at, byte[] b, int off, int len) {
        int p = at;
        int v = len;
        while (v >= 0x80) {
            buf[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[p++] = (byte) v;
        System.arraycopy(b, off, buf, p, len);
        p += len;
        int head = p - at;
        int k = varintSize(head);
        // back-length: rightmost byte holds the low 7 bits; bytes to its left hold higher bits
        for (int i = 0; i < k; i++) {
            int bits = (head >>> (7 * i)) & 0x7f;
            buf[p + k - 1 - i] = (byte) (bits | (i < k - 1 ? 0x80 : 0));
        }
        return p + k;
    }

    /** Inserts {@code b} before the entry at {@code pos} ({@code pos == bytes()} appends). Returns its position. */
    public int insert(int pos, byte[] b) {
        return insert(pos, b, 0, b.length);
    }

    public int insert(int pos, byte[] b, int off, int len) {
        int size = entrySize(len);
        ensure(size);
        System.arraycopy(buf, pos, buf, pos + size, used - pos);
        writeEntry(pos, b, off, len);
        used += size;
        count++;
        return pos;
    }

    public void append(byte[] b) {
        insert(used, b);
    }

    public void prepend(byte[] b) {
        insert(0, b);
    }

    /** Deletes the entry at {@code pos}; returns the position of the entry that followed (or -1). */
    public int delete(int pos) {
        int len = length(pos);
        int size = entrySize(len);
        System.arraycopy(buf, pos + size, buf, pos, used - pos - size);
        used -= size;
        count--;
        if (buf.length > 64 && used < buf.length / 4) {
            buf = Arrays.copyOf(buf, Math.max(used * 2, 16));
        }
        return pos >= used ? -1 : pos;
    }

    /** Replaces the entry at {@code pos} with {@code b}; returns its (unchanged) position. */
    public int replace(int pos, byte[] b) {
        int oldSize = entrySize(length(pos));
        int newSize = entrySize(b.length);
        if (newSize != oldSize) {
            ensure(newSize - oldSize);
            System.arraycopy(buf, pos + oldSize, buf, pos + newSize, used - pos - oldSize);
            used += newSize - oldSize;
        }
        writeEntry(pos, b, 0, b.length);
        return pos;
    }

    /** Removes entries [fromIndex, fromIndex+n). */
    public void deleteRange(int fromIndex, int n) {
        if (n <= 0) {
            return;
        }
        int start = seek(fromIndex);
        int end = start;
        for (int i = 0; i < n && end >= 0; i++) {
            end = next(end);
        }
        if (end < 0) {
            end = used;
        }
        System.arraycopy(buf, end, buf, start, used - end);
        used -= end - start;
        count -= n;
    }

    /** Moves all entries of this array after the first {@code keep} into a new Packed (node splitting). */
    public Packed splitAfter(int keep) {
        int at = keep >= count ? used : seek(keep);
        byte[] tail = Arrays.copyOfRange(buf, at, Math.max(at + 4, used));
        Packed p = new Packed(tail, used - at, count - keep);
        used = at;
        count = keep;
        return p;
    }

    /** Appends all entries of {@code other} (node merging). */
    public void appendAll(Packed other) {
        ensure(other.used);
        System.arraycopy(other.buf, 0, buf, used, other.used);
        used += other.used;
        count += other.count;
    }

    /** Shrinks the array to what is used. */
    public void trimToSize() {
        if (buf.length > used + 8) {
            buf = Arrays.copyOf(buf, Math.max(used, 4));
        }
    }
}
