package io.hashslot.commands.script;

/** What INFO memory reports about EVAL scripts: cached scripts, their memory, and the Lua VM's memory. */
public interface ScriptStats {
    /** number_of_cached_scripts. */
    int cachedScripts();

    /** used_memory_scripts_eval: the script cache. */
    long cacheMemory();

    /** used_memory_vm_eval (used_memory_lua): bytes the Lua VM uses; 0 before the first script created it. */
    long vmMemory();
}
