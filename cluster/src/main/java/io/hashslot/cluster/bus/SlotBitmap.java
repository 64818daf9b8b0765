package io.hashslot.cluster.bus;

import java.util.Arrays;

/**
 * A set of the 16384 hash slots, laid out like Redis's {@code unsigned char slots[2048]}: slot s is bit
 * {@code 1 << (s & 7)} of byte {@code s / 8}. Held as 256 little-endian 64-bit words, which is the same bit order.
 * Mutable; copy before sharing.
 */
public final class SlotBitmap {
    public static final int SLOTS = 16384;
    private static final int WORDS = SLOTS / 64;

    private final long[] words = new long[WORDS];

    public SlotBitmap() {
    }

    public static SlotBitmap of(int... slots) {
        SlotBitmap b = new SlotBitmap();
        for (int s : slots) {
            b.set(s);
        }
        return b;
    }

    /** Slots {@code from..to} inclusive. */
    public static SlotBitmap range(int from, int to) {
        SlotBitmap b = new SlotBitmap();
        for (int s = from; s <= to; s++) {
            b.set(s);
        }
        return b;
    }

    /** Reads 2048 bytes at {@code off}. */
    public static SlotBitmap fromBytes(byte[] src, int off) {
        SlotBitmap b = new SlotBitmap();
        for (int w = 0; w < WORDS; w++) {
            long v = 0;
            int base = off + w * 8;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (src[base + i] & 0xff);
            }
            b.words[w] = v;
        }
        return b;
    }

    /** Writes the 2048-byte wire form at {@code off}. */
    public void toBytes(byte[] dst, int off) {
        for (int w = 0; w < WORDS; w++) {
            long v = words[w];
            int base = off + w * 8;
            for (int i = 0; i < 8; i++) {
                dst[base + i] = (byte) v;
                v >>>= 8;
            }
        }
    }

    public byte[] toBytes() {
        byte[] out = new byte[BusLayout.SLOT_BYTES];
        toBytes(out, 0);
        return out;
    }

    public boolean get(int slot) {
        return (words[slot >>> 6] & (1L << slot)) != 0;
    }

    /** Sets the bit; returns its old value. */
    public boolean set(int slot) {
        boolean old = get(slot);
        words[slot >>> 6] |= 1L << slot;
        return old;
    }

    /** Clears the bit; returns its old value. */
    public boolean clear(int slot) {
        boolean old = get(slot);
        words[slot >>> 6] &= ~(1L << slot);
        return old;
    }

    public void clearAll() {
        Arrays.fill(words, 0);
    }

    public int count() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** The first set slot at or after {@code from}, or -1. */
    public int nextSetBit(int from) {
        if (from >= SLOTS) {
            return -1;
        }
        int w = from >>> 6;
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return w * 64 + Long.numberOfTrailingZeros(word);
            }
            if (++w == WORDS) {
                return -1;
            }
            word = words[w];
        }
    }

    /** A copy without the slots set in {@code other}. */
    public SlotBitmap andNot(SlotBitmap other) {
        SlotBitmap b = copy();
        for (int w = 0; w < WORDS; w++) {
            b.words[w] &= ~other.words[w];
        }
        return b;
    }

    public SlotBitmap copy() {
        SlotBitmap b = new SlotBitmap();
        System.arraycopy(words, 0, b.words, 0, WORDS);
        return b;
    }

    public void copyFrom(SlotBitmap other) {
        System.arraycopy(other.words, 0, words, 0, WORDS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotBitmap other && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    /** Ranges like CLUSTER NODES prints them ("0-5460 5462"), for messages and tests. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int s = nextSetBit(0);
        while (s >= 0) {
            int e = s;
            while (e + 1 < SLOTS && get(e + 1)) {
                e++;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s);
            if (e > s) {
                sb.append('-').append(e);
            }
            s = nextSetBit(e + 1);
        }
        return sb.toString();
    }
}
