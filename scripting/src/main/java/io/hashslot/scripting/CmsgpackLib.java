package io.hashslot.scripting;

/** Placeholder. */
final class CmsgpackLib {
    private final LuaRuntime rt;

    CmsgpackLib(LuaRuntime rt) {
        this.rt = rt;
    }

    void push() {
        rt.newTable(rt.lua, 0, 0);
    }
}
