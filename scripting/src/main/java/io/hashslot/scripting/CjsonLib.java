package io.hashslot.scripting;

import party.iroiro.luajava.Lua;

/**
 * The {@code cjson} library of Redis scripts (lua-cjson 2.1.0 as Redis ships it): encode, decode, the configuration
 * functions, cjson.null, cjson.new; Redis's defaults (sparse arrays: error when max > 2 * items and max > 10, depth
 * 1000, numbers as %.14g, invalid numbers refused when encoding and accepted when decoding).
 */
final class CjsonLib {
    final LuaRuntime rt;
    /** encode_sparse_convert, ratio, safe. */
    boolean sparseConvert;
    int sparseRatio = 2;
    int sparseSafe = 10;
    int encodeMaxDepth = 1000;
    int decodeMaxDepth = 1000;
    /** 0 off, 1 on, 2 null. */
    int encodeInvalidNumbers;
    boolean decodeInvalidNumbers = true;
    boolean keepBuffer = true;
    int precision = 14;

    CjsonLib(LuaRuntime rt) {
        this.rt = rt;
    }

    /** Pushes a cjson module table with its own configuration. */
    void push() {
        rt.newTable(rt.lua, 0, 0);
        fill(rt.lua);
    }

    /** Sets the module's fields on the table on top of T's stack. */
    private void fill(Lua T) {
        rt.setFunction(T, "encode", L -> new JsonEncoder(this, L).encode());
        rt.setFunction(T, "decode", L -> new JsonDecoder(this, L).decode());
        rt.setFunction(T, "encode_sparse_array", this::encodeSparseArray);
        rt.setFunction(T, "encode_max_depth", L -> {
            init(L, 1, "encode_max_depth");
            encodeMaxDepth = intOption(L, 1, encodeMaxDepth, 1, Integer.MAX_VALUE, "encode_max_depth");
            return 1;
        });
        rt.setFunction(T, "decode_max_depth", L -> {
            init(L, 1, "decode_max_depth");
            decodeMaxDepth = intOption(L, 1, decodeMaxDepth, 1, Integer.MAX_VALUE, "decode_max_depth");
            return 1;
        });
        rt.setFunction(T, "encode_number_precision", L -> {
            init(L, 1, "encode_number_precision");
            precision = intOption(L, 1, precision, 1, 14, "encode_number_precision");
            return 1;
        });
        rt.setFunction(T, "encode_keep_buffer", L -> {
            init(L, 1, "encode_keep_buffer");
            keepBuffer = enumOption(L, 1, keepBuffer ? 1 : 0, BOOL_OPTIONS, "encode_keep_buffer") == 1;
            return 1;
        });
        rt.setFunction(T, "encode_invalid_numbers", L -> {
            init(L, 1, "encode_invalid_numbers");
            encodeInvalidNumbers = enumOption(L, 1, encodeInvalidNumbers, new String[] {"off", "on", "null"},
                "encode_invalid_numbers");
            return 1;
        });
        rt.setFunction(T, "decode_invalid_numbers", L -> {
            init(L, 1, "decode_invalid_numbers");
            decodeInvalidNumbers = enumOption(L, 1, decodeInvalidNumbers ? 1 : 0, BOOL_OPTIONS,
                "decode_invalid_numbers") == 1;
            return 1;
        });
        rt.setFunction(T, "new", L -> {
            rt.newTable(L, 0, 0);
            new CjsonLib(rt).fill(L);
            return 1;
        });
        long p = T.getPointer();
        rt.natives.lua_pushlightuserdata(p, 0);
        rt.natives.lua_setfield(p, -2, "null");
        rt.pushString(T, "cjson");
        rt.natives.lua_setfield(p, -2, "_NAME");
        rt.pushString(T, "2.1.0");
        rt.natives.lua_setfield(p, -2, "_VERSION");
    }

    private static final String[] BOOL_OPTIONS = {"off", "on"};

    /** json_arg_init: at most n arguments, padded with nil. */
    private void init(Lua L, int n, String fname) {
        long p = L.getPointer();
        if (rt.natives.lua_gettop(p) > n) {
            LuaArgs.argError(rt, L, n + 1, fname, "found too many arguments");
        }
        rt.natives.lua_settop(p, n);
    }

    private int intOption(Lua L, int idx, int setting, int min, int max, String fname) {
        long p = L.getPointer();
        if (rt.natives.lua_type(p, idx) != LuaRuntime.TNIL) {
            int value = (int) LuaArgs.checkInteger(rt, L, idx, fname);
            if (value < min || value > max) {
                LuaArgs.argError(rt, L, 1, fname, "expected integer between " + min + " and " + max);
            }
            setting = value;
        }
        rt.natives.lua_pushinteger(p, setting);
        return setting;
    }

    private int enumOption(Lua L, int idx, int setting, String[] options, String fname) {
        long p = L.getPointer();
        int t = rt.natives.lua_type(p, idx);
        if (t != LuaRuntime.TNIL) {
            if (t == LuaRuntime.TBOOLEAN) {
                setting = rt.natives.lua_toboolean(p, idx) != 0 ? 1 : 0;
            } else {
                byte[] name = LuaArgs.checkBytes(rt, L, idx, fname);
                String s = new String(RedisLib.cut(name), java.nio.charset.StandardCharsets.ISO_8859_1);
                int found = -1;
                for (int i = 0; i < options.length; i++) {
                    if (options[i].equals(s)) {
                        found = i;
                        break;
                    }
                }
                if (found < 0) {
                    LuaArgs.argError(rt, L, idx, fname, "invalid option '" + s + "'");
                }
                setting = found;
            }
        }
        if (setting == 0 || setting == 1) {
            rt.natives.lua_pushboolean(p, setting);
        } else {
            rt.pushString(L, options[setting]);
        }
        return setting;
    }

    private int encodeSparseArray(Lua L) {
        init(L, 3, "encode_sparse_array");
        sparseConvert = enumOption(L, 1, sparseConvert ? 1 : 0, BOOL_OPTIONS, "encode_sparse_array") == 1;
        sparseRatio = intOption(L, 2, sparseRatio, 0, Integer.MAX_VALUE, "encode_sparse_array");
        sparseSafe = intOption(L, 3, sparseSafe, 0, Integer.MAX_VALUE, "encode_sparse_array");
        return 3;
    }
}
