package io.hashslot.common.hll;

/**
 * The sparse encoding's opcodes and the read-only walks over them: expanding into dense registers, merging into
 * a register array, the histogram for counting, and PFDEBUG DECODE's text. A value is valid when its opcodes
 * cover exactly 16384 registers; a trailing XZERO cut in half reads its second byte from the terminator.
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

    /** hllSparseToDense's walk: sets the registers of {@code dense}; false if the opcodes are corrupted. */
    static boolean expand(byte[] a, int len, byte[] dense) {
        int idx = 0;
        int p = HyperLogLog.HEADER;
        while (p < len) {
            int op = a[p] & 0xff;
            if (isZero(op)) {
                idx += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(op, at(a, p + 1));
                p += 2;
            } else {
                int run = valLen(op);
                int value = valValue(op);
                if (run + idx > HyperLogLog.REGISTERS || idx < 0) {
                    break;
                }
                while (run-- > 0) {
                    Registers.denseStore(dense, HyperLogLog.HEADER, idx, value);
                    idx++;
                }
                p++;
            }
        }
        return idx == HyperLogLog.REGISTERS;
    }

    /** hllMerge for a sparse value: max[i] = MAX(max[i], register i); false if the opcodes are corrupted. */
    static boolean mergeInto(byte[] max, byte[] a, int len) {
        int i = 0;
        int p = HyperLogLog.HEADER;
        while (p < len) {
            int op = a[p] & 0xff;
            if (isZero(op)) {
                i += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(op, at(a, p + 1));
                p += 2;
            } else {
                int run = valLen(op);
                int value = valValue(op);
                if (run + (long) i > HyperLogLog.REGISTERS || i < 0) {
                    break;
                }
                while (run-- > 0) {
                    if (value > max[i]) {
                        max[i] = (byte) value;
                    }
                    i++;
                }
                p++;
            }
        }
        return i == HyperLogLog.REGISTERS;
    }

    /** hllSparseRegHisto: adds register counts to {@code histogram}; false if the registers covered are not 16384. */
    static boolean histogram(byte[] a, int len, int[] histogram) {
        int idx = 0;
        int p = HyperLogLog.HEADER;
        while (p < len) {
            int op = a[p] & 0xff;
            if (isZero(op)) {
                int run = zeroLen(op);
                idx += run;
                histogram[0] += run;
                p++;
            } else if (isXzero(op)) {
                int run = xzeroLen(op, at(a, p + 1));
                idx += run;
                histogram[0] += run;
                p += 2;
            } else {
                int run = valLen(op);
                idx += run;
                histogram[valValue(op)] += run;
                p++;
            }
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
