package io.hashslot.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * MULTI / EXEC / DISCARD / WATCH / UNWATCH and the queue of a client in a transaction, with Redis 7.0's rules:
 * an error while queueing (unknown command, wrong arity, a command not allowed in a transaction, ...) makes EXEC
 * fail with EXECABORT; a touched or expired WATCHed key makes it reply with a null array; errors of commands
 * running inside EXEC are elements of its reply and do not stop the others; blocking commands do not block.
 */
public final class Transactions {
    /** The queued commands of one client (multiState). */
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

    /** Visits the commands a client in MULTI queued, in order (cluster routing of EXEC looks at their keys). */
    public static void forEachQueued(Client c, java.util.function.BiConsumer<CommandSpec, byte[][]> visitor) {
        Queue q = c.transaction();
        if (q == null) {
            return;
        }
        for (int i = 0; i < q.commands.size(); i++) {
            visitor.accept(q.commands.get(i), q.argvs.get(i));
        }
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

    /** Whether a command queued by the client in MULTI has the flag (EXEC inherits its commands' denyoom). */
    static boolean queuedHas(Client c, CommandFlag flag) {
        Queue q = c.transaction();
        if (q == null) {
            return false;
        }
        for (CommandSpec cmd : q.commands) {
            if (cmd.has(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some queued command lacks the flag (EXEC's cmd_inv_flags). */
    public static boolean queuedLacks(Client c, CommandFlag flag) {
        Queue q = c.transaction();
        if (q == null) {
            return false;
        }
        for (CommandSpec cmd : q.commands) {
            if (!cmd.has(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a client's queued transaction holds a write command (EXEC counts as a write then). */
    public static boolean queuedWrite(Client c) {
        return c.hasFlag(Client.FLAG_MULTI) && queuedHas(c, CommandFlag.WRITE);
    }

    /** Commands that run at once even inside MULTI; everything else is queued. */
    boolean runsImmediately(CommandSpec cmd) {
        return switch (cmd.fullName) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    public static boolean isExec(CommandSpec cmd) {
        return cmd != null && cmd.fullName.equals("exec");
    }

    /**
     * queueMultiCommand: replies QUEUED. A transaction already doomed (dirty) keeps nothing, since EXEC will not
     * run it anyway.
     */
    void queue(Client c, CommandSpec cmd, byte[][] argv) {
        Queue q = c.transaction();
        if (!c.hasFlag(Client.FLAG_DIRTY_CAS | Client.FLAG_DIRTY_EXEC)) {
            q.commands.add(cmd);
            q.argvs.add(argv);
        }
        c.reply().simple("QUEUED");
    }

    /** flagTransaction: an error while queueing makes EXEC fail with EXECABORT. */
    void flagError(Client c) {
        if (c.hasFlag(Client.FLAG_MULTI)) {
            c.addFlag(Client.FLAG_DIRTY_EXEC);
        }
    }

    /**
     * execCommandAbort: EXEC itself was refused before running (wrong arity, authentication, ...). The transaction
     * is discarded and the refusal is reported inside an EXECABORT error; {@code error} is the refusal as it
     * would be replied to another command ("ERR " dropped, other codes kept, as Redis formats it).
     */
    void abortExec(Client c, byte[][] argv, String error) {
        discardTransaction(c);
        String reason = error.startsWith("ERR ") ? error.substring(4) : error;
        c.error("EXECABORT Transaction discarded because of: " + reason);
        if (!server.monitors().isEmpty()) {
            Monitor.feed(server, c, argv);
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
        if (server.watches().anyExpired(c)) {
            c.addFlag(Client.FLAG_DIRTY_CAS);
        }
        if (c.hasFlag(Client.FLAG_DIRTY_EXEC)) {
            discardTransaction(c);
            c.error(Errors.EXECABORT);
            return;
        }
        if (c.hasFlag(Client.FLAG_DIRTY_CAS)) {
            discardTransaction(c);
            c.reply().nullArray();
            return;
        }
        Queue q = c.transaction();
        boolean deniedBefore = c.hasFlag(Client.FLAG_DENY_BLOCKING);
        c.addFlag(Client.FLAG_DENY_BLOCKING);
        server.watches().unwatchAll(c);
        CommandSpec self = c.lastCommand();
        byte[][] selfArgv = c.currentArgv();
        c.reply().array(q.commands.size());
        try {
            for (int i = 0; i < q.commands.size(); i++) {
                processor.call(c, q.commands.get(i), q.argvs.get(i));
            }
        } finally {
            if (!deniedBefore) {
                c.clearFlag(Client.FLAG_DENY_BLOCKING);
            }
            c.setLastCommand(self);
            c.setCurrentArgv(selfArgv);
            discardTransaction(c);
        }
    }

    private void watch(Client c, byte[][] argv) {
        if (c.hasFlag(Client.FLAG_MULTI)) {
            c.error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        // no point in watching more once a watched key was touched
        if (!c.hasFlag(Client.FLAG_DIRTY_CAS)) {
            for (int i = 1; i < argv.length; i++) {
                server.watches().watch(c, c.dbIndex(), argv[i]);
            }
        }
        c.reply().ok();
    }

    private void unwatch(Client c, byte[][] argv) {
        server.watches().unwatchAll(c);
        c.clearFlag(Client.FLAG_DIRTY_CAS);
        c.reply().ok();
    }
}
