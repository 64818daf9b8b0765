package io.hashslot.commands.zset;

import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;

/** The zset command family (registered from CommandFamilies). */
public final class ZSetCommands {
    private final ServerContext server;

    public ZSetCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
    }
}
