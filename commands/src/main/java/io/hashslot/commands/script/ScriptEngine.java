package io.hashslot.commands.script;

import io.hashslot.commands.ServerContext;

/**
 * A script runtime (Lua 5.1 in the scripting module) as the command layer sees it. One per node; the command layer
 * calls it only from the node's script thread, so an implementation needs no locking of its own.
 */
public interface ScriptEngine extends AutoCloseable {
    /** Builds the engine of a node; the server installs the factory, the engine itself is created on first use. */
    interface Factory {
        ScriptEngine create(ServerContext server);
    }

    /**
     * Compiles {@code body} from offset {@code from} as the function of script {@code sha}. Returns null on
     * success, else the compiler's message (e.g. {@code user_script:1: '=' expected near 'x'}).
     */
    String compile(String sha, byte[] body, int from);

    /**
     * Runs the compiled function of {@code sha} with its KEYS and ARGV. The result, or the error the script ended
     * with, is written to {@code run}'s reply; Redis commands go through {@link ScriptRun#call}.
     */
    void run(String sha, byte[][] keys, byte[][] args, ScriptRun run);

    /** Forgets every compiled script and starts a fresh runtime (SCRIPT FLUSH). */
    void reset();

    /** Bytes the runtime uses now (used_memory_lua). */
    long memoryBytes();

    /** Frees the runtime. */
    @Override
    void close();
}
