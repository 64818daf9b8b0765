package io.hashslot.commands;

import io.hashslot.protocol.Reply;
import java.nio.charset.StandardCharsets;

/**
 * Runs one request for a client the way Redis's processCommand and call do: lookup, arity, protection and
 * authentication checks, transaction queueing, then execution with statistics, slow log, latency monitor and
 * MONITOR feed.
 */
public final class CommandProcessor {
    private final ServerContext server;
    private final Transactions transactions;
    private final Eviction eviction;
    private final Reply discard2 = new DiscardReply(2);
    private final Reply discard3 = new DiscardReply(3);
    /** Hook for cluster redirection; null when not in cluster mode. */
    private CommandGate gate;

    private long slowlogThreshold;
    /** maxmemory, kept current by CONFIG SET: read on every command. */
    private long maxmemory;
    private long slowlogMaxLen;
    private long latencyThreshold;
    private boolean latencyTracking;
    /** The clock as read once when the current request arrived (0 outside a request, e.g. served blocked pops). */
    private long requestTime;
    /** The request {@link #dispatch} is checking (a refused EXEC is fed to MONITOR). */
    private byte[][] dispatching;
    /** Nesting of {@link #call}: 0 outside any command, 2 for a command EXEC runs. */
    private int callDepth;

    public CommandProcessor(ServerContext server, Transactions transactions) {
        this.eviction = new Eviction(server);
        this.server = server;
        this.transactions = transactions;
        slowlogThreshold = server.config().getLong("slowlog-log-slower-than");
        slowlogMaxLen = server.config().getLong("slowlog-max-len");
        latencyThreshold = server.config().getLong("latency-monitor-threshold");
        server.config().onChange("slowlog-log-slower-than", v -> slowlogThreshold = (Long) v);
        server.config().onChange("slowlog-max-len", v -> slowlogMaxLen = (Long) v);
        // CONFIG SET maxmemory evicts at once, as Redis's apply step does, not only at the next command
        maxmemory = server.config().getLong("maxmemory");
        server.config().onChange("maxmemory", v -> {
            maxmemory = ((Number) v).longValue();
            if (maxmemory > 0) {
                eviction.performEvictions();
                server.propagation().flush(false);
            }
        });
        server.config().onChange("latency-monitor-threshold", v -> latencyThreshold = (Long) v);
        latencyTracking = server.config().getBool("latency-tracking");
        server.config().onChange("latency-tracking", v -> latencyTracking = (Boolean) v);
        transactions.bind(this);
    }

    /**
     * A check that may refuse a command before it runs (cluster redirection, replica read-only, ...): it writes
     * the error and returns false.
     */
    public interface CommandGate {
        boolean admit(Client c, CommandSpec cmd, byte[][] argv);

        /**
         * A command a script is about to run for {@code caller} (Redis's scriptVerifyClusterState): returns an error
         * text with its code, or null to run it. {@code slot} holds the slot the script's keys are bound to (-1 until
         * the first key), updated here; {@code allowCrossSlot} lifts that binding.
         */
        default String admitFromScript(Client caller, CommandSpec cmd, byte[][] argv, boolean allowCrossSlot,
                                       int[] slot) {
            return null;
        }
    }

    /** The installed gate, or null. */
    public CommandGate gate() {
        return gate;
    }

    public void setGate(CommandGate gate) {
        this.gate = gate;
    }

    /** Replication's refusals (NOREPLICAS, READONLY, MASTERDOWN): the error to reply, or null to admit. */
    public interface ReplicationCheck {
        String refuse(Client c, CommandSpec cmd);
    }

    private ReplicationCheck replicationCheck;

    public void setReplicationCheck(ReplicationCheck check) {
        this.replicationCheck = check;
    }

    public Transactions transactions() {
        return transactions;
    }

    /** Forgets a client that disconnected: transaction, watches, subscriptions, MONITOR, registry (freeClient). */
    public void disconnect(Client c) {
        server.clients().remove(c);
        transactions.discardTransaction(c);
        server.monitors().remove(c);
        server.pubsub().forget(c);
        server.blocking().disconnect(c);
        server.pause().forget(c);
        server.replication().clientGone(c);
    }

    /** Processes one parsed request. */
    public void process(Client c, byte[][] argv) {
        long now = server.clock().currentTimeMillis();
        requestTime = now;
        c.touchInteraction(now);
        Reply normal = c.encoder();
        Client.ReplyMode mode = c.replyMode();
        if (mode == Client.ReplyMode.OFF || mode == Client.ReplyMode.SKIP) {
            c.setReply(c.protocol() == 2 ? discard2 : discard3);
        }
        try {
            dispatch(c, argv);
            server.blocking().serveReady();
        } finally {
            requestTime = 0;
            if (c.reply() == discard2 || c.reply() == discard3) {
                c.setReply(normal);
            }
            if (c.replyMode() == Client.ReplyMode.SKIP) {
                c.setReplyMode(Client.ReplyMode.ON);
            } else if (c.replyMode() == Client.ReplyMode.SKIP_NEXT) {
                c.setReplyMode(Client.ReplyMode.SKIP);
            }
        }
    }

    /** rejectCommand: a refused command flags the transaction; a refused EXEC aborts it (EXECABORT). */
    private void reject(Client c, CommandSpec cmd, String error) {
        transactions.flagError(c);
        if (cmd != null) {
            cmd.rejectedCalls++;
        }
        if (Transactions.isExec(cmd)) {
            transactions.abortExec(c, dispatching, error);
        } else {
            c.error(error);
        }
    }

    private void dispatch(Client c, byte[][] argv) {
        dispatching = argv;
        CommandSpec cmd = server.commands().lookup(argv);
        c.setLastCommand(cmd);
        if (cmd == null) {
            reject(c, null, unknownCommand(argv));
            return;
        }
        if ((cmd.arity > 0 && cmd.arity != argv.length) || argv.length < -cmd.arity) {
            reject(c, cmd, Errors.arity(cmd.fullName));
            return;
        }
        if (cmd.handler == null) {
            // a container called without a subcommand has arity -2 and is caught above
            reject(c, cmd, unknownCommand(argv));
            return;
        }
        // COMMAND INFO does not show Redis's internal "protected" flag, so the table cannot carry it: DEBUG is
        // recognized by name
        if (isDebug(cmd) && !allowed("enable-debug-command", c)) {
            reject(c, cmd, "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                + "you can run it from a local connection, otherwise you need to set this option in the "
                + "configuration file, and then restart the server.");
            return;
        }
        if (!c.authenticated() && !cmd.has(CommandFlag.NO_AUTH)) {
            reject(c, cmd, Errors.NOAUTH);
            return;
        }
        if (c.hasFlag(Client.FLAG_MULTI) && cmd.has(CommandFlag.NO_MULTI)) {
            reject(c, cmd, "ERR Command not allowed inside a transaction");
            return;
        }
        if (gate != null && !gate.admit(c, cmd, argv)) {
            cmd.rejectedCalls++;
            if (Transactions.isExec(cmd)) {
                transactions.discardTransaction(c);
            } else {
                transactions.flagError(c);
            }
            return;
        }
        if (maxmemory > 0 && !server.busyGate().busy() && !oomCheck(c, cmd, argv)) {
            return;
        }
        String diskError = server.persistence().diskError();
        if (diskError != null && !c.hasFlag(Client.FLAG_MASTER) && (cmd.has(CommandFlag.WRITE)
            || cmd.fullName.equals("ping") || (Transactions.isExec(cmd) && Transactions.queuedWrite(c)))) {
            reject(c, cmd, diskError); // writeCommandsDeniedByDiskError: RDB or AOF write errors
            return;
        }
        String refused = replicationCheck == null ? null : replicationCheck.refuse(c, cmd);
        if (refused != null) {
            reject(c, cmd, refused);
            return;
        }
        if (c.hasFlag(Client.FLAG_PUBSUB) && c.protocol() == 2 && !allowedInPubSub(cmd)) {
            reject(c, cmd, "ERR Can't execute '" + cmd.fullName + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / "
                + "PING / QUIT / RESET are allowed in this context");
            return;
        }
        if (server.busyGate().loading() && (!cmd.has(CommandFlag.LOADING)
            || (Transactions.isExec(cmd) && Transactions.queuedLacks(c, CommandFlag.LOADING)))) {
            reject(c, cmd, Errors.LOADING); // startup loading or a replica's full sync
            return;
        }
        String busy = server.busyGate().busyError();
        if (busy != null && !cmd.has(CommandFlag.ALLOW_BUSY)) {
            reject(c, cmd, busy);
            return;
        }
        if (server.pause().postpones(c, cmd, requestTime)) {
            server.pause().postpone(c, argv);
            return;
        }
        if (c.hasFlag(Client.FLAG_MULTI) && !transactions.runsImmediately(cmd)) {
            transactions.queue(c, cmd, argv);
            return;
        }
        call(c, cmd, argv);
    }

    /**
     * maxmemory (processCommand): evicts what the policy allows; when still over the limit, refuses commands that
     * may grow memory (denyoom, EXEC of such commands, a script without allow-oom/no-writes, anything but
     * EXEC/DISCARD/QUIT/RESET inside MULTI). Remembers the outcome for the first write of a script.
     */
    private boolean oomCheck(Client c, CommandSpec cmd, byte[][] argv) {
        boolean outOfMemory = !eviction.performEvictions();
        server.propagation().flush(false);
        boolean reject = cmd.has(CommandFlag.DENYOOM)
            || (Transactions.isExec(cmd) && Transactions.queuedHas(c, CommandFlag.DENYOOM))
            || server.scriptDeniesOom(cmd, argv);
        if (c.hasFlag(Client.FLAG_MULTI)) {
            switch (cmd.fullName) {
                case "exec", "discard", "quit", "reset" -> { }
                default -> reject = true;
            }
        }
        if (outOfMemory && reject) {
            reject(c, cmd, Errors.OOM);
            return false;
        }
        server.setPreCommandOomState(outOfMemory);
        return true;
    }

    private static boolean isDebug(CommandSpec cmd) {
        CommandSpec top = cmd.parent == null ? cmd : cmd.parent;
        return top.name.equals("debug");
    }

    private boolean allowed(String directive, Client c) {
        String v = server.config().getString(directive);
        return v.equals("yes") || (v.equals("local") && c.connection().isLocal());
    }

    private static boolean allowedInPubSub(CommandSpec cmd) {
        return switch (cmd.fullName) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                 "quit", "reset" -> true;
            default -> false;
        };
    }

    /** Executes a command that passed all checks (also used by EXEC for queued commands). */
    public void call(Client c, CommandSpec cmd, byte[][] argv) {
        // the time commands see is fixed for a whole top-level call: everything inside EXEC sees EXEC's time, and
        // a script's commands see its start time (ScriptRun sets it), also once the script went busy
        if (callDepth++ == 0 && !c.hasFlag(Client.FLAG_SCRIPT)) {
            server.keyspace().setNow(requestTime != 0 ? requestTime : server.clock().currentTimeMillis());
        }
        c.setCurrentArgv(argv);
        c.setLastCommand(cmd);
        c.clearPropagateArgv();
        // EXEC calls back into here: each call counts only its own errors as failed_calls
        boolean outerErrorReplied = c.errorReplied;
        c.errorReplied = false;
        long dirtyBefore = server.dirty();
        long start = System.nanoTime();
        try {
            server.keyspace().setClientCommand(true);
            cmd.handler.execute(c, argv);
        } catch (Args.Abort done) {
            // the handler already replied with an error
        } finally {
            if (--callDepth == 0) {
                server.keyspace().setClientCommand(false);
            }
        }
        long micros = (System.nanoTime() - start) / 1000;
        cmd.calls++;
        cmd.microseconds += micros;
        if (c.errorReplied) {
            cmd.failedCalls++;
        }
        c.errorReplied = outerErrorReplied;
        propagate(c, cmd, argv, server.dirty() > dirtyBefore); // a save resetting dirty is no change
        server.stats().commandsProcessed++;
        if (latencyTracking) {
            cmd.recordLatency(micros * 1000);
        }
        if (!cmd.has(CommandFlag.SKIP_SLOWLOG)) {
            long threshold = slowlogThreshold;
            if (threshold >= 0 && micros >= threshold) {
                server.slowLog().add(argv, server.clock().currentTimeMillis() / 1000, micros,
                    c.connection().remoteAddress(), c.name(), slowlogMaxLen);
            }
        }
        if (latencyThreshold > 0) {
            server.latency().add(cmd.has(CommandFlag.FAST) ? "fast-command" : "command", micros / 1000,
                latencyThreshold, server.clock().currentTimeMillis() / 1000);
        }
        if (!server.monitors().isEmpty() && !cmd.has(CommandFlag.SKIP_MONITOR) && !cmd.has(CommandFlag.ADMIN)) {
            Monitor.feed(server, c, argv);
        }
        c.setCurrentArgv(null);
        if (callDepth == 0) {
            long before = server.replication().offset();
            server.propagation().flush(!ARBITRARY_KEYS.contains(cmd.fullName));
            long after = server.replication().offset();
            if (after != before) {
                c.setReplOffset(after);
            }
        }
    }

    /**
     * Commands that may lazily expire (and so delete) any keys; run directly, what they propagate is not wrapped in
     * MULTI/EXEC (Redis's CMD_TOUCHES_ARBITRARY_KEYS).
     */
    private static final java.util.Set<String> ARBITRARY_KEYS = java.util.Set.of("randomkey", "scan");

    /**
     * Queues a call's effect for replication: first what it asked to propagate besides itself (alsoPropagate),
     * then, if it changed the dataset or forced it and did not prevent it, its own (possibly rewritten) argv.
     * EXEC never propagates itself, its commands do.
     */
    private void propagate(Client c, CommandSpec cmd, byte[][] argv, boolean dirty) {
        Propagation p = server.propagation();
        if (!p.active() || Transactions.isExec(cmd) || c.hasFlag(Client.FLAG_NO_PROPAGATE)) {
            return;
        }
        if (c.alsoPropagated() != null) {
            for (byte[][] extra : c.alsoPropagated()) {
                p.add(c.dbIndex(), extra);
            }
        }
        if (c.propagationPrevented() || !(dirty || c.propagationForced())) {
            return;
        }
        byte[][] rewritten = c.propagateArgv();
        p.add(c.dbIndex(), rewritten != null ? rewritten : argv);
    }

    /**
     * Keeps the current top-level call open after its handler returned: a script that went busy goes on running
     * after EVAL's handler, and its commands must still see the script's time and propagate with it.
     */
    public void holdCall() {
        callDepth++;
    }

    /** Ends what {@link #holdCall()} kept open, flushing the propagation it collected. */
    public void releaseCall() {
        if (--callDepth == 0) {
            server.propagation().flush(true);
        }
    }

    /** Feeds a command to MONITOR clients now (EVAL does it before its script's commands). */
    public void feedMonitors(Client c, byte[][] argv) {
        if (!server.monitors().isEmpty()) {
            Monitor.feed(server, c, argv);
        }
    }

    /** Redis's message for an unknown command or subcommand. */
    String unknownCommand(byte[][] argv) {
        String name = text(argv[0]);
        CommandSpec top = server.commands().lookupTop(argv[0]);
        String msg;
        if (top != null && top.isContainer() && argv.length > 1) {
            msg = "ERR unknown subcommand '" + clip(text(argv[1]), 128) + "'. Try "
                + name.toUpperCase(java.util.Locale.ROOT) + " HELP.";
        } else {
            StringBuilder args = new StringBuilder();
            for (int i = 1; i < argv.length && args.length() < 128; i++) {
                int room = 128 - args.length(); // measured before the opening quote, as Redis's '%.*s' does
                args.append('\'').append(clip(text(argv[i]), room)).append("' ");
            }
            msg = "ERR unknown command '" + clip(name, 128) + "', with args beginning with: " + args;
        }
        return msg.replace('\r', ' ').replace('\n', ' ');
    }

    private static String clip(String s, int max) {
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            s = s.substring(0, nul);
        }
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
