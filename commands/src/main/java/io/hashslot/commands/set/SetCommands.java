package io.hashslot.commands.set;

import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;

/** The set command family (registered from CommandFamilies). */
public final class SetCommands {
    private final ServerContext server;

    public SetCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
    }
}
