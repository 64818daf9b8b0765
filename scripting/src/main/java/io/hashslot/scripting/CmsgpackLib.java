package io.hashslot.scripting;

import java.io.ByteArrayOutputStream;
import party.iroiro.luajava.Lua;

/**
 * The {@code cmsgpack} library of Redis scripts (lua-cmsgpack 0.4.0): pack, unpack, unpack_one, unpack_limit, with
 * its encodings (smallest integer form, float when exact, nesting cut at 16 levels) and error messages.
 */
final class CmsgpackLib {
    private static final int MAX_NESTING = 16;

    private final LuaRuntime rt;

    CmsgpackLib(LuaRuntime rt) {
        this.rt = rt;
    }

    void push() {
        rt.newTable(rt.lua, 0, 0);
        rt.setFunction("pack", this::pack);
        rt.setFunction("unpack", L -> unpack(L, 0, 0));
        rt.setFunction("unpack_one", L -> {
            long offset = optInteger(L, 2);
            rt.natives.lua_settop(L.getPointer(), 1);
            return unpack(L, 1, offset);
        });
        rt.setFunction("unpack_limit", L -> {
            long limit = LuaArgs.checkInteger(rt, L, 2, "unpack_limit");
            long offset = optInteger(L, 3);
            rt.natives.lua_settop(L.getPointer(), 1);
            return unpack(L, limit, offset);
        });
        rt.setString("_NAME", "cmsgpack");
        rt.setString("_VERSION", "lua-cmsgpack 0.4.0");
        rt.setString("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
        rt.setString("_DESCRIPTION", "MessagePack C implementation for Lua");
    }

    private long optInteger(Lua L, int n) {
        int t = rt.natives.lua_type(L.getPointer(), n);
        return t == LuaRuntime.TNIL || t == -1 ? 0 : LuaArgs.checkInteger(rt, L, n, "unpack_one");
    }

    // ---- packing ----

    private int pack(Lua L) {
        long p = L.getPointer();
        int n = rt.natives.lua_gettop(p);
        if (n == 0) {
            return LuaArgs.argError(rt, L, 0, "pack", "MessagePack pack needs input.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= n; i++) {
            rt.checkStack(L, 1);
            rt.natives.lua_pushvalue(p, i);
            encode(L, out, 0);
        }
        rt.push(L, out.toByteArray());
        return 1;
    }

    private static void be(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    /** Encodes and pops the value on top. */
    private void encode(Lua L, ByteArrayOutputStream out, int level) {
        long p = L.getPointer();
        int t = rt.natives.lua_type(p, -1);
        if (t == LuaRuntime.TTABLE && level == MAX_NESTING) {
            t = LuaRuntime.TNIL;
        }
        switch (t) {
            case LuaRuntime.TSTRING -> bytes(out, rt.bytes(L, -1));
            case LuaRuntime.TBOOLEAN -> out.write(rt.natives.lua_toboolean(p, -1) != 0 ? 0xc3 : 0xc2);
            case LuaRuntime.TNUMBER -> number(out, rt.natives.lua_tonumber(p, -1));
            case LuaRuntime.TTABLE -> table(L, out, level);
            default -> out.write(0xc0);
        }
        rt.natives.lua_settop(p, -2);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] s) {
        int len = s.length;
        if (len < 32) {
            out.write(0xa0 | len);
        } else if (len <= 0xff) {
            out.write(0xd9);
            out.write(len);
        } else if (len <= 0xffff) {
            out.write(0xda);
            be(out, len, 2);
        } else {
            out.write(0xdb);
            be(out, len, 4);
        }
        out.writeBytes(s);
    }

    private static void number(ByteArrayOutputStream out, double n) {
        if (!Double.isInfinite(n) && (double) LuaArgs.cLong(n) == n) {
            integer(out, LuaArgs.cLong(n));
            return;
        }
        float f = (float) n;
        if ((double) f == n) {
            out.write(0xca);
            be(out, Float.floatToRawIntBits(f) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            be(out, Double.doubleToRawLongBits(n), 8);
        }
    }

    private static void integer(ByteArrayOutputStream out, long n) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                out.write((int) n);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                be(out, n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                be(out, n, 4);
            } else {
                out.write(0xcf);
                be(out, n, 8);
            }
        } else {
            if (n >= -32) {
                out.write((int) n & 0xff);
            } else if (n >= -128) {
                out.write(0xd0);
                out.write((int) n & 0xff);
            } else if (n >= -32768) {
                out.write(0xd1);
                be(out, n, 2);
            } else if (n >= -2147483648L) {
                out.write(0xd2);
                be(out, n, 4);
            } else {
                out.write(0xd3);
                be(out, n, 8);
            }
        }
    }

    private void header(ByteArrayOutputStream out, long n, int fix, int b16, int b32) {
        if (n <= 15) {
            out.write(fix | (int) n);
        } else if (n <= 65535) {
            out.write(b16);
            be(out, n, 2);
        } else {
            out.write(b32);
            be(out, n, 4);
        }
    }

    private void table(Lua L, ByteArrayOutputStream out, int level) {
        long p = L.getPointer();
        if (isArray(L)) {
            long len = rt.natives.lua_objlen(p, -1);
            header(out, len, 0x90, 0xdc, 0xdd);
            rt.checkStack(L, 1);
            for (long j = 1; j <= len; j++) {
                rt.natives.lua_pushnumber(p, j);
                rt.natives.lua_rawget(p, -2);
                encode(L, out, level + 1);
            }
            return;
        }
        rt.checkStack(L, 3);
        long len = 0;
        rt.natives.lua_pushnil(p);
        while (rt.natives.lua_next(p, -2) != 0) {
            rt.natives.lua_settop(p, -2);
            len++;
        }
        header(out, len, 0x80, 0xde, 0xdf);
        rt.natives.lua_pushnil(p);
        while (rt.natives.lua_next(p, -2) != 0) {
            rt.natives.lua_pushvalue(p, -2);
            encode(L, out, level + 1);
            encode(L, out, level + 1);
        }
    }

    /** table_is_an_array: keys exactly 1..n. */
    private boolean isArray(Lua L) {
        long p = L.getPointer();
        int top = rt.natives.lua_gettop(p);
        rt.checkStack(L, 2);
        long count = 0;
        long max = 0;
        rt.natives.lua_pushnil(p);
        while (rt.natives.lua_next(p, -2) != 0) {
            rt.natives.lua_settop(p, -2);
            double n;
            if (rt.natives.lua_type(p, -1) != LuaRuntime.TNUMBER || (n = rt.natives.lua_tonumber(p, -1)) <= 0
                || Double.isInfinite(n) || n != (int) n || n > Integer.MAX_VALUE) {
                rt.natives.lua_settop(p, top);
                return false;
            }
            max = Math.max(max, (long) n);
            count++;
        }
        rt.natives.lua_settop(p, top);
        return max == count;
    }

    // ---- unpacking ----

    /** Thrown when the input ends early (EOF) or holds an unknown type byte. */
    private static final class Bad extends Exception {
        final boolean eof;

        Bad(boolean eof) {
            super(null, null, false, false);
            this.eof = eof;
        }
    }

    private int unpack(Lua L, long limit, long offset) {
        long p = L.getPointer();
        byte[] s = LuaArgs.checkBytes(rt, L, 1, limit == 0 && offset == 0 ? "unpack" : "unpack_one");
        boolean all = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            return rt.raise(L, "Invalid request to unpack with offset of " + (int) offset + " and limit of "
                + s.length + ".");
        } else if (offset > s.length) {
            return rt.raise(L, "Start offset " + (int) offset + " greater than input length " + s.length + ".");
        }
        if (all) {
            limit = Integer.MAX_VALUE;
        }
        int[] pos = {(int) offset};
        int count = 0;
        for (; pos[0] < s.length && count < limit; count++) {
            try {
                decode(L, s, pos);
            } catch (Bad b) {
                return rt.raise(L, b.eof ? "Missing bytes in input." : "Bad data format in input.");
            }
        }
        if (!all) {
            rt.checkStack(L, 1);
            rt.natives.lua_pushinteger(p, pos[0] >= s.length ? -1 : pos[0]);
            rt.natives.lua_insert(p, 2);
            count++;
        }
        return count;
    }

    private static void need(byte[] s, int[] pos, int n) throws Bad {
        if (s.length - pos[0] < n) {
            throw new Bad(true);
        }
    }

    private static long u(byte[] s, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (s[at + i] & 0xff);
        }
        return v;
    }

    private void decode(Lua L, byte[] s, int[] pos) throws Bad {
        long p = L.getPointer();
        need(s, pos, 1);
        if (rt.natives.lua_checkstack(p, 1) == 0) {
            rt.raise(L, "stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)");
            throw new LuaRuntime.Raise();
        }
        int b = s[pos[0]] & 0xff;
        int at = pos[0];
        switch (b) {
            case 0xcc -> fixed(p, s, pos, 2, s.length > at + 1 ? s[at + 1] & 0xff : 0);
            case 0xd0 -> fixed(p, s, pos, 2, s.length > at + 1 ? s[at + 1] : 0);
            case 0xcd -> fixed(p, s, pos, 3, s.length > at + 2 ? u(s, at + 1, 2) : 0);
            case 0xd1 -> fixed(p, s, pos, 3, s.length > at + 2 ? (short) u(s, at + 1, 2) : 0);
            case 0xce -> fixed(p, s, pos, 5, s.length > at + 4 ? u(s, at + 1, 4) : 0);
            case 0xd2 -> fixed(p, s, pos, 5, s.length > at + 4 ? (int) u(s, at + 1, 4) : 0);
            case 0xcf, 0xd3 -> fixed(p, s, pos, 9, s.length > at + 8 ? u(s, at + 1, 8) : 0);
            case 0xc0 -> {
                rt.natives.lua_pushnil(p);
                pos[0]++;
            }
            case 0xc3, 0xc2 -> {
                rt.natives.lua_pushboolean(p, b == 0xc3 ? 1 : 0);
                pos[0]++;
            }
            case 0xca -> {
                need(s, pos, 5);
                rt.natives.lua_pushnumber(p, Float.intBitsToFloat((int) u(s, at + 1, 4)));
                pos[0] += 5;
            }
            case 0xcb -> {
                need(s, pos, 9);
                rt.natives.lua_pushnumber(p, Double.longBitsToDouble(u(s, at + 1, 8)));
                pos[0] += 9;
            }
            case 0xd9 -> {
                need(s, pos, 2);
                raw(L, s, pos, 2, (int) u(s, at + 1, 1));
            }
            case 0xda -> {
                need(s, pos, 3);
                raw(L, s, pos, 3, (int) u(s, at + 1, 2));
            }
            case 0xdb -> {
                need(s, pos, 5);
                long len = u(s, at + 1, 4);
                pos[0] += 5;
                if (s.length - pos[0] < len) {
                    throw new Bad(true);
                }
                raw(L, s, pos, 0, (int) len);
            }
            case 0xdc -> {
                need(s, pos, 3);
                pos[0] += 3;
                array(L, s, pos, u(s, at + 1, 2));
            }
            case 0xdd -> {
                need(s, pos, 5);
                pos[0] += 5;
                array(L, s, pos, u(s, at + 1, 4));
            }
            case 0xde -> {
                need(s, pos, 3);
                pos[0] += 3;
                map(L, s, pos, u(s, at + 1, 2));
            }
            case 0xdf -> {
                need(s, pos, 5);
                pos[0] += 5;
                map(L, s, pos, u(s, at + 1, 4));
            }
            default -> {
                if ((b & 0x80) == 0) {
                    rt.natives.lua_pushnumber(p, b);
                    pos[0]++;
                } else if ((b & 0xe0) == 0xe0) {
                    rt.natives.lua_pushnumber(p, (byte) b);
                    pos[0]++;
                } else if ((b & 0xe0) == 0xa0) {
                    raw(L, s, pos, 1, b & 0x1f);
                } else if ((b & 0xf0) == 0x90) {
                    pos[0]++;
                    array(L, s, pos, b & 0xf);
                } else if ((b & 0xf0) == 0x80) {
                    pos[0]++;
                    map(L, s, pos, b & 0xf);
                } else {
                    throw new Bad(false);
                }
            }
        }
    }

    private void fixed(long p, byte[] s, int[] pos, int size, long value) throws Bad {
        need(s, pos, size);
        rt.natives.lua_pushnumber(p, (double) value);
        pos[0] += size;
    }

    private void raw(Lua L, byte[] s, int[] pos, int header, int len) throws Bad {
        need(s, pos, header + len);
        rt.push(L, java.util.Arrays.copyOfRange(s, pos[0] + header, pos[0] + header + len));
        pos[0] += header + len;
    }

    private void array(Lua L, byte[] s, int[] pos, long len) throws Bad {
        long p = L.getPointer();
        rt.natives.lua_createtable(p, 0, 0);
        rt.checkStack(L, 1);
        for (long i = 1; i <= len; i++) {
            rt.natives.lua_pushnumber(p, i);
            decode(L, s, pos);
            rt.natives.lua_rawset(p, -3);
        }
    }

    private void map(Lua L, byte[] s, int[] pos, long len) throws Bad {
        long p = L.getPointer();
        rt.natives.lua_createtable(p, 0, 0);
        for (long i = 0; i < len; i++) {
            decode(L, s, pos);
            decode(L, s, pos);
            int kt = rt.natives.lua_type(p, -2);
            if (kt == LuaRuntime.TNIL) {
                rt.pushString(L, "table index is nil");
                throw new LuaRuntime.Raise();
            }
            if (kt == LuaRuntime.TNUMBER && Double.isNaN(rt.natives.lua_tonumber(p, -2))) {
                rt.pushString(L, "table index is NaN");
                throw new LuaRuntime.Raise();
            }
            rt.natives.lua_rawset(p, -3);
        }
    }
}
