package io.hashslot.scripting;

import party.iroiro.luajava.Lua;

/**
 * Argument checks of Java functions called from Lua, with the messages of Lua's luaL_check* functions
 * ("bad argument #1 to 'band' (number expected, got nil)"), raised at the caller's line.
 */
final class LuaArgs {
    private LuaArgs() {
    }

    /** Lua's name of the type of argument n ("no value" when absent). */
    static String typeName(LuaRuntime rt, Lua L, int n) {
        return rt.natives.luaL_typename(L.getPointer(), n);
    }

    /** Raises luaL_argerror's message; use as {@code return argError(...)} or let the Raise propagate. */
    static int argError(LuaRuntime rt, Lua L, int n, String fname, String msg) {
        String[] caller = rt.callerName(L);
        String name = caller == null ? fname : caller[0];
        if (caller != null && caller[1].equals("method")) {
            n--;
            if (n == 0) {
                rt.raise(L, "calling '" + name + "' on bad self (" + msg + ")");
                throw new LuaRuntime.Raise();
            }
        }
        rt.raise(L, "bad argument #" + n + " to '" + (name == null ? "?" : name) + "' (" + msg + ")");
        throw new LuaRuntime.Raise();
    }

    static int typeError(LuaRuntime rt, Lua L, int n, String fname, String expected) {
        return argError(rt, L, n, fname, expected + " expected, got " + typeName(rt, L, n));
    }

    static double checkNumber(LuaRuntime rt, Lua L, int n, String fname) {
        long p = L.getPointer();
        double d = rt.natives.lua_tonumber(p, n);
        if (d == 0 && rt.natives.lua_isnumber(p, n) == 0) {
            typeError(rt, L, n, fname, "number");
        }
        return d;
    }

    /** luaL_optnumber. */
    static double optNumber(LuaRuntime rt, Lua L, int n, String fname, double def) {
        int t = rt.natives.lua_type(L.getPointer(), n);
        if (t == LuaRuntime.TNIL || t == -1) {
            return def;
        }
        return checkNumber(rt, L, n, fname);
    }

    /** luaL_checkinteger: the number truncated as C's cast does on x86-64. */
    static long checkInteger(LuaRuntime rt, Lua L, int n, String fname) {
        return cLong(checkNumber(rt, L, n, fname));
    }

    static int checkInt(LuaRuntime rt, Lua L, int n, String fname) {
        return (int) checkInteger(rt, L, n, fname);
    }

    /** luaL_checklstring: the bytes of a string or number argument. */
    static byte[] checkBytes(LuaRuntime rt, Lua L, int n, String fname) {
        byte[] b = rt.bytes(L, n);
        if (b == null) {
            typeError(rt, L, n, fname, "string");
        }
        return b;
    }

    /** C's (long long) cast of a double on x86-64: truncation, and LLONG_MIN when out of range or NaN. */
    static long cLong(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }
}
