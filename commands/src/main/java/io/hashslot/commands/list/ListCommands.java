package io.hashslot.commands.list;

import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;

/** The list command family (registered from CommandFamilies). */
public final class ListCommands {
    private final ServerContext server;

    public ListCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
    }
}
