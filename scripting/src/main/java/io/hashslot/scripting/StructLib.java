package io.hashslot.scripting;

/** Placeholder. */
final class StructLib {
    private final LuaRuntime rt;

    StructLib(LuaRuntime rt) {
        this.rt = rt;
    }

    void push() {
        rt.newTable(rt.lua, 0, 0);
    }
}
