package io.hashslot.store.types;

import java.util.Arrays;

/**
 * Redis's intset: a sorted array of 64-bit integers for sets whose members are all integers, small enough
 * (set-max-intset-entries). Binary search for membership. It also tracks the element width Redis's intset would
 * use (2, 4 or 8 bytes): chosen by the widest value ever added and, as in Redis, never narrowed by removals.
 */
final class IntSet {
    private long[] values;
    private int size;
    private int width = 2;

    IntSet(int capacity) {
        values = new long[Math.max(4, capacity)];
    }

    IntSet copy() {
        IntSet c = new IntSet(size);
        System.arraycopy(values, 0, c.values, 0, size);
        c.size = size;
        c.width = width;
        return c;
    }

    int size() {
        return size;
    }

    long get(int i) {
        return values[i];
    }

    boolean contains(long v) {
        return Arrays.binarySearch(values, 0, size, v) >= 0;
    }

    boolean add(long v) {
        int i = Arrays.binarySearch(values, 0, size, v);
        if (i >= 0) {
            return false;
        }
        int at = -i - 1;
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(values, at, values, at + 1, size - at);
        values[at] = v;
        size++;
        width = Math.max(width, widthOf(v));
        return true;
    }

    boolean remove(long v) {
        int i = Arrays.binarySearch(values, 0, size, v);
        if (i < 0) {
            return false;
        }
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        return true;
    }

    /** The width in bytes Redis's intset needs for {@code v}. */
    static int widthOf(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            return 8;
        }
        return v < Short.MIN_VALUE || v > Short.MAX_VALUE ? 4 : 2;
    }

    /** Bytes per element of Redis's intset encoding (2, 4 or 8; grows with the values added, never shrinks). */
    int encodedWidth() {
        return width;
    }

    long memory() {
        return 32 + 8L * values.length;
    }
}
