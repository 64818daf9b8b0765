package io.hashslot.scripting;

import java.io.ByteArrayOutputStream;
import party.iroiro.luajava.Lua;

/**
 * The {@code struct} library of Redis scripts (Roberto Ierusalimschy's struct): pack, unpack and size of binary
 * records, with the x86-64 native sizes (long 8, int 4, short 2), little-endian default and alignment up to 8.
 */
final class StructLib {
    private static final int MAX_INT_SIZE = 32;
    private static final int MAX_ALIGN = 8;

    private final LuaRuntime rt;

    StructLib(LuaRuntime rt) {
        this.rt = rt;
    }

    void push() {
        rt.newTable(rt.lua, 0, 3);
        rt.setFunction("pack", this::pack);
        rt.setFunction("unpack", this::unpack);
        rt.setFunction("size", this::size);
    }

    /** Parse state of a format string. */
    private static final class Format {
        final byte[] f;
        int i;
        boolean little = true;
        int align = 1;

        Format(byte[] f) {
            this.f = f;
        }

        boolean more() {
            return i < f.length && f[i] != 0;
        }

        int peek() {
            return i < f.length ? f[i] & 0xff : 0;
        }
    }

    private int num(Lua L, Format fmt, int def) {
        if (fmt.peek() < '0' || fmt.peek() > '9') {
            return def;
        }
        int a = 0;
        do {
            int d = fmt.peek() - '0';
            if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - d) {
                rt.raise(L, "integral size overflow");
                throw new LuaRuntime.Raise();
            }
            a = a * 10 + d;
            fmt.i++;
        } while (fmt.peek() >= '0' && fmt.peek() <= '9');
        return a;
    }

    private int optSize(Lua L, int opt, Format fmt) {
        switch (opt) {
            case 'B', 'b', 'x':
                return 1;
            case 'H', 'h':
                return 2;
            case 'L', 'l', 'T', 'd':
                return 8;
            case 'f':
                return 4;
            case 'c':
                return num(L, fmt, 1);
            case 'i', 'I': {
                int sz = num(L, fmt, 4);
                if (sz > MAX_INT_SIZE) {
                    rt.raise(L, "integral size " + sz + " is larger than limit of " + MAX_INT_SIZE);
                    throw new LuaRuntime.Raise();
                }
                return sz;
            }
            default:
                return 0;
        }
    }

    private static int toAlign(long len, Format fmt, int opt, long size) {
        if (size == 0 || opt == 'c') {
            return 0;
        }
        if (size > fmt.align) {
            size = fmt.align;
        }
        return (int) ((size - (len & (size - 1))) & (size - 1));
    }

    private void control(Lua L, int opt, Format fmt, String fname) {
        switch (opt) {
            case ' ' -> {
            }
            case '>' -> fmt.little = false;
            case '<' -> fmt.little = true;
            case '!' -> {
                int a = num(L, fmt, MAX_ALIGN);
                if (a <= 0 || (a & (a - 1)) != 0) {
                    rt.raise(L, "alignment " + a + " is not a power of 2");
                    throw new LuaRuntime.Raise();
                }
                fmt.align = a;
            }
            default -> LuaArgs.argError(rt, L, 1, fname, "invalid format option '" + (char) opt + "'");
        }
    }

    /** C's (unsigned long) conversion of a double on x86-64. */
    private static long toUnsigned(double n) {
        if (n < 0) {
            return LuaArgs.cLong(n);
        }
        if (n < 9.223372036854775807E18) {
            return (long) n;
        }
        return LuaArgs.cLong(n - 9.223372036854775808E18) ^ Long.MIN_VALUE;
    }

    private int pack(Lua L) {
        byte[] f = RedisLib.cut(LuaArgs.checkBytes(rt, L, 1, "pack"));
        rt.checkStack(L, 1);
        rt.natives.lua_pushnil(L.getPointer()); // the C version's mark after the arguments: a missing one is nil
        Format fmt = new Format(f);
        int arg = 2;
        long total = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (fmt.more()) {
            int opt = f[fmt.i++] & 0xff;
            long size = optSize(L, opt, fmt);
            int align = toAlign(total, fmt, opt, size);
            total += align;
            for (int k = 0; k < align; k++) {
                out.write(0);
            }
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    long v = toUnsigned(LuaArgs.checkNumber(rt, L, arg++, "pack"));
                    byte[] buf = new byte[(int) size];
                    for (int k = 0; k < size; k++) {
                        int idx = fmt.little ? k : (int) size - 1 - k;
                        buf[idx] = (byte) v;
                        v >>>= 8;
                    }
                    out.writeBytes(buf);
                }
                case 'x' -> out.write(0);
                case 'f' -> {
                    int bits = Float.floatToRawIntBits((float) LuaArgs.checkNumber(rt, L, arg++, "pack"));
                    write(out, bits & 0xffffffffL, 4, fmt.little);
                }
                case 'd' -> write(out, Double.doubleToRawLongBits(LuaArgs.checkNumber(rt, L, arg++, "pack")), 8,
                    fmt.little);
                case 'c', 's' -> {
                    byte[] s = LuaArgs.checkBytes(rt, L, arg++, "pack");
                    if (size == 0) {
                        size = s.length;
                    }
                    if (s.length < size) {
                        LuaArgs.argError(rt, L, arg, "pack", "string too short");
                    }
                    out.write(s, 0, (int) size);
                    if (opt == 's') {
                        out.write(0);
                        size++;
                    }
                }
                default -> control(L, opt, fmt, "pack");
            }
            total += size;
        }
        rt.push(L, out.toByteArray());
        return 1;
    }

    private static void write(ByteArrayOutputStream out, long v, int size, boolean little) {
        for (int k = 0; k < size; k++) {
            int shift = little ? 8 * k : 8 * (size - 1 - k);
            out.write((int) (v >>> shift));
        }
    }

    private static double unsignedToDouble(long l) {
        if (l >= 0) {
            return (double) l;
        }
        return ((double) (l >>> 1)) * 2.0 + (l & 1);
    }

    private int unpack(Lua L) {
        long p = L.getPointer();
        byte[] f = RedisLib.cut(LuaArgs.checkBytes(rt, L, 1, "unpack"));
        byte[] data = LuaArgs.checkBytes(rt, L, 2, "unpack");
        int t3 = rt.natives.lua_type(p, 3);
        long pos = t3 == LuaRuntime.TNIL || t3 == -1 ? 1 : LuaArgs.checkInteger(rt, L, 3, "unpack");
        if (pos == 0) {
            LuaArgs.argError(rt, L, 3, "unpack", "offset must be 1 or greater");
        }
        pos--;
        long ld = data.length;
        Format fmt = new Format(f);
        int n = 0;
        while (fmt.more()) {
            int opt = f[fmt.i++] & 0xff;
            long size = optSize(L, opt, fmt);
            pos += toAlign(pos, fmt, opt, size);
            if (!(Long.compareUnsigned(size, ld) <= 0 && Long.compareUnsigned(pos, ld - size) <= 0)) {
                LuaArgs.argError(rt, L, 2, "unpack", "data string too short");
            }
            rt.checkStack(L, 2);
            int at = (int) pos;
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    boolean signed = Character.isLowerCase(opt);
                    long l = 0;
                    for (int k = 0; k < size; k++) {
                        int idx = fmt.little ? (int) size - 1 - k : k;
                        l = (l << 8) | (data[at + idx] & 0xff);
                    }
                    double res;
                    if (!signed) {
                        res = unsignedToDouble(l);
                    } else {
                        long mask = -1L << (int) (size * 8 - 1);
                        if ((l & mask) != 0) {
                            l |= mask;
                        }
                        res = (double) l;
                    }
                    rt.natives.lua_pushnumber(p, res);
                    n++;
                }
                case 'x' -> {
                }
                case 'f' -> {
                    long bits = read(data, at, 4, fmt.little);
                    rt.natives.lua_pushnumber(p, Float.intBitsToFloat((int) bits));
                    n++;
                }
                case 'd' -> {
                    rt.natives.lua_pushnumber(p, Double.longBitsToDouble(read(data, at, 8, fmt.little)));
                    n++;
                }
                case 'c' -> {
                    if (size == 0) {
                        if (n == 0 || rt.natives.lua_isnumber(p, -1) == 0) {
                            rt.raise(L, "format 'c0' needs a previous size");
                            throw new LuaRuntime.Raise();
                        }
                        size = LuaArgs.cLong(rt.natives.lua_tonumber(p, -1));
                        rt.natives.lua_settop(p, -2);
                        n--;
                        if (!(Long.compareUnsigned(size, ld) <= 0 && Long.compareUnsigned(pos, ld - size) <= 0)) {
                            LuaArgs.argError(rt, L, 2, "unpack", "data string too short");
                        }
                    }
                    rt.push(L, java.util.Arrays.copyOfRange(data, at, at + (int) size));
                    n++;
                }
                case 's' -> {
                    int e = -1;
                    for (int k = at; k < data.length; k++) {
                        if (data[k] == 0) {
                            e = k;
                            break;
                        }
                    }
                    if (e < 0) {
                        rt.raise(L, "unfinished string in data");
                        throw new LuaRuntime.Raise();
                    }
                    size = e - at + 1;
                    rt.push(L, java.util.Arrays.copyOfRange(data, at, e));
                    n++;
                }
                default -> control(L, opt, fmt, "unpack");
            }
            pos += size;
        }
        rt.natives.lua_pushinteger(p, pos + 1);
        return n + 1;
    }

    private static long read(byte[] data, int at, int size, boolean little) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            int idx = little ? size - 1 - k : k;
            v = (v << 8) | (data[at + idx] & 0xff);
        }
        return v;
    }

    private int size(Lua L) {
        byte[] f = RedisLib.cut(LuaArgs.checkBytes(rt, L, 1, "size"));
        Format fmt = new Format(f);
        long pos = 0;
        while (fmt.more()) {
            int opt = f[fmt.i++] & 0xff;
            long size = optSize(L, opt, fmt);
            pos += toAlign(pos, fmt, opt, size);
            if (opt == 's') {
                LuaArgs.argError(rt, L, 1, "size", "option 's' has no fixed size");
            } else if (opt == 'c' && size == 0) {
                LuaArgs.argError(rt, L, 1, "size", "option 'c0' has no fixed size");
            }
            if (!((opt >= 'a' && opt <= 'z') || (opt >= 'A' && opt <= 'Z') || (opt >= '0' && opt <= '9'))) {
                control(L, opt, fmt, "size");
            }
            pos += size;
        }
        rt.natives.lua_pushinteger(p(L), pos);
        return 1;
    }

    private static long p(Lua L) {
        return L.getPointer();
    }
}
