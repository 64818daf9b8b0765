package io.hashslot.scripting;

import party.iroiro.luajava.Lua;

/** Redis's math.random and math.randomseed (Lua's own code with rand48 in place of the C library's rand). */
final class MathLib {
    private MathLib() {
    }

    static int random(LuaRuntime rt, Lua L) {
        long p = L.getPointer();
        double r = (double) (rt.random.next() % Lrand48.MAX) / (double) Lrand48.MAX;
        switch (rt.natives.lua_gettop(p)) {
            case 0 -> rt.natives.lua_pushnumber(p, r);
            case 1 -> {
                int u = LuaArgs.checkInt(rt, L, 1, "random");
                if (u < 1) {
                    return LuaArgs.argError(rt, L, 1, "random", "interval is empty");
                }
                rt.natives.lua_pushnumber(p, Math.floor(r * u) + 1);
            }
            case 2 -> {
                int l = LuaArgs.checkInt(rt, L, 1, "random");
                int u = LuaArgs.checkInt(rt, L, 2, "random");
                if (l > u) {
                    return LuaArgs.argError(rt, L, 2, "random", "interval is empty");
                }
                rt.natives.lua_pushnumber(p, Math.floor(r * (u - l + 1)) + l);
            }
            default -> {
                return rt.raise(L, "wrong number of arguments");
            }
        }
        return 1;
    }

    static int randomseed(LuaRuntime rt, Lua L) {
        rt.random.seed(LuaArgs.checkInt(rt, L, 1, "randomseed"));
        return 0;
    }
}
