package io.hashslot.scripting;

import io.hashslot.commands.script.ScriptRun;
import io.hashslot.protocol.Reply;
import java.nio.charset.StandardCharsets;
import party.iroiro.luajava.Lua;

/**
 * Writes a script's result as a Redis reply (luaReplyToRedisReply): strings become bulk strings, numbers integers
 * (truncated), booleans 1 / null or RESP3 booleans, tables with err / ok / double / big_number / verbatim_string /
 * map / set fields the matching reply, other tables arrays up to their first nil, everything else null. Tables are
 * read raw (no metamethods run). Also formats the error a failed script ends with.
 */
final class LuaToReply {
    /** Lua's LUAI_MAXCSTACK: lua_checkstack fails past this many slots, as Redis's reply conversion does. */
    private final LuaRuntime rt;
    private final ScriptRun run;
    private final Reply out;

    LuaToReply(LuaRuntime rt, ScriptRun run) {
        this.rt = rt;
        this.run = run;
        this.out = run.reply();
    }

    /** Converts and pops the value on top of the stack. */
    void convert(Lua L) {
        long p = L.getPointer();
        if (rt.natives.lua_checkstack(p, 4) == 0) {
            run.error("ERR reached lua stack limit");
            rt.natives.lua_settop(p, -2);
            return;
        }
        switch (rt.natives.lua_type(p, -1)) {
            case LuaRuntime.TSTRING -> out.bulk(rt.bytes(L, -1));
            case LuaRuntime.TBOOLEAN -> {
                boolean b = rt.natives.lua_toboolean(p, -1) != 0;
                if (run.resp() == 2) {
                    if (b) {
                        out.integer(1);
                    } else {
                        out.nullBulk();
                    }
                } else {
                    out.bool(b);
                }
            }
            case LuaRuntime.TNUMBER -> out.integer(LuaArgs.cLong(rt.natives.lua_tonumber(p, -1)));
            case LuaRuntime.TTABLE -> {
                table(L, p);
                return;
            }
            default -> out.nullBulk();
        }
        rt.natives.lua_settop(p, -2);
    }

    /** Pushes t[field] (raw) of the table on top and returns its type. */
    private int field(long p, String field) {
        rt.natives.lua_pushstring(p, field);
        rt.natives.lua_rawget(p, -2);
        return rt.natives.lua_type(p, -1);
    }

    private void table(Lua L, long p) {
        if (field(p, "err") == LuaRuntime.TSTRING) {
            rt.natives.lua_settop(p, -2);
            replyError(L, p, false);
            rt.natives.lua_settop(p, -2);
            return;
        }
        rt.natives.lua_settop(p, -2);
        if (field(p, "ok") == LuaRuntime.TSTRING) {
            out.simple(text(RedisLib.cut(rt.bytes(L, -1))));
            rt.natives.lua_settop(p, -3);
            return;
        }
        rt.natives.lua_settop(p, -2);
        if (field(p, "double") == LuaRuntime.TNUMBER) {
            out.doubleValue(rt.natives.lua_tonumber(p, -1));
            rt.natives.lua_settop(p, -3);
            return;
        }
        rt.natives.lua_settop(p, -2);
        if (field(p, "big_number") == LuaRuntime.TSTRING) {
            out.bigNumber(text(rt.bytes(L, -1)).replace('\r', ' ').replace('\n', ' '));
            rt.natives.lua_settop(p, -3);
            return;
        }
        rt.natives.lua_settop(p, -2);
        if (field(p, "verbatim_string") == LuaRuntime.TTABLE) {
            if (field(p, "format") == LuaRuntime.TSTRING) {
                String format = text(rt.bytes(L, -1));
                rt.natives.lua_pushstring(p, "string");
                rt.natives.lua_rawget(p, -3);
                if (rt.natives.lua_type(p, -1) == LuaRuntime.TSTRING) {
                    String s = text(rt.bytes(L, -1));
                    out.verbatim(s, format.length() >= 3 ? format.substring(0, 3)
                        : (format + "\0\0\0").substring(0, 3));
                    rt.natives.lua_settop(p, -5);
                    return;
                }
                rt.natives.lua_settop(p, -2);
            }
            rt.natives.lua_settop(p, -2);
        }
        rt.natives.lua_settop(p, -2);
        if (field(p, "map") == LuaRuntime.TTABLE) {
            Object handle = out.deferMap();
            int n = 0;
            rt.natives.lua_pushnil(p);
            while (rt.natives.lua_next(p, -2) != 0) {
                rt.natives.lua_pushvalue(p, -2);
                convert(L);
                convert(L);
                n++;
            }
            out.fixDeferred(handle, n);
            rt.natives.lua_settop(p, -3);
            return;
        }
        rt.natives.lua_settop(p, -2);
        if (field(p, "set") == LuaRuntime.TTABLE) {
            Object handle = out.deferSet();
            int n = 0;
            rt.natives.lua_pushnil(p);
            while (rt.natives.lua_next(p, -2) != 0) {
                rt.natives.lua_settop(p, -2);
                rt.natives.lua_pushvalue(p, -1);
                convert(L);
                n++;
            }
            out.fixDeferred(handle, n);
            rt.natives.lua_settop(p, -3);
            return;
        }
        rt.natives.lua_settop(p, -2);
        Object handle = out.deferArray();
        int n = 0;
        for (int j = 1; ; j++) {
            rt.natives.lua_pushnumber(p, j);
            rt.natives.lua_rawget(p, -2);
            if (rt.natives.lua_type(p, -1) == LuaRuntime.TNIL) {
                rt.natives.lua_settop(p, -2);
                break;
            }
            convert(L);
            n++;
        }
        out.fixDeferred(handle, n);
        rt.natives.lua_settop(p, -2);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * The error table on top of the stack as an error reply (luaExtractErrorInformation): its err message, and,
     * when it has source and line (set by the error handler), " script: SHA, on SOURCE:LINE.".
     */
    private void replyError(Lua L, long p, boolean withLocation) {
        String msg = fieldText(L, p, "err");
        String source = withLocation ? fieldText(L, p, "source") : null;
        String line = withLocation ? fieldText(L, p, "line") : null;
        rt.natives.lua_pushstring(p, "ignore_error_stats_update");
        rt.natives.lua_rawget(p, -2);
        boolean counted = rt.natives.lua_type(p, -1) == LuaRuntime.TBOOLEAN && rt.natives.lua_toboolean(p, -1) != 0;
        rt.natives.lua_settop(p, -2);
        StringBuilder sb = new StringBuilder(msg == null ? "(null)" : msg);
        if (source != null && line != null) {
            sb.append(" script: ").append(run.name()).append(", on ").append(source).append(':').append(line)
                .append('.');
        }
        if (counted) {
            run.errorCounted(sb.toString());
        } else {
            run.error(sb.toString());
        }
    }

    /** A string or number field of the table on top, as C sees it (cut at NUL), or null. */
    private String fieldText(Lua L, long p, String name) {
        rt.natives.lua_pushstring(p, name);
        rt.natives.lua_rawget(p, -2);
        int t = rt.natives.lua_type(p, -1);
        String s = null;
        if (t == LuaRuntime.TSTRING || t == LuaRuntime.TNUMBER) {
            s = text(RedisLib.cut(rt.bytes(L, -1)));
        }
        rt.natives.lua_settop(p, -2);
        return s;
    }

    /** The error a script ended with (the error handler's result on top) as the error reply. */
    void error(Lua L) {
        long p = L.getPointer();
        if (rt.natives.lua_type(p, -1) != LuaRuntime.TTABLE) {
            String msg = "execution failure";
            if (rt.natives.lua_type(p, -1) == LuaRuntime.TSTRING || rt.natives.lua_type(p, -1) == LuaRuntime.TNUMBER) {
                msg = text(RedisLib.cut(rt.bytes(L, -1)));
            }
            if (msg.length() > 100) {
                msg = msg.substring(0, 100);
            }
            run.error("ERR Error running script " + run.name() + ", " + msg + "\n");
        } else {
            replyError(L, p, true);
        }
        rt.natives.lua_settop(p, -2);
    }
}
