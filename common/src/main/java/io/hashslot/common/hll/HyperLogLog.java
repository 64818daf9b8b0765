package io.hashslot.common.hll;

import java.util.Arrays;

/**
 * A HyperLogLog held in Redis's own string representation, being read or changed by one command.
 *
 * <p>Layout: a 16-byte header ("HYLL", one encoding byte, 3 unused bytes, the cached cardinality as 8 bytes
 * little-endian whose top bit marks the cache invalid) followed by the registers, either dense (16384 6-bit
 * registers packed from the least significant bit, 12288 bytes) or sparse (run-length opcodes ZERO 00xxxxxx,
 * XZERO 01xxxxxx yyyyyyyy, VAL 1vvvvvxx). Every change reproduces Redis's byte layout exactly, including how a
 * sparse value is split and re-merged, and when it turns dense.
 *
 * <p>The value is an array and a length, like an sds string: the byte just past the length stands for the
 * string's terminator, which Redis reads when the last opcode is a truncated XZERO and can even overwrite. The
 * array may be the one stored in the keyspace: dense changes are made in place; a sparse change that needs
 * room first moves the value into a new array, so {@link #array()} and {@link #length()} tell the caller what
 * to store back.
 */
public final class HyperLogLog {
    public static final int HEADER = 16;
    public static final int P = 14;
    public static final int Q = 64 - P;
    public static final int REGISTERS = 1 << P;
    public static final int DENSE_SIZE = HEADER + (REGISTERS * 6 + 7) / 8;
    public static final int DENSE = 0;
    public static final int SPARSE = 1;

    static final int SPARSE_VAL_MAX_VALUE = 32;
    static final int SPARSE_VAL_MAX_LEN = 4;
    static final int SPARSE_ZERO_MAX_LEN = 64;
    static final int SPARSE_XZERO_MAX_LEN = 16384;

    private byte[] a;
    private int len;

    private HyperLogLog(byte[] array, int length) {
        this.a = array;
        this.len = length;
    }

    /** Works on {@code length} bytes of {@code array} (typically the stored value) without copying it. */
    public static HyperLogLog wrap(byte[] array, int length) {
        return new HyperLogLog(array, length);
    }

    /** A new empty HyperLogLog as Redis creates it: sparse, one XZERO covering every register, cache valid 0. */
    public static HyperLogLog createEmpty() {
        int length = HEADER + ((REGISTERS + SPARSE_XZERO_MAX_LEN - 1) / SPARSE_XZERO_MAX_LEN) * 2;
        byte[] b = new byte[length + 1];
        b[0] = 'H';
        b[1] = 'Y';
        b[2] = 'L';
        b[3] = 'L';
        b[4] = SPARSE;
        int p = HEADER;
        for (int left = REGISTERS; left > 0; ) {
            int run = Math.min(left, SPARSE_XZERO_MAX_LEN);
            Sparse.putXzero(b, p, run);
            p += 2;
            left -= run;
        }
        return new HyperLogLog(b, length);
    }

    /**
     * Whether a string value is a HyperLogLog Redis accepts (isHLLObjectOrReply): long enough for the header,
     * the "HYLL" magic, a known encoding, and exactly the dense size when dense. Sparse contents are not checked
     * here; corrupted opcodes are detected when used.
     */
    public static boolean isValid(byte[] array, int length) {
        if (length < HEADER) {
            return false;
        }
        if (array[0] != 'H' || array[1] != 'Y' || array[2] != 'L' || array[3] != 'L') {
            return false;
        }
        int encoding = array[4] & 0xff;
        if (encoding > SPARSE) {
            return false;
        }
        return encoding != DENSE || length == DENSE_SIZE;
    }

    public byte[] array() {
        return a;
    }

    public int length() {
        return len;
    }

    /** The byte at {@code i}, reading past the array as the zero terminator. */
    int at(int i) {
        return i < a.length ? a[i] & 0xff : 0;
    }

    public int encoding() {
        return a[4] & 0xff;
    }

    public boolean cacheValid() {
        return (a[15] & 0x80) == 0;
    }

    /** The cached cardinality, all 8 bytes (meaningful when {@link #cacheValid()}). */
    public long cachedCardinality() {
        long v = 0;
        for (int i = 15; i >= 8; i--) {
            v = (v << 8) | (a[i] & 0xffL);
        }
        return v;
    }

    public void setCachedCardinality(long card) {
        for (int i = 0; i < 8; i++) {
            a[8 + i] = (byte) (card >>> (8 * i));
        }
    }

    public void invalidateCache() {
        a[15] |= (byte) 0x80;
    }

    /** The register an element hashes to (low 14 bits of its hash) and its pattern length, packed as index<<8|count. */
    public static int indexAndCount(byte[] element, int off, int len) {
        long hash = MurmurHash64A.hash(element, off, len, MurmurHash64A.HLL_SEED);
        int index = (int) (hash & (REGISTERS - 1));
        long rest = (hash >>> P) | (1L << Q);
        int count = Long.numberOfTrailingZeros(rest) + 1;
        return index << 8 | count;
    }

    /**
     * hllAdd: adds an element. Returns 1 if a register changed, 0 if not, -1 if the value is corrupted (or its
     * encoding unknown). {@code sparseMaxBytes} is hll-sparse-max-bytes.
     */
    public int add(byte[] element, long sparseMaxBytes) {
        return add(element, 0, element.length, sparseMaxBytes);
    }

    public int add(byte[] element, int off, int length, long sparseMaxBytes) {
        int ic = indexAndCount(element, off, length);
        int enc = encoding();
        if (enc == DENSE) {
            return Registers.denseSet(a, HEADER, ic >>> 8, ic & 0xff);
        } else if (enc == SPARSE) {
            return sparseSet(ic >>> 8, ic & 0xff, sparseMaxBytes);
        }
        return -1;
    }

    /**
     * Raises register {@code index} to {@code count} if it is lower (hllDenseSet / hllSparseSet): 1 if changed,
     * 0 if not, -1 if a sparse value is corrupted.
     */
    public int set(int index, int count, long sparseMaxBytes) {
        return encoding() == DENSE ? Registers.denseSet(a, HEADER, index, count)
            : sparseSet(index, count, sparseMaxBytes);
    }

    /** The register values (dense or sparse) merged into {@code max} by maximum; false if corrupted. */
    public boolean mergeInto(byte[] max) {
        return mergeInto(max, a, len);
    }

    /** hllMerge on a stored value that passed {@link #isValid}. */
    public static boolean mergeInto(byte[] max, byte[] array, int length) {
        if ((array[4] & 0xff) == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = Registers.denseGet(array, HEADER, i);
                if (v > max[i]) {
                    max[i] = (byte) v;
                }
            }
            return true;
        }
        return Sparse.mergeInto(max, array, length);
    }

    /** hllCount for a dense or sparse value; sets {@code invalid[0]} when sparse opcodes are corrupted. */
    public long count(boolean[] invalid) {
        int[] histogram = new int[64];
        if (encoding() == DENSE) {
            Registers.denseHistogram(a, HEADER, histogram);
        } else {
            if (!Sparse.histogram(a, len, histogram) && invalid != null) {
                invalid[0] = true;
            }
        }
        return HllEstimator.estimate(histogram);
    }

    /** hllCount over plain one-byte-per-register values (the union PFCOUNT builds). */
    public static long countRegisters(byte[] registers) {
        int[] histogram = new int[64];
        for (int i = 0; i < REGISTERS; i++) {
            histogram[registers[i] & 63]++;
        }
        return HllEstimator.estimate(histogram);
    }

    /**
     * hllSparseToDense: converts a sparse value to dense, keeping the header bytes (cache included). True if
     * already dense or converted; false, leaving the value untouched, if the sparse opcodes are corrupted.
     */
    public boolean toDense() {
        if (encoding() == DENSE) {
            return true;
        }
        byte[] dense = new byte[DENSE_SIZE + 1];
        System.arraycopy(a, 0, dense, 0, HEADER);
        dense[4] = DENSE;
        if (!Sparse.expand(a, len, dense)) {
            return false;
        }
        a = dense;
        len = DENSE_SIZE;
        return true;
    }

    /** The 16384 register values of a dense value. */
    public int register(int index) {
        return Registers.denseGet(a, HEADER, index);
    }

    /** PFDEBUG DECODE's text for a sparse value: "z:N", "Z:N" and "v:VALUE,N" items separated by spaces. */
    public String decode() {
        return Sparse.decode(a, len);
    }

    /** Makes room for {@code extra} more bytes plus the terminator slot (sdsMakeRoomFor), keeping all bytes. */
    private void makeRoom(int extra) {
        int need = len + extra + 1;
        if (a.length < need) {
            a = Arrays.copyOf(a, Math.max(need, len * 2));
        }
    }

    /** hllSparseSet: raises register {@code index} of a sparse value to {@code count}. */
    private int sparseSet(int index, int count, long sparseMaxBytes) {
        if (count > SPARSE_VAL_MAX_VALUE) {
            return promote(index, count);
        }
        makeRoom(3);
        int end = len;
        int p = HEADER;
        int prev = -1;
        long first = 0;
        long span = 0;
        while (p < end) {
            int op = a[p] & 0xff;
            int opLen = 1;
            if (Sparse.isZero(op)) {
                span = Sparse.zeroLen(op);
            } else if (Sparse.isVal(op)) {
                span = Sparse.valLen(op);
            } else {
                span = Sparse.xzeroLen(op, at(p + 1));
                opLen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += opLen;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = a[p] & 0xff;
        int next = Sparse.isXzero(op) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean isZero = Sparse.isZero(op);
        boolean isXzero = Sparse.isXzero(op);
        boolean isVal = !isZero && !isXzero;
        long runLen = isZero ? Sparse.zeroLen(op) : isXzero ? Sparse.xzeroLen(op, at(p + 1)) : Sparse.valLen(op);

        if (isVal) {
            if (Sparse.valValue(op) >= count) {
                return 0;
            }
            if (runLen == 1) {
                a[p] = Sparse.valOp(count, 1);
                return mergeAdjacent(prev, end);
            }
        }
        if (isZero && runLen == 1) {
            a[p] = Sparse.valOp(count, 1);
            return mergeAdjacent(prev, end);
        }

        // General case: split the opcode around the register into up to three opcodes.
        byte[] seq = new byte[5];
        int n = 0;
        int last = (int) (first + span - 1);
        if (isZero || isXzero) {
            if (index != first) {
                n = Sparse.putZeros(seq, n, (int) (index - first));
            }
            seq[n++] = Sparse.valOp(count, 1);
            if (index != last) {
                n = Sparse.putZeros(seq, n, last - index);
            }
        } else {
            int current = Sparse.valValue(op);
            if (index != first) {
                seq[n++] = Sparse.valOp(current, (int) (index - first));
            }
            seq[n++] = Sparse.valOp(count, 1);
            if (index != last) {
                seq[n++] = Sparse.valOp(current, last - index);
            }
        }
        int delta = n - (isXzero ? 2 : 1);
        if (delta > 0 && (long) len + delta > sparseMaxBytes) {
            return promote(index, count);
        }
        if (delta != 0 && next >= 0) {
            System.arraycopy(a, next, a, next + delta, end - next);
        }
        len += delta;
        a[len] = 0;
        System.arraycopy(seq, 0, a, p, n);
        end += delta;
        return mergeAdjacent(prev, end);
    }

    /**
     * Step 4 of hllSparseSet: merges adjacent VAL opcodes of equal value (up to 4 registers) in the five opcodes
     * from the one before the change, then invalidates the cache. Returns 1.
     */
    private int mergeAdjacent(int prev, int end) {
        int p = prev >= 0 ? prev : HEADER;
        int scan = 5;
        while (p < end && scan-- != 0) {
            int op = a[p] & 0xff;
            if (Sparse.isXzero(op)) {
                p += 2;
                continue;
            } else if (Sparse.isZero(op)) {
                p++;
                continue;
            }
            if (p + 1 < end && Sparse.isVal(a[p + 1] & 0xff)) {
                int nextOp = a[p + 1] & 0xff;
                int v = Sparse.valValue(op);
                if (v == Sparse.valValue(nextOp)) {
                    int merged = Sparse.valLen(op) + Sparse.valLen(nextOp);
                    if (merged <= SPARSE_VAL_MAX_LEN) {
                        a[p + 1] = Sparse.valOp(v, merged);
                        System.arraycopy(a, p + 1, a, p, end - p);
                        len--;
                        a[len] = 0;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    /** Converts to dense and sets the register there (the register needs raising whenever this is reached). */
    private int promote(int index, int count) {
        if (!toDense()) {
            return -1;
        }
        Registers.denseSet(a, HEADER, index, count);
        return 1;
    }
}
