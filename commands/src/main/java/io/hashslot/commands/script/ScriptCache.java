package io.hashslot.commands.script;

import java.util.HashMap;
import java.util.Map;

/** The node's EVAL script cache: SHA1 to body and shebang flags (Redis's lctx.lua_scripts). */
final class ScriptCache {
    /** A cached script. */
    record Script(byte[] body, Shebang shebang) {
    }

    private final Map<String, Script> scripts = new HashMap<>();
    private long bodyBytes;

    Script get(String sha) {
        return scripts.get(sha);
    }

    boolean contains(String sha) {
        return scripts.containsKey(sha);
    }

    void put(String sha, Script s) {
        if (scripts.put(sha, s) == null) {
            bodyBytes += s.body().length;
        }
    }

    void clear() {
        scripts.clear();
        bodyBytes = 0;
    }

    int size() {
        return scripts.size();
    }

    /** Roughly what Redis reports as used_memory_scripts_eval: bodies, names and entry overhead. */
    long memory() {
        return bodyBytes + scripts.size() * (40L + 16 + 64);
    }
}
