package io.hashslot.scripting;

/** Placeholder. */
final class CjsonLib {
    private final LuaRuntime rt;

    CjsonLib(LuaRuntime rt) {
        this.rt = rt;
    }

    void push() {
        rt.newTable(rt.lua, 0, 0);
    }
}
