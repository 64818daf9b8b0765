package io.hashslot.scripting;

import io.hashslot.commands.script.ScriptRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import party.iroiro.luajava.JFunction;
import party.iroiro.luajava.Lua;
import party.iroiro.luajava.lua51.Lua51Natives;
import party.iroiro.luajava.lua51.Lua51;

/**
 * One Lua 5.1 interpreter set up as Redis 7.0's scripting environment: the Lua libraries Redis loads, the redis,
 * cjson, bit, struct and cmsgpack libraries, the sandbox (sandbox.lua), the compiled scripts, and binary-safe moves
 * of strings between Java and Lua. Used from one thread at a time (the node's script thread).
 */
final class LuaRuntime implements AutoCloseable {
    static final int REGISTRY = -10000;
    static final int GLOBALS = -10002;
    static final int TNIL = 0;
    static final int TBOOLEAN = 1;
    static final int TLIGHTUSERDATA = 2;
    static final int TNUMBER = 3;
    static final int TSTRING = 4;
    static final int TTABLE = 5;
    static final int TFUNCTION = 6;
    static final int MULTRET = -1;
    private static final int GC_STEP = 5;
    private static final int GC_COUNT = 3;
    private static final int GC_COUNTB = 4;

    /** Thrown by helpers when Lua raised an error whose value is now on top of the stack; the JFunction re-raises. */
    static final class Raise extends RuntimeException {
        Raise() {
            super(null, null, false, false);
        }
    }

    final Lua51 lua;
    final Lua51Natives natives;
    final long ptr;
    final Chunks chunks;
    final Lrand48 random;
    private final Map<String, Integer> functions = new HashMap<>();
    private final int globalsRef;
    /** Registry reference of the sandbox's internals table (originals, proxies, debug.getinfo). */
    int internalsRef;
    private final int handlerRef;
    private final Object[] one = new Object[1];
    /** The script being run, or null between scripts. */
    ScriptRun run;
    /** Whether the kill hook is installed (coroutines created now get it too). */
    boolean hookOn;
    private int gcCount;

    LuaRuntime(Lrand48 random) {
        this.random = random;
        lua = new Lua51();
        natives = (Lua51Natives) lua.getLuaNatives();
        ptr = lua.getPointer();
        for (String lib : new String[] {"table", "string", "math", "debug"}) {
            lua.openLibrary(lib);
        }
        lua.run("return string.dump(function() end)");
        chunks = new Chunks(bytes(lua, -1));
        natives.lua_settop(ptr, 0);
        installMath();
        ByteBuffer sandbox = sandboxSource();
        if (natives.luaJ_loadbuffer(ptr, sandbox, sandbox.limit(), "@hashslot") != 0) {
            throw new IllegalStateException("Lua sandbox does not compile: " + string(lua, -1));
        }
        newTable(lua, 0, 12);
        setFunction("interrupted", this::interrupted);
        Builtins builtins = new Builtins(this);
        builtins.addTo();
        new RedisLib(this).push();
        new CjsonLib(this).push();
        new BitLib(this).push();
        new StructLib(this).push();
        new CmsgpackLib(this).push();
        if (natives.lua_pcall(ptr, 6, 4, 0) != 0) {
            throw new IllegalStateException("Lua sandbox setup failed: " + string(lua, -1));
        }
        internalsRef = natives.luaL_ref(ptr, REGISTRY);
        handlerRef = natives.luaL_ref(ptr, REGISTRY);
        globalsRef = natives.luaL_ref(ptr, REGISTRY);
        natives.lua_replace(ptr, GLOBALS);
        natives.lua_settop(ptr, 0);
    }

    private ByteBuffer sandboxSource() {
        try (InputStream in = LuaRuntime.class.getResourceAsStream("sandbox.lua")) {
            byte[] b = in.readAllBytes();
            ByteBuffer buf = ByteBuffer.allocateDirect(b.length);
            buf.put(b).flip();
            return buf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** math.random and math.randomseed on Redis's rand48, the same sequence on every platform. */
    private void installMath() {
        natives.luaJ_getglobal(ptr, "math");
        lua.push(fn(L -> MathLib.random(this, L)));
        natives.lua_setfield(ptr, -2, "random");
        lua.push(fn(L -> MathLib.randomseed(this, L)));
        natives.lua_setfield(ptr, -2, "randomseed");
        natives.lua_settop(ptr, 0);
    }

    private int interrupted(Lua L) {
        ScriptRun r = run;
        boolean stop = r != null && r.interrupted();
        if (stop) {
            r.logKilled();
        }
        natives.lua_pushboolean(L.getPointer(), stop ? 1 : 0);
        return 1;
    }

    /** The body of a Java function callable from Lua. */
    interface Body {
        int call(Lua L);
    }

    /** Wraps a body so that a {@link Raise} re-raises the Lua error on top of the stack. */
    JFunction fn(Body body) {
        return L -> {
            try {
                return body.call(L);
            } catch (Raise r) {
                return -1;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                natives.lua_settop(L.getPointer(), 0);
                pushString(L, "internal error: " + e);
                return -1;
            }
        };
    }

    /** Sets field {@code name} of the table on top of the stack to a Java function. */
    void setFunction(String name, Body body) {
        lua.push(fn(body));
        natives.lua_setfield(ptr, -2, name);
    }

    /** Sets field {@code name} of the table on top of L's stack to a Java function. */
    void setFunction(Lua L, String name, Body body) {
        checkStack(L, 1);
        L.push(fn(body));
        natives.lua_setfield(L.getPointer(), -2, name);
    }

    void setNumber(String name, double v) {
        natives.lua_pushnumber(ptr, v);
        natives.lua_setfield(ptr, -2, name);
    }

    void setString(String name, String v) {
        natives.lua_pushstring(ptr, v);
        natives.lua_setfield(ptr, -2, name);
    }

    // ---- strings between Java and Lua ----

    /** The bytes of the string (or number, converted in place as lua_tolstring does) at idx, or null. */
    byte[] bytes(Lua L, int idx) {
        ByteBuffer b = (ByteBuffer) natives.luaJ_todirectbuffer(L.getPointer(), idx);
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The string at idx as Latin-1 text (each char one byte), or null. */
    String string(Lua L, int idx) {
        byte[] b = bytes(L, idx);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    private static boolean plain(byte[] b) {
        for (byte x : b) {
            if (x <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Pushes exact bytes as a Lua string. */
    void push(Lua L, byte[] b) {
        long p = L.getPointer();
        if (b.length < 256 && plain(b)) {
            checkStack(L, 1);
            natives.lua_pushstring(p, new String(b, StandardCharsets.ISO_8859_1));
            return;
        }
        one[0] = b;
        pushValues(L, one, 0, 1);
        one[0] = null;
    }

    /** Pushes Latin-1 text (each char one byte) as a Lua string. */
    void pushString(Lua L, String s) {
        push(L, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Pushes n values: byte[] strings, Double, Boolean or null (nil). */
    void pushValues(Lua L, Object[] values, int from, int n) {
        long p = L.getPointer();
        checkStack(L, n + 2);
        for (int done = 0; done < n; ) {
            int k = Math.min(Chunks.MAX_VALUES, n - done);
            ByteBuffer chunk = chunks.returning(values, from + done, k);
            if (natives.luaJ_loadbuffer(p, chunk, chunk.limit(), "=?") != 0
                || natives.lua_pcall(p, 0, k, 0) != 0) {
                throw new Raise();
            }
            done += k;
        }
    }

    /** Stores values[from..from+n) as t[1..n] of the table at idx (an absolute index). */
    void fillArray(Lua L, int tableIdx, Object[] values, int from, int n) {
        long p = L.getPointer();
        checkStack(L, 3);
        int perChunk = Chunks.MAX_CONSTANTS / 50 * 50;
        for (int done = 0; done < n; ) {
            int k = Math.min(perChunk, n - done);
            ByteBuffer chunk = chunks.filling(values, from + done, k, done + 1);
            if (natives.luaJ_loadbuffer(p, chunk, chunk.limit(), "=?") != 0) {
                throw new Raise();
            }
            natives.lua_pushvalue(p, tableIdx);
            if (natives.lua_pcall(p, 1, 0, 0) != 0) {
                throw new Raise();
            }
            done += k;
        }
    }

    void checkStack(Lua L, int n) {
        if (natives.lua_checkstack(L.getPointer(), n) == 0) {
            throw new IllegalStateException("Lua stack overflow");
        }
    }

    void newTable(Lua L, int narr, int nrec) {
        checkStack(L, 1);
        natives.lua_createtable(L.getPointer(), narr, nrec);
    }

    /**
     * The name and "namewhat" the running Java function was called by (lua_getinfo "n" at level 0), or null when
     * unknown (called from C, or the lookup failed).
     */
    String[] callerName(Lua L) {
        long p = L.getPointer();
        int top = natives.lua_gettop(p);
        try {
            checkStack(L, 4);
            natives.lua_rawgeti(p, REGISTRY, internalsRef);
            natives.lua_getfield(p, -1, "getinfo");
            natives.lua_pushnumber(p, 1);
            natives.lua_pushstring(p, "n");
            if (natives.lua_pcall(p, 2, 1, 0) != 0 || natives.lua_type(p, -1) != TTABLE) {
                return null;
            }
            natives.lua_getfield(p, -1, "name");
            natives.lua_getfield(p, -2, "namewhat");
            String name = natives.lua_type(p, -2) == TSTRING ? string(L, -2) : null;
            String what = natives.lua_type(p, -1) == TSTRING ? string(L, -1) : "";
            return new String[] {name, what};
        } finally {
            natives.lua_settop(p, top);
        }
    }

    /** Raises a Lua error "where: message" (luaL_error) from a Java function: {@code return raise(L, ...)}. */
    int raise(Lua L, String message) {
        long p = L.getPointer();
        checkStack(L, 2);
        natives.luaL_where(p, 1);
        pushString(L, message);
        natives.lua_concat(p, 2);
        return -1;
    }

    /** Pushes Redis's error table {err = "CODE message"} (luaPushError). */
    void pushErrorTable(Lua L, String error) {
        String code;
        String msg;
        if (error.startsWith("-")) {
            int sp = error.indexOf(' ');
            if (sp < 0) {
                code = "ERR";
                msg = error.substring(1);
            } else {
                code = error.substring(1, sp);
                msg = error.substring(sp + 1);
            }
        } else {
            code = "ERR";
            msg = error;
        }
        msg = trimCrLf(msg);
        newTable(L, 0, 0);
        pushString(L, code + " " + msg);
        natives.lua_setfield(L.getPointer(), -2, "err");
    }

    /** The array part a table gets from inserting keys 1..n one by one into an empty table: n rounded up to 2^k. */
    static int arraySize(int n) {
        return n <= 1 ? n : Integer.highestOneBit(n - 1) << 1;
    }

    static String trimCrLf(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == '\r' || s.charAt(a) == '\n')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == '\r' || s.charAt(b - 1) == '\n')) {
            b--;
        }
        return s.substring(a, b);
    }

    // ---- scripts ----

    /** Compiles a script body; returns null or the compiler's message. */
    String compile(String sha, byte[] body, int from) {
        byte[] src = body;
        int off = from;
        if (off < src.length && src[off] == 0x1b) {
            src = new byte[body.length - from + 1];
            src[0] = ' ';
            System.arraycopy(body, from, src, 1, body.length - from);
            off = 0;
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(1, src.length - off));
        buf.put(src, off, src.length - off).flip();
        natives.lua_settop(ptr, 0);
        if (natives.luaJ_loadbuffer(ptr, buf, buf.limit(), "@user_script") != 0) {
            String msg = string(lua, -1);
            natives.lua_settop(ptr, 0);
            return msg == null ? "unknown error" : msg;
        }
        Integer old = functions.put(sha, natives.luaL_ref(ptr, REGISTRY));
        if (old != null) {
            natives.luaL_unref(ptr, REGISTRY, old);
        }
        return null;
    }

    boolean compiled(String sha) {
        return functions.containsKey(sha);
    }

    /** Runs a compiled script (luaCallFunction) and writes its result or error to the run's reply. */
    void run(String sha, byte[][] keys, byte[][] args, ScriptRun r, boolean hook) {
        natives.lua_settop(ptr, 0);
        run = r;
        try {
            natives.lua_rawgeti(ptr, REGISTRY, handlerRef);
            natives.lua_rawgeti(ptr, REGISTRY, functions.get(sha));
            setGlobalArray("KEYS", keys);
            setGlobalArray("ARGV", args);
            if (hook) {
                setHook(true);
            }
            int rc = natives.lua_pcall(ptr, 0, 1, -2);
            if (hook) {
                setHook(false);
            }
            if (++gcCount == 50) {
                natives.lua_gc(ptr, GC_STEP, 50);
                gcCount = 0;
            }
            if (r.aborted()) {
                return;
            }
            r.beginReply();
            try {
                if (rc != 0) {
                    new LuaToReply(this, r).error(lua);
                } else {
                    new LuaToReply(this, r).convert(lua);
                }
            } finally {
                r.endReply();
            }
        } finally {
            run = null;
            natives.lua_settop(ptr, 0);
        }
    }

    /**
     * Installs (a count hook every 100000 instructions, as Redis) or removes the kill hook. debug.sethook is called
     * directly: it is a C function, so a line hook left by a kill cannot interrupt its removal.
     */
    private void setHook(boolean on) {
        hookOn = on;
        int top = natives.lua_gettop(ptr);
        natives.lua_rawgeti(ptr, REGISTRY, internalsRef);
        natives.lua_getfield(ptr, -1, "sethook");
        if (on) {
            natives.lua_getfield(ptr, -2, "hook");
            natives.lua_pushstring(ptr, "");
            natives.lua_pushnumber(ptr, 100000);
            natives.lua_pcall(ptr, 3, 0, 0);
        } else {
            natives.lua_pcall(ptr, 0, 0, 0);
        }
        natives.lua_settop(ptr, top);
    }

    private void setGlobalArray(String name, byte[][] items) {
        natives.lua_rawgeti(ptr, REGISTRY, globalsRef);
        int g = natives.lua_gettop(ptr);
        natives.lua_pushstring(ptr, name);
        newTable(lua, arraySize(items.length), 0);
        if (items.length > 0) {
            fillArray(lua, g + 2, items, 0, items.length);
        }
        natives.lua_rawset(ptr, g);
        natives.lua_settop(ptr, g - 1);
    }

    long memory() {
        return natives.lua_gc(ptr, GC_COUNT, 0) * 1024L;
    }

    @Override
    public void close() {
        lua.close();
    }
}
