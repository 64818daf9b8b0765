package io.hashslot.scripting;

import io.hashslot.commands.ServerContext;
import io.hashslot.commands.script.ScriptRun;
import io.hashslot.commands.script.Sha1;
import io.hashslot.common.Numbers;
import java.nio.charset.StandardCharsets;
import party.iroiro.luajava.Lua;

/**
 * The {@code redis} table of scripts: call, pcall, error_reply, status_reply, sha1hex, log and its levels, setresp,
 * set_repl and its flags, replicate_commands, acl_check_cmd, breakpoint, debug, REDIS_VERSION(_NUM); behaviour and
 * messages as Redis 7.0's script_lua.c and eval.c.
 */
final class RedisLib {
    private final LuaRuntime rt;

    RedisLib(LuaRuntime rt) {
        this.rt = rt;
    }

    /** Pushes the redis table. */
    void push() {
        rt.newTable(rt.lua, 0, 32);
        rt.setFunction("call", L -> command(L, true));
        rt.setFunction("pcall", L -> command(L, false));
        rt.setFunction("log", this::log);
        rt.setNumber("LOG_DEBUG", 0);
        rt.setNumber("LOG_VERBOSE", 1);
        rt.setNumber("LOG_NOTICE", 2);
        rt.setNumber("LOG_WARNING", 3);
        rt.setNumber("REDIS_VERSION_NUM", versionNum(ServerContext.REDIS_VERSION));
        rt.setString("REDIS_VERSION", ServerContext.REDIS_VERSION);
        rt.setFunction("setresp", this::setResp);
        rt.setFunction("sha1hex", this::sha1hex);
        rt.setFunction("error_reply", this::errorReply);
        rt.setFunction("status_reply", this::statusReply);
        rt.setFunction("set_repl", this::setRepl);
        rt.setNumber("REPL_NONE", 0);
        rt.setNumber("REPL_AOF", 1);
        rt.setNumber("REPL_SLAVE", 2);
        rt.setNumber("REPL_REPLICA", 2);
        rt.setNumber("REPL_ALL", 3);
        rt.setFunction("acl_check_cmd", this::aclCheckCmd);
        rt.setFunction("breakpoint", L -> {
            rt.natives.lua_pushboolean(L.getPointer(), 0);
            return 1;
        });
        rt.setFunction("debug", L -> 0);
        rt.setFunction("replicate_commands", L -> {
            rt.natives.lua_pushboolean(L.getPointer(), 1);
            return 1;
        });
    }

    static int versionNum(String v) {
        String[] p = v.split("\\.");
        return (Integer.parseInt(p[0]) << 16) | (Integer.parseInt(p[1]) << 8) | Integer.parseInt(p[2]);
    }

    private ScriptRun runOrRaise(Lua L, String what) {
        ScriptRun r = rt.run;
        if (r == null) {
            rt.pushErrorTable(L, what + " can only be called inside a script invocation");
            throw new LuaRuntime.Raise();
        }
        return r;
    }

    private int fail(Lua L, String message) {
        rt.pushErrorTable(L, message);
        return -1;
    }

    /**
     * The arguments as a command (luaArgsToRedisArgv): numbers as %.17g, strings as they are; null after pushing the
     * error table when an argument is neither.
     */
    private byte[][] argv(Lua L) {
        long p = L.getPointer();
        int argc = rt.natives.lua_gettop(p);
        if (argc == 0) {
            rt.pushErrorTable(L, "Please specify at least one argument for this redis lib call");
            return null;
        }
        byte[][] argv = new byte[argc][];
        for (int j = 0; j < argc; j++) {
            int t = rt.natives.lua_type(p, j + 1);
            if (t == LuaRuntime.TNUMBER) {
                argv[j] = formatNumber(rt.natives.lua_tonumber(p, j + 1));
            } else if (t == LuaRuntime.TSTRING) {
                argv[j] = rt.bytes(L, j + 1);
            } else {
                rt.natives.lua_settop(p, 0);
                rt.pushErrorTable(L, "Lua redis lib command arguments must be strings or integers");
                return null;
            }
        }
        rt.natives.lua_settop(p, 0);
        return argv;
    }

    /** C's printf("%.17g") of a Lua number, NaN printed with its sign bit as glibc does. */
    static byte[] formatNumber(double d) {
        String s;
        if (Double.isNaN(d)) {
            s = (Double.doubleToRawLongBits(d) < 0) ? "-nan" : "nan";
        } else {
            s = Numbers.formatG17(d);
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private int command(Lua L, boolean raise) {
        ScriptRun r = runOrRaise(L, "redis.call/pcall");
        byte[][] argv = argv(L);
        if (argv == null) {
            return raise ? -1 : 1;
        }
        byte[] reply = r.call(argv);
        new ReplyToLua(rt, L, reply).push();
        return raise && reply.length > 0 && reply[0] == '-' ? -1 : 1;
    }

    private int aclCheckCmd(Lua L) {
        ScriptRun r = runOrRaise(L, "redis.acl_check_cmd");
        byte[][] argv = argv(L);
        if (argv == null) {
            return -1;
        }
        if (!r.commandExists(argv)) {
            return fail(L, "Invalid command passed to redis.acl_check_cmd()");
        }
        rt.natives.lua_pushboolean(L.getPointer(), 1);
        return 1;
    }

    private int log(Lua L) {
        long p = L.getPointer();
        int argc = rt.natives.lua_gettop(p);
        if (argc < 2) {
            return fail(L, "redis.log() requires two arguments or more.");
        }
        if (rt.natives.lua_isnumber(p, 1) == 0) {
            return fail(L, "First argument must be a number (log level).");
        }
        int level = (int) LuaArgs.cLong(rt.natives.lua_tonumber(p, 1));
        if (level < 0 || level > 3) {
            return fail(L, "Invalid debug level.");
        }
        ScriptRun r = rt.run;
        if (r == null) {
            return 0;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int j = 2; j <= argc; j++) {
            int t = rt.natives.lua_type(p, j);
            if (t != LuaRuntime.TSTRING && t != LuaRuntime.TNUMBER) {
                continue;
            }
            if (j != 2) {
                out.write(' ');
            }
            out.writeBytes(rt.bytes(L, j));
        }
        r.log(level, out.toByteArray());
        return 0;
    }

    private int setResp(Lua L) {
        ScriptRun r = runOrRaise(L, "redis.setresp");
        long p = L.getPointer();
        int argc = rt.natives.lua_gettop(p);
        if (argc != 1) {
            return fail(L, "redis.setresp() requires one argument.");
        }
        long resp = LuaArgs.cLong(rt.natives.lua_tonumber(p, 1));
        if (resp != 2 && resp != 3) {
            return fail(L, "RESP version must be 2 or 3.");
        }
        r.setResp((int) resp);
        return 0;
    }

    private int setRepl(Lua L) {
        ScriptRun r = runOrRaise(L, "redis.set_repl");
        long p = L.getPointer();
        if (rt.natives.lua_gettop(p) != 1) {
            return fail(L, "redis.set_repl() requires two arguments.");
        }
        int flags = (int) LuaArgs.cLong(rt.natives.lua_tonumber(p, -1));
        if ((flags & ~3) != 0) {
            return fail(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        r.setRepl(flags);
        return 0;
    }

    private int sha1hex(Lua L) {
        long p = L.getPointer();
        if (rt.natives.lua_gettop(p) != 1) {
            return fail(L, "wrong number of arguments");
        }
        byte[] s = rt.bytes(L, 1);
        rt.pushString(L, Sha1.hex(s == null ? new byte[0] : s));
        return 1;
    }

    /** A single string argument as C sees it (cut at its first NUL), or null. */
    private byte[] singleString(Lua L) {
        long p = L.getPointer();
        if (rt.natives.lua_gettop(p) != 1 || rt.natives.lua_type(p, -1) != LuaRuntime.TSTRING) {
            rt.pushErrorTable(L, "wrong number or type of arguments");
            return null;
        }
        return cut(rt.bytes(L, 1));
    }

    static byte[] cut(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return java.util.Arrays.copyOf(b, i);
            }
        }
        return b;
    }

    private int errorReply(Lua L) {
        byte[] s = singleString(L);
        if (s == null) {
            return 1;
        }
        String text = new String(s, StandardCharsets.ISO_8859_1);
        rt.pushErrorTable(L, text.startsWith("-") ? text : "-" + text);
        return 1;
    }

    private int statusReply(Lua L) {
        long p = L.getPointer();
        if (rt.natives.lua_gettop(p) != 1 || rt.natives.lua_type(p, -1) != LuaRuntime.TSTRING) {
            rt.pushErrorTable(L, "wrong number or type of arguments");
            return 1;
        }
        rt.newTable(L, 0, 0);
        rt.natives.lua_pushvalue(p, 1);
        rt.natives.lua_setfield(p, -2, "ok");
        return 1;
    }
}
