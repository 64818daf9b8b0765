package io.hashslot.store.types;

import java.util.Arrays;

/**
 * Redis's intset: a sorted array of 64-bit integers for sets whose members are all integers, small enough
 * (set-max-intset-entries). Binary search for membership.
 */
final class IntSet {
    private long[] values;
    private int size;

    IntSet(int capacity) {
        values = new long[Math.max(4, capacity)];
    }

    IntSet copy() {
        IntSet c = new IntSet(size);
        System.arraycopy(values, 0, c.values, 0, size);
        c.size = size;
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

    /** Bytes Redis's intset would use (its encoding width is chosen by the widest value). */
    int encodedWidth() {
        int w = 2;
        for (int i = 0; i < size; i++) {
            long v = values[i];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                return 8;
            }
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                w = 4;
            }
        }
        return w;
    }

    long memory() {
        return 32 + 8L * values.length;
    }
}
