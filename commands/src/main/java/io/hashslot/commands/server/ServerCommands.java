package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.HashSlot;
import io.hashslot.protocol.Reply;

/**
 * Server and introspection commands: INFO, CLIENT, COMMAND, CONFIG, DEBUG, SLOWLOG, LATENCY (each in its own
 * class), and here TIME, LASTSAVE, ROLE, MONITOR, SHUTDOWN and CLUSTER for a node without cluster support.
 */
public final class ServerCommands {
    private final ServerContext server;
    private final String replId;

    public ServerCommands(ServerContext server) {
        this.server = server;
        StringBuilder id = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            id.append("0123456789abcdef".charAt(server.random().nextInt(16)));
        }
        this.replId = id.toString();
    }

    public void register(CommandTable t) {
        new InfoCommand(server, replId).register(t);
        new ClientCommand(server).register(t);
        new CommandCommand(server).register(t);
        new ConfigCommand(server).register(t);
        new DebugCommand(server).register(t);
        new SlowlogCommand(server).register(t);
        new LatencyCommand(server).register(t);
        new PersistenceCommands(server).register(t);
        t.register("time", this::time);
        t.register("lastsave", (c, argv) -> c.reply().integer(server.lastSaveSeconds()));
        t.register("role", this::role);
        t.register("monitor", this::monitor);
        t.register("shutdown", this::shutdown);
        registerCluster(t);
    }

    private void time(Client c, byte[][] argv) {
        long micros = server.clock().currentTimeMillis() * 1000 + (server.clock().nanoTime() / 1000) % 1000;
        Reply r = c.reply();
        r.array(2);
        r.bulk(Long.toString(micros / 1_000_000));
        r.bulk(Long.toString(micros % 1_000_000));
    }

    private void role(Client c, byte[][] argv) {
        Reply r = c.reply();
        r.array(3);
        r.bulk("master");
        r.integer(0);
        r.array(0);
    }

    private void monitor(Client c, byte[][] argv) {
        if (c.hasFlag(Client.FLAG_MONITOR) || c.hasFlag(Client.FLAG_REPLICA)) {
            return;
        }
        c.addFlag(Client.FLAG_MONITOR);
        server.monitors().add(c);
        c.reply().ok();
    }

    private void shutdown(Client c, byte[][] argv) {
        boolean save = false;
        boolean nosave = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < argv.length; i++) {
            if (Args.is(argv[i], "nosave")) {
                nosave = true;
            } else if (Args.is(argv[i], "save")) {
                save = true;
            } else if (Args.is(argv[i], "now")) {
                now = true;
            } else if (Args.is(argv[i], "force")) {
                force = true;
            } else if (Args.is(argv[i], "abort")) {
                abort = true;
            } else {
                c.error(Errors.SYNTAX);
                return;
            }
        }
        if ((abort && (save || nosave || now || force)) || (save && nosave)) {
            c.error(Errors.SYNTAX);
            return;
        }
        String err = server.hooks().shutdown(save, nosave, now, force, abort);
        if (err != null) {
            c.error(err);
        } else if (abort) {
            c.reply().ok();
        }
    }

    /**
     * CLUSTER on a node started without cluster-enabled: every subcommand answers that cluster support is
     * disabled, as Redis 7.0 does. Subcommands another family already registered are left alone, and a family
     * registering later replaces these handlers.
     */
    private void registerCluster(CommandTable t) {
        CommandSpec cluster = t.spec("cluster");
        for (CommandSpec sub : cluster.subcommands().values()) {
            if (!sub.implemented()) {
                t.register(sub.fullName(), this::cluster);
            }
        }
    }

    private void cluster(Client c, byte[][] argv) {
        if (!server.config().getBool("cluster-enabled")) {
            c.error("ERR This instance has cluster support disabled");
            return;
        }
        if (Args.is(argv[1], "keyslot")) {
            c.reply().integer(HashSlot.of(argv[2]));
            return;
        }
        c.error("ERR unknown subcommand '" + Args.text(argv[1]) + "'. Try CLUSTER HELP.");
    }
}
