package io.hashslot.common.hll;

/**
 * The sparse encoding's opcodes and the read-only walks over them: expanding into dense registers, merging into
 * a register array, the histogram for counting, and PFDEBUG DECODE's text. A value is valid when its opcodes
 * cover exactly 16384 registers (counted without overflow); a trailing XZERO cut in half reads its second byte
 * from the terminator.
 */
final class Sparse {
    private Sparse() {
    }

    static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    static int xzeroLen(int op, int second) {
        return (((op & 0x3f) << 8) | second) + 1;
    }

    static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    static byte valOp(int value, int len) {
        return (byte) (((value - 1) << 2 | (len - 1)) | 0x80);
    }

    static void putXzero(byte[] b, int p, int len) {
        int l = len - 1;
        b[p] = (byte) ((l >>> 8) | 0x40);
        b[p + 1] = (byte) l;
    }

    /** Writes a ZERO (up to 64 registers) or XZERO opcode for {@code len} zero registers; returns the new end. */
    static int putZeros(byte[] b, int n, int len) {
        if (len > HyperLogLog.SPARSE_ZERO_MAX_LEN) {
            putXzero(b, n, len);
            return n + 2;
        }
        b[n] = (byte) (len - 1);
        return n + 1;
    }

    private static int at(byte[] a, int i) {
        return i < a.length ? a[i] & 0xff : 0;
    }

    /**
     * hllSparseToDense's walk: sets the registers of {@code dense}; false if the opcodes are corrupted. As in the
     * Redis 7.0.15 builds that carry the CVE-2025-32023 fix, opcodes must cover exactly 16384 registers and any
     * opcode reaching past the last register makes the value corrupted.
     */
    static boolean expand(byte[] a, int len, byte[] dense) {
        long idx = 0;
        int p = HyperLogLog.HEADER;
        while (p < len) {
            int op = a[p] & 0xff;
            int run;
            if (isZero(op)) {
                run = zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                run = xzeroLen(op, at(a, p + 1));
                p += 2;
            } else {
                run = valLen(op);
                if (idx + run <= HyperLogLog.REGISTERS) {
                    int value = valValue(op);
                    for (int i = 0; i < run; i++) {
                        Registers.denseStore(dense, HyperLogLog.HEADER, (int) idx + i, value);
                    }
                }
                p++;
            }
            idx += run;
            if (idx > HyperLogLog.REGISTERS) {
                return false;
            }
        }
        return idx == HyperLogLog.REGISTERS;
    }

    /** hllMerge for a sparse value: max[i] = MAX(max[i], register i); false if corrupted (as {@link #expand}). */
    static boolean mergeInto(byte[] max, byte[] a, int len) {
        long idx = 0;
        int p = HyperLogLog.HEADER;
        while (p < len) {
            int op = a[p] & 0xff;
            int run;
            if (isZero(op)) {
                run = zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                run = xzeroLen(op, at(a, p + 1));
                p += 2;
            } else {
                run = valLen(op);
                if (idx + run <= HyperLogLog.REGISTERS) {
                    int value = valValue(op);
                    for (int i = (int) idx; i < idx + run; i++) {
                        if (value > max[i]) {
                            max[i] = (byte) value;
                        }
                    }
                }
                p++;
            }
            idx += run;
            if (idx > HyperLogLog.REGISTERS) {
                return false;
            }
        }
        return idx == HyperLogLog.REGISTERS;
    }

    /**
     * hllSparseRegHisto: adds register counts to {@code histogram}; false if the opcodes do not cover exactly
     * 16384 registers (then the histogram is meaningless).
     */
    static boolean histogram(byte[] a, int len, int[] histogram) {
        long idx = 0;
        int p = HyperLogLog.HEADER;
        while (p < len) {
            int op = a[p] & 0xff;
            int run;
            int value;
            if (isZero(op)) {
                run = zeroLen(op);
                value = 0;
                p++;
            } else if (isXzero(op)) {
                run = xzeroLen(op, at(a, p + 1));
                value = 0;
                p += 2;
            } else {
                run = valLen(op);
                value = valValue(op);
                p++;
            }
            idx += run;
            histogram[value] += run;
        }
        return idx == HyperLogLog.REGISTERS;
    }

    /** PFDEBUG DECODE: the opcodes as "z:N", "Z:N" and "v:VALUE,N", space separated. */
    static String decode(byte[] a, int len) {
        StringBuilder sb = new StringBuilder();
        int p = HyperLogLog.HEADER;
        while (p < len) {
            int op = a[p] & 0xff;
            if (isZero(op)) {
                sb.append("z:").append(zeroLen(op)).append(' ');
                p++;
            } else if (isXzero(op)) {
                sb.append("Z:").append(xzeroLen(op, at(a, p + 1))).append(' ');
                p += 2;
            } else {
                sb.append("v:").append(valValue(op)).append(',').append(valLen(op)).append(' ');
                p++;
            }
        }
        int n = sb.length();
        while (n > 0 && sb.charAt(n - 1) == ' ') {
            n--;
        }
        return sb.substring(0, n);
    }
}
