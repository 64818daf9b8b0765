package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.commands.SlowLog;
import io.hashslot.protocol.Reply;
import java.util.Iterator;

/** SLOWLOG GET [count] / LEN / RESET / HELP over the node's {@link SlowLog}. */
final class SlowlogCommand {
    private final ServerContext server;

    SlowlogCommand(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("slowlog|get", this::get);
        t.register("slowlog|len", (c, argv) -> c.reply().integer(server.slowLog().entries().size()));
        t.register("slowlog|reset", (c, argv) -> {
            server.slowLog().reset();
            c.reply().ok();
        });
        t.register("slowlog|help", (c, argv) -> Help.reply(c, argv,
            "GET [<count>]",
            "    Show the newest <count> slow log entries (10 by default, -1 for all). Each entry has:",
            "    its id, unix time, duration in microseconds, the arguments, the client address",
            "    and the client name.",
            "LEN",
            "    Show how many entries the slow log holds.",
            "RESET",
            "    Empty the slow log."));
    }

    private void get(Client c, byte[][] argv) {
        if (argv.length > 3) {
            Help.subcommandSyntaxError(c, argv);
            return;
        }
        long count = 10;
        if (argv.length == 3) {
            count = Args.longInRange(c, argv[2], -1, Long.MAX_VALUE, "ERR count should be greater than or equal to -1");
            if (count == -1) {
                count = server.slowLog().entries().size();
            }
        }
        Reply r = c.reply();
        int n = (int) Math.min(count, server.slowLog().entries().size());
        r.array(n);
        Iterator<SlowLog.Entry> it = server.slowLog().entries().iterator();
        for (int i = 0; i < n; i++) {
            SlowLog.Entry e = it.next();
            r.array(6);
            r.integer(e.id());
            r.integer(e.timeSeconds());
            r.integer(e.micros());
            r.array(e.argv().length);
            for (byte[] a : e.argv()) {
                r.bulk(a);
            }
            r.bulk(e.peer());
            r.bulk(e.clientName());
        }
    }
}
