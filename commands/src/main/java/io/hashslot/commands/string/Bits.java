package io.hashslot.commands.string;

/**
 * Bit arithmetic over byte arrays, with bit 0 the most significant bit of byte 0 (Redis's bitmap order):
 * population count, first set or clear bit, and the integer fields of BITFIELD with their overflow rules.
 */
final class Bits {
    /** BITFIELD overflow behaviours. */
    static final int WRAP = 0;
    static final int SAT = 1;
    static final int FAIL = 2;

    private Bits() {
    }

    /** Number of set bits in {@code count} bytes from {@code start}. */
    static long popcount(byte[] p, int start, int count) {
        long bits = 0;
        int i = start;
        int end = start + count;
        while (i + 8 <= end) {
            bits += Long.bitCount(longAt(p, i));
            i += 8;
        }
        while (i < end) {
            bits += Integer.bitCount(p[i++] & 0xff);
        }
        return bits;
    }

    private static long longAt(byte[] p, int i) {
        return ((long) (p[i] & 0xff) << 56) | ((long) (p[i + 1] & 0xff) << 48) | ((long) (p[i + 2] & 0xff) << 40)
            | ((long) (p[i + 3] & 0xff) << 32) | ((long) (p[i + 4] & 0xff) << 24) | ((p[i + 5] & 0xff) << 16)
            | ((p[i + 6] & 0xff) << 8) | (p[i + 7] & 0xff);
    }

    /**
     * redisBitpos: position of the first bit equal to {@code bit} in {@code count} bytes from {@code start}. When
     * there is none: -1 when looking for 1, {@code count * 8} when looking for 0 (the bytes after the range are
     * taken as zero padding).
     */
    static long bitpos(byte[] p, int start, int count, int bit) {
        int skip = bit == 1 ? 0 : 0xff;
        for (int i = 0; i < count; i++) {
            int b = p[start + i] & 0xff;
            if (b != skip) {
                for (int k = 0; k < 8; k++) {
                    if (((b >>> (7 - k)) & 1) == bit) {
                        return (long) i * 8 + k;
                    }
                }
            }
        }
        return bit == 1 ? -1 : (long) count * 8;
    }

    static long getUnsigned(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            int b = p[(int) (offset >>> 3)] & 0xff;
            int bitval = (b >>> (7 - (int) (offset & 7))) & 1;
            value = (value << 1) | bitval;
            offset++;
        }
        return value;
    }

    static long getSigned(byte[] p, long offset, int bits) {
        long value = getUnsigned(p, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    static void setUnsigned(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            int bitval = (value & (1L << (bits - 1 - j))) != 0 ? 1 : 0;
            int index = (int) (offset >>> 3);
            int shift = 7 - (int) (offset & 7);
            p[index] = (byte) ((p[index] & ~(1 << shift)) | (bitval << shift));
            offset++;
        }
    }

    /**
     * checkUnsignedBitfieldOverflow: 0 when {@code value + incr} fits in an unsigned field of {@code bits}
     * (at most 63), else 1 (too big) or -1 (below zero), with the value to store in {@code limit[0]} for WRAP and
     * SAT. {@code value} is taken as unsigned.
     */
    static int checkUnsigned(long value, long incr, int bits, int overflow, long[] limit) {
        long max = (1L << bits) - 1;
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            if (overflow == WRAP) {
                limit[0] = (value + incr) & ~(-1L << bits);
            } else if (overflow == SAT) {
                limit[0] = max;
            }
            return 1;
        } else if (incr < 0 && incr < minIncr) {
            if (overflow == WRAP) {
                limit[0] = (value + incr) & ~(-1L << bits);
            } else if (overflow == SAT) {
                limit[0] = 0;
            }
            return -1;
        }
        return 0;
    }

    /** checkSignedBitfieldOverflow: like {@link #checkUnsigned} for a signed field of up to 64 bits. */
    static int checkSigned(long value, long incr, int bits, int overflow, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            if (overflow == WRAP) {
                limit[0] = wrapSigned(value, incr, bits);
            } else if (overflow == SAT) {
                limit[0] = max;
            }
            return 1;
        } else if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            if (overflow == WRAP) {
                limit[0] = wrapSigned(value, incr, bits);
            } else if (overflow == SAT) {
                limit[0] = min;
            }
            return -1;
        }
        return 0;
    }

    private static long wrapSigned(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            if ((c & (1L << (bits - 1))) != 0) {
                c |= mask;
            } else {
                c &= ~mask;
            }
        }
        return c;
    }
}
