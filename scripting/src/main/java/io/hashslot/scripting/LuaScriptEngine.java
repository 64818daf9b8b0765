package io.hashslot.scripting;

import io.hashslot.commands.ServerContext;
import io.hashslot.commands.script.ScriptEngine;
import io.hashslot.commands.script.ScriptRun;

/**
 * The Lua 5.1 engine of a node (luajava): an interpreter created on first use, recreated by SCRIPT FLUSH. Called only
 * from the node's script thread.
 */
public final class LuaScriptEngine implements ScriptEngine {
    private final ServerContext server;
    private final Lrand48 random = new Lrand48();
    private LuaRuntime runtime;
    private volatile long memory;

    public LuaScriptEngine(ServerContext server) {
        this.server = server;
    }

    private LuaRuntime runtime() {
        if (runtime == null) {
            runtime = new LuaRuntime(random);
        }
        return runtime;
    }

    @Override
    public String compile(String sha, byte[] body, int from) {
        LuaRuntime rt = runtime();
        String error = rt.compile(sha, body, from);
        memory = rt.memory();
        return error;
    }

    @Override
    public void run(String sha, byte[][] keys, byte[][] args, ScriptRun run) {
        LuaRuntime rt = runtime();
        if (!rt.compiled(sha)) {
            throw new IllegalStateException("script " + sha + " is not compiled");
        }
        rt.run(sha, keys, args, run, server.config().getLong("busy-reply-threshold") > 0);
        memory = rt.memory();
    }

    @Override
    public void reset() {
        close();
        memory = 0;
    }

    @Override
    public long memoryBytes() {
        return memory;
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
