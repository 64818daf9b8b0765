package io.hashslot.common;

/**
 * LZF compression in liblzf's format, as Redis uses it for RDB strings. The compressor follows liblzf's
 * "very fast" variant (16-bit hash table over 3-byte sequences, matches up to 264 bytes within 8 KB) so that its
 * output matches Redis's for the same input.
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private Lzf() {
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * Compresses {@code in} into {@code out}; returns the compressed length, or 0 if it does not fit in
     * {@code outLen} bytes (the caller then stores the data uncompressed).
     */
    public static int compress(byte[] in, int inLen, byte[] out, int outLen) {
        return compress(in, inLen, out, outLen, new Table());
    }

    /**
     * The compressor's hash table, reusable across calls by one caller (a table per call costs a 256 KB
     * allocation): entries of earlier calls read as empty, so the output is the same as with a fresh table.
     */
    public static final class Table {
        private final int[] htab = new int[HSIZE];
        private final int[] stamp = new int[HSIZE];
        private int generation;

        private void next() {
            if (++generation == 0) {
                java.util.Arrays.fill(stamp, 0);
                generation = 1;
            }
        }

        private int get(int slot) {
            return stamp[slot] == generation ? htab[slot] : 0;
        }

        private void put(int slot, int ip) {
            htab[slot] = ip;
            stamp[slot] = generation;
        }
    }

    /** {@link #compress(byte[], int, byte[], int)} with a caller's reusable table. */
    public static int compress(byte[] in, int inLen, byte[] out, int outLen, Table table) {
        if (inLen == 0 || outLen == 0) {
            return 0;
        }
        table.next();
        int ip = 0;
        int op = 0;
        int lit = 0;
        op++; // start run
        int hval = ((in[0] & 0xff) << 8) | (inLen > 1 ? in[1] & 0xff : 0);
        while (ip < inLen - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = table.get(slot);
            table.put(slot, ip);
            int off = ip - ref - 1;
            if (ref > 0 && off >= 0 && off < MAX_OFF && in[ref + 2] == in[ip + 2] && in[ref] == in[ip]
                && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = inLen - ip - len;
                maxlen = Math.min(maxlen, MAX_REF);
                if (op + 3 + 1 >= outLen && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outLen) {
                    return 0;
                }
                out[op - lit - 1] = (byte) (lit - 1);
                op -= lit == 0 ? 1 : 0;
                boolean mismatch = false;
                if (maxlen > 16) {
                    // liblzf checks 16 bytes unrolled before testing the limit again; keep its exact lengths
                    for (int k = 0; k < 16; k++) {
                        len++;
                        if (in[ref + len] != in[ip + len]) {
                            mismatch = true;
                            break;
                        }
                    }
                }
                if (!mismatch) {
                    do {
                        len++;
                    } while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2;
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >>> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inLen - 2) {
                    break;
                }
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                table.put(idx(hval), ip);
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                table.put(idx(hval), ip);
                ip++;
            } else {
                if (op >= outLen) {
                    return 0;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outLen) {
            return 0;
        }
        while (ip < inLen) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        op -= lit == 0 ? 1 : 0;
        return op;
    }

    /**
     * Decompresses {@code len} bytes at {@code off} into exactly {@code outLen} bytes; returns null when the data
     * is malformed or does not produce exactly that many bytes.
     */
    public static byte[] decompress(byte[] in, int off, int len, int outLen) {
        byte[] out = new byte[outLen];
        int ip = off;
        int end = off + len;
        int op = 0;
        while (ip < end) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (op + run > outLen || ip + run > end) {
                    return null;
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int l = ctrl >>> 5;
                if (l == 7) {
                    if (ip >= end) {
                        return null;
                    }
                    l += in[ip++] & 0xff;
                }
                if (ip >= end) {
                    return null;
                }
                int ref = op - ((ctrl & 0x1f) << 8) - (in[ip++] & 0xff) - 1;
                if (ref < 0 || op + l + 2 > outLen) {
                    return null;
                }
                for (int i = 0; i < l + 2; i++) {
                    out[op++] = out[ref++];
                }
            }
        }
        return op == outLen ? out : null;
    }
}
