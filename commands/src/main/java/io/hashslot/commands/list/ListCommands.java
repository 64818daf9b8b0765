package io.hashslot.commands.list;

import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;

/**
 * The list command family (registered from CommandFamilies): pushes and pops, positional and value commands,
 * moves between lists, the blocking variants, and SORT / SORT_RO.
 */
public final class ListCommands {
    private final ServerContext server;

    public ListCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
        new PushPopCommands().register(t);
        new IndexCommands().register(t);
        new BlockingCommands().register(t);
        new SortCommand().register(t);
    }

    /** The node these commands serve. */
    ServerContext server() {
        return server;
    }
}
