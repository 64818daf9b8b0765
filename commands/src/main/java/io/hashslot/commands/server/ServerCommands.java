package io.hashslot.commands.server;

import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;

/** Server and introspection commands: INFO, CLIENT, COMMAND, CONFIG, DEBUG, SLOWLOG, LATENCY, MONITOR, ... */
public final class ServerCommands {
    private final ServerContext server;

    public ServerCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
        t.register("shutdown", (c, argv) -> {
            String err = server.hooks().shutdown(false, false, false, false, false);
            if (err != null) {
                c.error(err);
            }
        });
    }
}
