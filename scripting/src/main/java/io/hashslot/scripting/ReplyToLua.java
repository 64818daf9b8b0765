package io.hashslot.scripting;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import party.iroiro.luajava.Lua;

/**
 * Pushes the Lua value of one RESP2/RESP3 reply (redisProtocolToLuaType): integers become numbers, bulk strings
 * strings, null bulks and arrays false (RESP2) or nil (RESP3 null), status {ok=...}, errors {err=...} marked as
 * already counted, maps {map={...}}, sets {set={k=true}}, doubles {double=n}, big numbers {big_number=s}, verbatim
 * strings {verbatim_string={string=s, format=f}}; attributes are skipped. Tables are built as Redis builds them
 * (empty, then one entry at a time), so their layout, hence {@code #} and {@code pairs} order, is the same. Flat
 * arrays of scalars, the common case, are built by one bytecode chunk into a table of the same array size.
 */
final class ReplyToLua {
    private static final Object NIL = new Object();

    private final LuaRuntime rt;
    private final Lua L;
    private final long p;
    private final byte[] r;
    private int pos;

    ReplyToLua(LuaRuntime rt, Lua L, byte[] reply) {
        this.rt = rt;
        this.L = L;
        this.p = L.getPointer();
        this.r = reply;
    }

    void push() {
        value();
    }

    private String line() {
        int start = pos;
        while (r[pos] != '\r') {
            pos++;
        }
        String s = new String(r, start, pos - start, StandardCharsets.ISO_8859_1);
        pos += 2;
        return s;
    }

    private byte[] blob(int n) {
        byte[] b = Arrays.copyOfRange(r, pos, pos + n);
        pos += n + 2;
        return b;
    }

    private void value() {
        rt.checkStack(L, 4);
        char type = (char) r[pos++];
        switch (type) {
            case ':' -> rt.natives.lua_pushnumber(p, Long.parseLong(line()));
            case '$' -> {
                int n = Integer.parseInt(line());
                if (n < 0) {
                    rt.natives.lua_pushboolean(p, 0);
                } else {
                    rt.push(L, blob(n));
                }
            }
            case '+' -> {
                byte[] s = line().getBytes(StandardCharsets.ISO_8859_1);
                rt.newTable(L, 0, 0);
                rt.push(L, s);
                rt.natives.lua_setfield(p, -2, "ok");
            }
            case '-' -> {
                rt.pushErrorTable(L, "-" + line());
                rt.natives.lua_pushboolean(p, 1);
                rt.natives.lua_setfield(p, -2, "ignore_error_stats_update");
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(line());
                if (n < 0) {
                    rt.natives.lua_pushboolean(p, 0);
                } else if (type == '~') {
                    set(n);
                } else {
                    array(n);
                }
            }
            case '%' -> map(Integer.parseInt(line()));
            case '|' -> {
                int n = Integer.parseInt(line());
                for (int i = 0; i < 2 * n; i++) {
                    value();
                    rt.natives.lua_settop(p, -2);
                }
                value();
            }
            case '_' -> {
                line();
                rt.natives.lua_pushnil(p);
            }
            case '#' -> rt.natives.lua_pushboolean(p, line().equals("t") ? 1 : 0);
            case ',' -> {
                double d = parseDouble(line());
                rt.newTable(L, 0, 0);
                rt.natives.lua_pushnumber(p, d);
                rt.natives.lua_setfield(p, -2, "double");
            }
            case '(' -> {
                byte[] s = line().getBytes(StandardCharsets.ISO_8859_1);
                rt.newTable(L, 0, 0);
                rt.push(L, s);
                rt.natives.lua_setfield(p, -2, "big_number");
            }
            case '=' -> {
                int n = Integer.parseInt(line());
                byte[] all = blob(n);
                rt.newTable(L, 0, 0);
                rt.newTable(L, 0, 0);
                rt.push(L, Arrays.copyOfRange(all, Math.min(4, n), n));
                rt.natives.lua_setfield(p, -2, "string");
                rt.push(L, Arrays.copyOf(all, Math.min(3, n)));
                rt.natives.lua_setfield(p, -2, "format");
                rt.natives.lua_setfield(p, -2, "verbatim_string");
            }
            default -> throw new IllegalStateException("unexpected reply type " + type);
        }
    }

    static double parseDouble(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    /** Reads the scalar at pos (for the flat array path); returns null when the element is not a scalar. */
    private Object scalar() {
        char type = (char) r[pos];
        switch (type) {
            case ':' -> {
                pos++;
                return (double) Long.parseLong(line());
            }
            case '$' -> {
                pos++;
                int n = Integer.parseInt(line());
                return n < 0 ? Boolean.FALSE : blob(n);
            }
            case '_' -> {
                pos++;
                line();
                return NIL;
            }
            case '#' -> {
                pos++;
                return line().equals("t");
            }
            default -> {
                return null;
            }
        }
    }

    private void array(int n) {
        int start = pos;
        Object[] items = new Object[n];
        boolean flat = true;
        for (int i = 0; i < n; i++) {
            Object v = scalar();
            if (v == null || v == NIL) {
                flat = false; // nested values, or RESP3 nulls (holes Redis never stores): built as Redis does
                break;
            }
            items[i] = v;
        }
        if (flat) {
            // the array part Redis's one-by-one inserts end with: the next power of two
            rt.newTable(L, LuaRuntime.arraySize(n), 0);
            if (n > 0) {
                rt.fillArray(L, rt.natives.lua_gettop(p), items, 0, n);
            }
            return;
        }
        rt.newTable(L, 0, 0);
        pos = start;
        for (int i = 0; i < n; i++) {
            rt.natives.lua_pushnumber(p, i + 1);
            value();
            rt.natives.lua_rawset(p, -3);
        }
    }

    private void map(int n) {
        rt.newTable(L, 0, 0);
        rt.newTable(L, 0, 0);
        for (int i = 0; i < n; i++) {
            value();
            value();
            if (rt.natives.lua_type(p, -2) == LuaRuntime.TNIL || isNaN(-2)) {
                rt.natives.lua_settop(p, -3); // Lua cannot index by nil or NaN
            } else {
                rt.natives.lua_rawset(p, -3);
            }
        }
        rt.natives.lua_setfield(p, -2, "map");
    }

    private void set(int n) {
        rt.newTable(L, 0, 0);
        rt.newTable(L, 0, 0);
        for (int i = 0; i < n; i++) {
            value();
            if (rt.natives.lua_type(p, -1) == LuaRuntime.TNIL || isNaN(-1)) {
                rt.natives.lua_settop(p, -2);
                continue;
            }
            rt.natives.lua_pushboolean(p, 1);
            rt.natives.lua_rawset(p, -3);
        }
        rt.natives.lua_setfield(p, -2, "set");
    }

    private boolean isNaN(int idx) {
        return rt.natives.lua_type(p, idx) == LuaRuntime.TNUMBER && Double.isNaN(rt.natives.lua_tonumber(p, idx));
    }
}
