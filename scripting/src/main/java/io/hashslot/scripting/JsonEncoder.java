package io.hashslot.scripting;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import party.iroiro.luajava.Lua;

/** cjson.encode: a Lua value as JSON text, with lua-cjson's array detection, escapes and error messages. */
final class JsonEncoder {
    private static final String[] ESCAPES = new String[256];

    static {
        for (int i = 0; i < 32; i++) {
            ESCAPES[i] = String.format("\\u%04x", i);
        }
        ESCAPES['\b'] = "\\b";
        ESCAPES['\t'] = "\\t";
        ESCAPES['\n'] = "\\n";
        ESCAPES['\f'] = "\\f";
        ESCAPES['\r'] = "\\r";
        ESCAPES['"'] = "\\\"";
        ESCAPES['/'] = "\\/";
        ESCAPES['\\'] = "\\\\";
        ESCAPES[127] = "\\u007f";
    }

    private final CjsonLib cfg;
    private final LuaRuntime rt;
    private final Lua L;
    private final long p;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    JsonEncoder(CjsonLib cfg, Lua L) {
        this.cfg = cfg;
        this.rt = cfg.rt;
        this.L = L;
        this.p = L.getPointer();
    }

    int encode() {
        if (rt.natives.lua_gettop(p) != 1) {
            LuaArgs.argError(rt, L, 1, "encode", "expected 1 argument");
        }
        data(0);
        rt.push(L, out.toByteArray());
        return 1;
    }

    private void fail(int idx, String reason) {
        String type = rt.natives.lua_typename(p, rt.natives.lua_type(p, idx));
        rt.raise(L, "Cannot serialise " + type + ": " + reason);
        throw new LuaRuntime.Raise();
    }

    private void ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void string(int idx) {
        byte[] b = rt.bytes(L, idx);
        out.write('"');
        for (byte x : b) {
            String e = ESCAPES[x & 0xff];
            if (e != null) {
                ascii(e);
            } else {
                out.write(x);
            }
        }
        out.write('"');
    }

    private void number(int idx) {
        double d = rt.natives.lua_tonumber(p, idx);
        if (cfg.encodeInvalidNumbers == 0) {
            if (Double.isInfinite(d) || Double.isNaN(d)) {
                fail(idx, "must not be NaN or Inf");
            }
        } else if (cfg.encodeInvalidNumbers == 1) {
            if (Double.isNaN(d)) {
                ascii("nan");
                return;
            }
        } else if (Double.isInfinite(d) || Double.isNaN(d)) {
            ascii("null");
            return;
        }
        ascii(CNumbers.g(d, cfg.precision));
    }

    /** Encodes the value on top of the stack (left there). */
    private void data(int depth) {
        switch (rt.natives.lua_type(p, -1)) {
            case LuaRuntime.TSTRING -> string(-1);
            case LuaRuntime.TNUMBER -> number(-1);
            case LuaRuntime.TBOOLEAN -> ascii(rt.natives.lua_toboolean(p, -1) != 0 ? "true" : "false");
            case LuaRuntime.TTABLE -> {
                depth++;
                if (depth > cfg.encodeMaxDepth || rt.natives.lua_checkstack(p, 3) == 0) {
                    rt.raise(L, "Cannot serialise, excessive nesting (" + depth + ")");
                    throw new LuaRuntime.Raise();
                }
                int len = arrayLength();
                if (len > 0) {
                    array(depth, len);
                } else {
                    object(depth);
                }
            }
            case LuaRuntime.TNIL -> ascii("null");
            case LuaRuntime.TLIGHTUSERDATA -> {
                if (rt.natives.lua_touserdata(p, -1) == 0) {
                    ascii("null");
                } else {
                    fail(-1, "type not supported");
                }
            }
            default -> fail(-1, "type not supported");
        }
    }

    /** lua_array_length: the highest index of a table of positive integer keys, -1 for an object. */
    private int arrayLength() {
        int max = 0;
        int items = 0;
        rt.natives.lua_pushnil(p);
        while (rt.natives.lua_next(p, -2) != 0) {
            double k;
            if (rt.natives.lua_type(p, -2) == LuaRuntime.TNUMBER && (k = rt.natives.lua_tonumber(p, -2)) != 0
                && Math.floor(k) == k && k >= 1) {
                if (k > max) {
                    max = k <= Integer.MAX_VALUE ? (int) k : Integer.MIN_VALUE;
                }
                items++;
                rt.natives.lua_settop(p, -2);
                continue;
            }
            rt.natives.lua_settop(p, -3);
            return -1;
        }
        if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
            if (!cfg.sparseConvert) {
                fail(-1, "excessively sparse array");
            }
            return -1;
        }
        return max;
    }

    private void array(int depth, int len) {
        out.write('[');
        for (int i = 1; i <= len; i++) {
            if (i > 1) {
                out.write(',');
            }
            rt.natives.lua_rawgeti(p, -1, i);
            data(depth);
            rt.natives.lua_settop(p, -2);
        }
        out.write(']');
    }

    private void object(int depth) {
        out.write('{');
        boolean comma = false;
        rt.natives.lua_pushnil(p);
        while (rt.natives.lua_next(p, -2) != 0) {
            if (comma) {
                out.write(',');
            } else {
                comma = true;
            }
            int keyType = rt.natives.lua_type(p, -2);
            if (keyType == LuaRuntime.TNUMBER) {
                out.write('"');
                number(-2);
                ascii("\":");
            } else if (keyType == LuaRuntime.TSTRING) {
                string(-2);
                out.write(':');
            } else {
                fail(-2, "table key must be a number or string");
            }
            data(depth);
            rt.natives.lua_settop(p, -2);
        }
        out.write('}');
    }
}
