package io.hashslot.commands.hash;

import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;

/** The hash command family (registered from CommandFamilies). */
public final class HashCommands {
    private final ServerContext server;

    public HashCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
    }
}
