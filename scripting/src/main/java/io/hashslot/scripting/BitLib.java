package io.hashslot.scripting;

import party.iroiro.luajava.Lua;

/**
 * The {@code bit} library of Redis scripts (LuaBitOp 1.0): 32-bit operations on Lua numbers, results signed, inputs
 * reduced modulo 2^32 after rounding as LuaBitOp does with its 2^52+2^51 trick.
 */
final class BitLib {
    private final LuaRuntime rt;

    BitLib(LuaRuntime rt) {
        this.rt = rt;
    }

    void push() {
        rt.newTable(rt.lua, 0, 12);
        rt.setFunction("tobit", L -> ret(L, arg(L, 1, "tobit")));
        rt.setFunction("bnot", L -> ret(L, ~arg(L, 1, "bnot")));
        rt.setFunction("band", L -> fold(L, "band", 0));
        rt.setFunction("bor", L -> fold(L, "bor", 1));
        rt.setFunction("bxor", L -> fold(L, "bxor", 2));
        rt.setFunction("lshift", L -> ret(L, arg(L, 1, "lshift") << (arg(L, 2, "lshift") & 31)));
        rt.setFunction("rshift", L -> ret(L, arg(L, 1, "rshift") >>> (arg(L, 2, "rshift") & 31)));
        rt.setFunction("arshift", L -> ret(L, arg(L, 1, "arshift") >> (arg(L, 2, "arshift") & 31)));
        rt.setFunction("rol", L -> ret(L, Integer.rotateLeft(arg(L, 1, "rol"), arg(L, 2, "rol") & 31)));
        rt.setFunction("ror", L -> ret(L, Integer.rotateRight(arg(L, 1, "ror"), arg(L, 2, "ror") & 31)));
        rt.setFunction("bswap", L -> ret(L, Integer.reverseBytes(arg(L, 1, "bswap"))));
        rt.setFunction("tohex", this::tohex);
    }

    /** LuaBitOp's barg: the low 32 bits of the number rounded to an integer. */
    private int arg(Lua L, int n, String fname) {
        long p = L.getPointer();
        double d = rt.natives.lua_tonumber(p, n);
        int b = bits(d);
        if (b == 0 && rt.natives.lua_isnumber(p, n) == 0) {
            LuaArgs.typeError(rt, L, n, fname, "number");
        }
        return b;
    }

    static int bits(double d) {
        return (int) Double.doubleToRawLongBits(d + 6755399441055744.0);
    }

    private int ret(Lua L, int b) {
        rt.natives.lua_pushnumber(L.getPointer(), b);
        return 1;
    }

    private int fold(Lua L, String fname, int op) {
        int b = arg(L, 1, fname);
        for (int i = rt.natives.lua_gettop(L.getPointer()); i > 1; i--) {
            int x = arg(L, i, fname);
            b = op == 0 ? b & x : op == 1 ? b | x : b ^ x;
        }
        return ret(L, b);
    }

    private int tohex(Lua L) {
        int b = arg(L, 1, "tohex");
        int n = rt.natives.lua_isnone(L.getPointer(), 2) != 0 ? 8 : arg(L, 2, "tohex");
        String digits = "0123456789abcdef";
        if (n == Integer.MIN_VALUE) {
            n = Integer.MIN_VALUE + 1; // as patched for CVE-2024-31449
        }
        if (n < 0) {
            n = -n;
            digits = "0123456789ABCDEF";
        }
        if (n > 8) {
            n = 8;
        }
        char[] buf = new char[Math.max(0, n)];
        for (int i = n; --i >= 0; ) {
            buf[i] = digits.charAt(b & 15);
            b >>>= 4;
        }
        rt.pushString(L, new String(buf));
        return 1;
    }
}
