package io.hashslot.scripting;

import party.iroiro.luajava.Lua;

/**
 * Base functions the sandbox replaces with Java (C) functions: Redis's pcall (error tables become their message),
 * loadstring and load that refuse binary chunks as Redis's text-only parser does, and rawset, rawget, next, pairs,
 * setmetatable, getmetatable, which would otherwise bypass the read-only proxies. Being C functions like the
 * originals, their errors carry the caller's position and tail calls to them keep the caller's frame.
 */
final class Builtins {
    private static final String READONLY = "Attempt to modify a readonly table";

    private final LuaRuntime rt;
    private int nextRef;

    Builtins(LuaRuntime rt) {
        this.rt = rt;
    }

    /** Adds the functions to the table on top of the stack. */
    void addTo() {
        rt.setFunction("pcall", this::pcall);
        rt.setFunction("loadstring", this::loadstring);
        rt.setFunction("load", this::load);
        rt.setFunction("rawset", this::rawset);
        rt.setFunction("rawget", this::rawget);
        rt.lua.push(rt.fn(this::next));
        rt.natives.lua_pushvalue(rt.ptr, -1);
        nextRef = rt.natives.luaL_ref(rt.ptr, LuaRuntime.REGISTRY);
        rt.natives.lua_setfield(rt.ptr, -2, "next");
        rt.setFunction("pairs", this::pairs);
        rt.setFunction("cocreate", this::cocreate);
        rt.setFunction("cowrap", this::cowrap);
        rt.setFunction("setmetatable", this::setmetatable);
        rt.setFunction("getmetatable", this::getmetatable);
    }

    private int type(long p, int idx) {
        return rt.natives.lua_type(p, idx);
    }

    /** Pushes internals[name]. */
    void internal(Lua L, String name) {
        long p = L.getPointer();
        rt.checkStack(L, 2);
        rt.natives.lua_rawgeti(p, LuaRuntime.REGISTRY, rt.internalsRef);
        rt.natives.lua_pushstring(p, name);
        rt.natives.lua_rawget(p, -2);
        rt.natives.lua_remove(p, -2);
    }

    /** Pushes internals[table][value at idx] (nil when absent). */
    private void lookup(Lua L, String table, int idx) {
        long p = L.getPointer();
        internal(L, table);
        rt.natives.lua_pushvalue(p, idx);
        rt.natives.lua_rawget(p, -2);
        rt.natives.lua_remove(p, -2);
    }

    /** Whether the value at idx is a read-only proxy. */
    private boolean proxy(Lua L, int idx) {
        lookup(L, "real_of", idx);
        boolean is = type(L.getPointer(), -1) != LuaRuntime.TNIL;
        rt.natives.lua_settop(L.getPointer(), -2);
        return is;
    }

    /** Replaces a proxy at idx by its real table. */
    private void unwrap(Lua L, int idx) {
        long p = L.getPointer();
        lookup(L, "real_of", idx);
        if (type(p, -1) == LuaRuntime.TNIL) {
            rt.natives.lua_settop(p, -2);
        } else {
            rt.natives.lua_replace(p, idx);
        }
    }

    private void checkTable(Lua L, int n, String fname) {
        if (type(L.getPointer(), n) != LuaRuntime.TTABLE) {
            LuaArgs.typeError(rt, L, n, fname, "table");
        }
    }

    private void checkAny(Lua L, int n, String fname) {
        if (type(L.getPointer(), n) == -1) {
            LuaArgs.argError(rt, L, n, fname, "value expected");
        }
    }

    private int fail(Lua L, String message) {
        rt.pushString(L, message);
        return -1;
    }

    /** Redis's luaRedisPcall: the error of a failed call is the err field of an error table, if it has one. */
    private int pcall(Lua L) {
        long p = L.getPointer();
        int argc = rt.natives.lua_gettop(p);
        if (argc == 0) {
            rt.natives.lua_pushboolean(p, 0);
            rt.pushString(L, "attempt to call a boolean value");
            return 2;
        }
        rt.natives.lua_pushboolean(p, 1);
        rt.natives.lua_insert(p, 1);
        if (rt.natives.lua_pcall(p, argc - 1, LuaRuntime.MULTRET, 0) != 0) {
            rt.natives.lua_remove(p, 1);
            if (type(p, -1) == LuaRuntime.TTABLE) {
                rt.checkStack(L, 2);
                rt.natives.lua_pushstring(p, "err");
                rt.natives.lua_rawget(p, -2);
                int t = type(p, -1);
                if (t == LuaRuntime.TSTRING || t == LuaRuntime.TNUMBER) {
                    rt.natives.lua_replace(p, -2);
                }
            }
            rt.natives.lua_pushboolean(p, 0);
            rt.natives.lua_insert(p, 1);
        }
        return rt.natives.lua_gettop(p);
    }

    /** Calls internals[name] with the n values on top; returns the number of results, or raises its error. */
    private int callInternal(Lua L, String name, int n) {
        long p = L.getPointer();
        int base = rt.natives.lua_gettop(p) - n;
        internal(L, name);
        rt.natives.lua_insert(p, base + 1);
        if (rt.natives.lua_pcall(p, n, LuaRuntime.MULTRET, 0) != 0) {
            throw new LuaRuntime.Raise();
        }
        return rt.natives.lua_gettop(p) - base;
    }

    private int loadstring(Lua L) {
        long p = L.getPointer();
        byte[] s = LuaArgs.checkBytes(rt, L, 1, "loadstring");
        int t2 = type(p, 2);
        byte[] name = s;
        if (t2 != LuaRuntime.TNIL && t2 != -1) {
            if (t2 != LuaRuntime.TSTRING && t2 != LuaRuntime.TNUMBER) {
                LuaArgs.typeError(rt, L, 2, "loadstring", "string");
            }
            name = rt.bytes(L, 2);
        }
        rt.natives.lua_settop(p, 0);
        if (s.length > 0 && s[0] == 0x1b) {
            byte[] spaced = new byte[s.length + 1];
            spaced[0] = ' ';
            System.arraycopy(s, 0, spaced, 1, s.length);
            rt.push(L, spaced);
        } else {
            rt.push(L, s);
        }
        rt.push(L, name);
        return callInternal(L, "loadstring", 2);
    }

    private int load(Lua L) {
        long p = L.getPointer();
        if (type(p, 1) != LuaRuntime.TFUNCTION) {
            LuaArgs.typeError(rt, L, 1, "load", "function");
        }
        int t2 = type(p, 2);
        if (t2 != LuaRuntime.TNIL && t2 != -1 && t2 != LuaRuntime.TSTRING && t2 != LuaRuntime.TNUMBER) {
            LuaArgs.typeError(rt, L, 2, "load", "string");
        }
        rt.natives.lua_settop(p, 2);
        rt.natives.lua_pushvalue(p, 1);
        callInternal(L, "make_reader", 1);
        rt.natives.lua_replace(p, 1);
        if (t2 == -1) {
            rt.natives.lua_settop(p, 1);
            return callInternal(L, "load", 1);
        }
        return callInternal(L, "load", 2);
    }

    private int rawset(Lua L) {
        long p = L.getPointer();
        checkTable(L, 1, "rawset");
        checkAny(L, 2, "rawset");
        checkAny(L, 3, "rawset");
        rt.natives.lua_settop(p, 3);
        if (proxy(L, 1)) {
            return fail(L, READONLY);
        }
        if (type(p, 2) == LuaRuntime.TNIL) {
            return fail(L, "table index is nil");
        }
        if (type(p, 2) == LuaRuntime.TNUMBER && Double.isNaN(rt.natives.lua_tonumber(p, 2))) {
            return fail(L, "table index is NaN");
        }
        rt.natives.lua_rawset(p, 1);
        return 1;
    }

    private int rawget(Lua L) {
        long p = L.getPointer();
        checkTable(L, 1, "rawget");
        checkAny(L, 2, "rawget");
        rt.natives.lua_settop(p, 2);
        unwrap(L, 1);
        rt.natives.lua_rawget(p, 1);
        return 1;
    }

    private int next(Lua L) {
        long p = L.getPointer();
        checkTable(L, 1, "next");
        rt.natives.lua_settop(p, 2);
        unwrap(L, 1);
        return callInternal(L, "next", 2);
    }

    private int pairs(Lua L) {
        long p = L.getPointer();
        checkTable(L, 1, "pairs");
        rt.natives.lua_settop(p, 1);
        if (proxy(L, 1)) {
            rt.natives.lua_rawgeti(p, LuaRuntime.REGISTRY, nextRef);
        } else {
            internal(L, "next");
        }
        rt.natives.lua_pushvalue(p, 1);
        rt.natives.lua_pushnil(p);
        return 3;
    }

    private static final int ENVIRON = -10001;
    private party.iroiro.luajava.JFunction resumer;

    /**
     * coroutine.wrap: a coroutine from cocreate and a C function resuming it (Lua's auxwrap: errors re-raised at
     * the caller's line). The function is one shared Java function; each wrap gets it as a closure whose
     * environment table holds its coroutine.
     */
    private int cowrap(Lua L) {
        long p = L.getPointer();
        cocreate(L, "wrap");
        if (resumer == null) {
            resumer = rt.fn(this::resumeWrapped);
        }
        rt.checkStack(L, 3);
        L.push(resumer);
        rt.natives.lua_createtable(p, 0, 1);
        rt.natives.lua_pushvalue(p, -3);
        rt.natives.lua_setfield(p, -2, "co");
        rt.natives.lua_setfenv(p, -2);
        return 1;
    }

    private int resumeWrapped(Lua L) {
        long p = L.getPointer();
        int argc = rt.natives.lua_gettop(p);
        rt.checkStack(L, 3);
        internal(L, "resume");
        rt.natives.lua_insert(p, 1);
        rt.natives.lua_getfield(p, ENVIRON, "co");
        rt.natives.lua_insert(p, 2);
        if (rt.natives.lua_pcall(p, argc + 1, LuaRuntime.MULTRET, 0) != 0) {
            return -1;
        }
        if (rt.natives.lua_toboolean(p, 1) != 0) {
            rt.natives.lua_remove(p, 1);
            return rt.natives.lua_gettop(p);
        }
        rt.natives.lua_settop(p, 2);
        int t = type(p, 2);
        if (t == LuaRuntime.TSTRING || t == LuaRuntime.TNUMBER) {
            rt.natives.luaL_where(p, 1);
            rt.natives.lua_insert(p, -2);
            rt.natives.lua_concat(p, 2);
        }
        return -1;
    }

    private int cocreate(Lua L) {
        return cocreate(L, "create");
    }

    /** coroutine.create, giving the new coroutine the kill hook of the running script. */
    private int cocreate(Lua L, String fname) {
        long p = L.getPointer();
        if (type(p, 1) != LuaRuntime.TFUNCTION || rt.natives.lua_iscfunction(p, 1) != 0) {
            LuaArgs.argError(rt, L, 1, fname, "Lua function expected");
        }
        rt.natives.lua_settop(p, 1);
        callInternal(L, "cocreate", 1);
        if (rt.hookOn) {
            int top = rt.natives.lua_gettop(p);
            internal(L, "sethook");
            rt.natives.lua_pushvalue(p, top);
            internal(L, "hook");
            boolean killed = rt.run != null && rt.run.interrupted();
            rt.natives.lua_pushstring(p, killed ? "l" : "");
            rt.natives.lua_pushnumber(p, killed ? 0 : 100000);
            if (rt.natives.lua_pcall(p, 4, 0, 0) != 0) {
                throw new LuaRuntime.Raise();
            }
        }
        return 1;
    }

    private int setmetatable(Lua L) {
        long p = L.getPointer();
        int t2 = type(p, 2);
        checkTable(L, 1, "setmetatable");
        if (t2 != LuaRuntime.TNIL && t2 != LuaRuntime.TTABLE) {
            LuaArgs.argError(rt, L, 2, "setmetatable", "nil or table expected");
        }
        rt.natives.lua_settop(p, 2);
        if (proxy(L, 1)) {
            return fail(L, READONLY);
        }
        if (rt.natives.luaL_getmetafield(p, 1, "__metatable") != 0) {
            return rt.raise(L, "cannot change a protected metatable");
        }
        rt.natives.lua_setmetatable(p, 1);
        return 1;
    }

    private int getmetatable(Lua L) {
        long p = L.getPointer();
        checkAny(L, 1, "getmetatable");
        rt.natives.lua_settop(p, 1);
        if (type(p, 1) == LuaRuntime.TSTRING) {
            internal(L, "string_mt");
            return 1;
        }
        if (proxy(L, 1)) {
            lookup(L, "shown_mt", 1);
            return 1;
        }
        if (rt.natives.lua_getmetatable(p, 1) == 0) {
            rt.natives.lua_pushnil(p);
            return 1;
        }
        rt.natives.luaL_getmetafield(p, 1, "__metatable");
        return 1;
    }
}
