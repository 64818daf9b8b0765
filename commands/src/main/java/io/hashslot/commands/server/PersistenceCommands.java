package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;

/** SAVE, BGSAVE [SCHEDULE] and BGREWRITEAOF, answered by the node's {@code PersistenceControl}. */
final class PersistenceCommands {
    private final ServerContext server;

    PersistenceCommands(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("save", (c, argv) -> server.persistence().save().reply(c));
        t.register("bgsave", this::bgsave);
        t.register("bgrewriteaof", (c, argv) -> server.persistence().bgrewriteaof().reply(c));
    }

    private void bgsave(Client c, byte[][] argv) {
        boolean schedule = false;
        if (argv.length > 1) {
            if (argv.length == 2 && Args.is(argv[1], "schedule")) {
                schedule = true;
            } else {
                c.error(Errors.SYNTAX);
                return;
            }
        }
        server.persistence().bgsave(schedule, c.hasFlag(Client.FLAG_MULTI)).reply(c);
    }
}
