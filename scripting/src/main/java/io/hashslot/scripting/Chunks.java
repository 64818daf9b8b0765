package io.hashslot.scripting;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds tiny Lua 5.1 bytecode chunks whose constants are byte strings. luajava can only push strings through Java
 * Strings (not binary safe), but it loads bytecode from a direct buffer, and a constant in a chunk is any byte
 * sequence: loading and calling such a chunk puts exact bytes on the Lua stack. The header (word sizes, byte order)
 * is copied from a {@code string.dump} of the running interpreter, so the chunks match it. Only this class makes
 * bytecode: user code can never load binary chunks (the sandbox refuses them as Redis does).
 */
final class Chunks {
    /** Values one "return k1, ..., kn" chunk may hold (below Lua's 250 registers). */
    static final int MAX_VALUES = 200;
    /** Lua's LFIELDS_PER_FLUSH: array items stored by one SETLIST. */
    private static final int PER_FLUSH = 50;
    /** Lua's MAXARG_Bx: constants one chunk can address. */
    static final int MAX_CONSTANTS = (1 << 18) - 1;

    private static final int OP_LOADK = 1;
    private static final int OP_LOADBOOL = 2;
    private static final int OP_LOADNIL = 3;
    private static final int OP_RETURN = 30;
    private static final int OP_SETLIST = 34;

    private final byte[] header;
    private final int sizeTBytes;
    private final boolean littleEndian;
    private ByteBuffer buf = ByteBuffer.allocateDirect(4096);

    /** @param dump a {@code string.dump} of any function, to copy the header from */
    Chunks(byte[] dump) {
        if (dump.length < 12 || dump[0] != 0x1b || dump[4] != 0x51) {
            throw new IllegalStateException("not a Lua 5.1 chunk");
        }
        header = java.util.Arrays.copyOf(dump, 12);
        littleEndian = dump[6] == 1;
        sizeTBytes = dump[8];
        if (dump[7] != 4 || dump[9] != 4 || dump[10] != 8 || dump[11] != 0) {
            throw new IllegalStateException("unexpected Lua number or instruction format");
        }
    }

    private static int abc(int op, int a, int b, int c) {
        return op | (a << 6) | (c << 14) | (b << 23);
    }

    private static int abx(int op, int a, int bx) {
        return op | (a << 6) | (bx << 14);
    }

    /** A chunk returning {@code values[from..from+n)}: byte[] strings, Double numbers, Boolean, or null (nil). */
    ByteBuffer returning(Object[] values, int from, int n) {
        int constants = 0;
        for (int i = 0; i < n; i++) {
            Object v = values[from + i];
            if (v instanceof byte[] || v instanceof Double) {
                constants++;
            }
        }
        int[] code = new int[n + 1];
        Object[] k = new Object[constants];
        int kc = 0;
        for (int i = 0; i < n; i++) {
            kc = load(code, i, i, values[from + i], k, kc);
        }
        code[n] = abc(OP_RETURN, 0, n + 1, 0);
        return function(0, Math.max(2, n), code, code.length, k, kc);
    }

    /**
     * A chunk {@code function(t)} storing {@code values[from..from+n)} at t[first], t[first+1], ...; {@code first}
     * must be 1 + a multiple of 50 and n at most {@link #MAX_CONSTANTS}.
     */
    ByteBuffer filling(Object[] values, int from, int n, int first) {
        int batches = (n + PER_FLUSH - 1) / PER_FLUSH;
        int[] code = new int[n + 2 * batches + 1];
        Object[] k = new Object[n];
        int kc = 0;
        int pc = 0;
        int block = (first - 1) / PER_FLUSH + 1;
        for (int b = 0; b < batches; b++, block++) {
            int count = Math.min(PER_FLUSH, n - b * PER_FLUSH);
            for (int i = 0; i < count; i++) {
                kc = load(code, pc++, 1 + i, values[from + b * PER_FLUSH + i], k, kc);
            }
            if (block <= 511) {
                code[pc++] = abc(OP_SETLIST, 0, count, block);
            } else {
                code[pc++] = abc(OP_SETLIST, 0, count, 0);
                code[pc++] = block;
            }
        }
        code[pc++] = abc(OP_RETURN, 0, 1, 0);
        return function(1, PER_FLUSH + 1, code, pc, k, kc);
    }

    private static int load(int[] code, int pc, int reg, Object v, Object[] k, int kc) {
        if (v instanceof byte[] || v instanceof Double) {
            k[kc] = v;
            code[pc] = abx(OP_LOADK, reg, kc);
            return kc + 1;
        }
        if (v instanceof Boolean b) {
            code[pc] = abc(OP_LOADBOOL, reg, b ? 1 : 0, 0);
        } else {
            code[pc] = abc(OP_LOADNIL, reg, reg, 0);
        }
        return kc;
    }

    private ByteBuffer function(int params, int maxStack, int[] code, int codeLength, Object[] k, int kc) {
        long size = 12 + sizeTBytes + 4 + 4 + 4 + 4 + 4L * codeLength + 4 + 4 + 4 + 4 + 4;
        for (int i = 0; i < kc; i++) {
            size += 1 + (k[i] instanceof byte[] b ? sizeTBytes + b.length + 1 : 8);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("chunk too large");
        }
        ensure((int) size);
        buf.clear();
        buf.put(header);
        putSizeT(0); // source: none
        buf.putInt(0); // linedefined
        buf.putInt(0); // lastlinedefined
        buf.put((byte) 0); // nups
        buf.put((byte) params);
        buf.put((byte) 0); // is_vararg
        buf.put((byte) maxStack);
        buf.putInt(codeLength);
        for (int i = 0; i < codeLength; i++) {
            buf.putInt(code[i]);
        }
        buf.putInt(kc);
        for (int i = 0; i < kc; i++) {
            if (k[i] instanceof byte[] b) {
                buf.put((byte) 4);
                putSizeT(b.length + 1L);
                buf.put(b);
                buf.put((byte) 0);
            } else {
                buf.put((byte) 3);
                buf.putDouble((Double) k[i]);
            }
        }
        buf.putInt(0); // nested functions
        buf.putInt(0); // line info
        buf.putInt(0); // local variables
        buf.putInt(0); // upvalue names
        buf.flip();
        return buf;
    }

    private void putSizeT(long v) {
        if (sizeTBytes == 8) {
            buf.putLong(v);
        } else {
            buf.putInt((int) v);
        }
    }

    private void ensure(int size) {
        if (buf.capacity() < size) {
            int cap = Math.max(size, buf.capacity() * 2);
            buf = ByteBuffer.allocateDirect(cap);
        } else if (buf.capacity() > (1 << 20) && size < (1 << 16)) {
            buf = ByteBuffer.allocateDirect(4096); // give back a buffer grown by one huge reply
        }
        buf.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }
}
