package io.hashslot.common.hll;

/**
 * Access to the dense encoding's 6-bit registers, packed one after the other from the least significant bit of
 * each byte. The last register's neighbour byte may be past the array (the string's terminator): it reads as 0
 * and is never changed.
 */
final class Registers {
    private static final int MAX = 63;

    private Registers() {
    }

    static int denseGet(byte[] a, int base, int index) {
        int bit = index * 6;
        int i = base + (bit >>> 3);
        int fb = bit & 7;
        int b0 = a[i] & 0xff;
        int b1 = i + 1 < a.length ? a[i + 1] & 0xff : 0;
        return ((b0 >>> fb) | (b1 << (8 - fb))) & MAX;
    }

    static void denseStore(byte[] a, int base, int index, int value) {
        int bit = index * 6;
        int i = base + (bit >>> 3);
        int fb = bit & 7;
        int fb8 = 8 - fb;
        a[i] = (byte) ((a[i] & ~(MAX << fb)) | (value << fb));
        if (i + 1 < a.length) {
            a[i + 1] = (byte) ((a[i + 1] & ~(MAX >>> fb8)) | (value >>> fb8));
        }
    }

    /** hllDenseSet: raises the register to {@code count} if lower; 1 if it changed, else 0. */
    static int denseSet(byte[] a, int base, int index, int count) {
        if (count > denseGet(a, base, index)) {
            denseStore(a, base, index, count);
            return 1;
        }
        return 0;
    }

    /** Adds the count of each register value (0..63) to {@code histogram}. */
    static void denseHistogram(byte[] a, int base, int[] histogram) {
        int p = base;
        for (int j = 0; j < HyperLogLog.REGISTERS / 4; j++) {
            int b0 = a[p] & 0xff;
            int b1 = a[p + 1] & 0xff;
            int b2 = a[p + 2] & 0xff;
            histogram[b0 & 63]++;
            histogram[(b0 >>> 6 | b1 << 2) & 63]++;
            histogram[(b1 >>> 4 | b2 << 4) & 63]++;
            histogram[b2 >>> 2]++;
            p += 3;
        }
    }
}
