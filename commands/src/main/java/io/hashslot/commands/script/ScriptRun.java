package io.hashslot.commands.script;

import io.hashslot.commands.Client;
import io.hashslot.commands.Errors;
import io.hashslot.commands.CommandFlag;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.LogLevel;
import io.hashslot.protocol.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * One execution of a script (Redis's scriptRunCtx): the calling client, the script client whose commands the script
 * runs, the script's flags, and what the engine calls back: {@link #call} for redis.call, the reply to write the
 * result to, logging, RESP version, and the kill flag checked by the engine's instruction hook.
 */
public final class ScriptRun {
    private final ServerContext server;
    private final CommandProcessor processor;
    private final BusyGate gate;
    private final Client caller;
    private final Client scriptClient;
    private final String sha;
    private final boolean readOnly;
    private final long snapshotMillis;
    final long startNanos = System.nanoTime();
    final CountDownLatch done = new CountDownLatch(1);
    /** SCRIPT KILL asked to stop the script. */
    volatile boolean killed;
    /** The node is stopping: stop the script whatever it did. */
    volatile boolean aborted;
    /** The script ran a write command (guarded by the gate lock). */
    boolean writeDirty;
    /** The script exceeded busy-reply-threshold and the node is in busy mode (guarded by the gate lock). */
    boolean timedOut;
    /** The script thread is done with this run (guarded by the gate lock). */
    boolean finished;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    /** Cluster mode: keys may span slots (scripts without shebang, or allow-cross-slot-keys). */
    private boolean allowCrossSlot = true;
    /** Cluster mode: the slot the script's keys are bound to, -1 before the first key. */
    private final int[] boundSlot = {-1};

    ScriptRun(ServerContext server, CommandProcessor processor, BusyGate gate, Client caller, Client scriptClient,
              String sha, boolean readOnly) {
        this.server = server;
        this.processor = processor;
        this.gate = gate;
        this.caller = caller;
        this.scriptClient = scriptClient;
        this.sha = sha;
        this.readOnly = readOnly;
        this.snapshotMillis = server.clock().currentTimeMillis();
        scriptClient.select(caller.dbIndex());
        scriptClient.setProtocol(2);
        scriptClient.clearFlag(Client.FLAG_NO_PROPAGATE);
    }

    /** Whether the script may touch keys of several slots in cluster mode (Redis's SCRIPT_ALLOW_CROSS_SLOT). */
    void setAllowCrossSlot(boolean allow) {
        this.allowCrossSlot = allow;
    }

    /** The script's name in error messages and logs: its SHA1. */
    public String name() {
        return sha;
    }

    /**
     * redis.call / redis.pcall: runs a Redis command as the script client (scriptCall) and returns its reply
     * encoded in the script's RESP version. Errors found before running it (unknown command, arity, commands not
     * allowed from scripts, writes from read-only scripts) come back as RESP error replies too.
     */
    public byte[] call(byte[][] argv) {
        gate.lockShared();
        try {
            server.keyspace().setNow(snapshotMillis);
            CommandSpec cmd = server.commands().lookup(argv);
            String error = verify(cmd != null ? cmd : describe(argv), argv);
            if (error != null) {
                server.stats().countError(error);
                if (cmd != null) {
                    cmd.countRejected();
                }
                return ("-" + error + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
            if (cmd.has(CommandFlag.WRITE)) {
                writeDirty = true;
            }
            CommandProcessor.CommandGate routing = processor.gate();
            String refused = routing == null ? null
                : routing.admitFromScript(caller, cmd, argv, allowCrossSlot, boundSlot);
            if (refused != null) {
                server.stats().countError(refused);
                cmd.countRejected();
                return ("-" + refused + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
            processor.call(scriptClient, cmd, argv);
            captured.reset();
            scriptClient.output().drain((array, off, len, owned) -> captured.write(array, off, len));
            return captured.toByteArray();
        } finally {
            gate.unlockShared();
        }
    }

    /** Metadata of a command this node does not implement, so that scripts get Redis's checks on it. */
    private CommandSpec describe(byte[][] argv) {
        String name = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        if (name.indexOf('|') >= 0) {
            return null;
        }
        CommandSpec top = server.commands().spec(name);
        if (top == null || !top.isContainer() || argv.length == 1) {
            return top;
        }
        return server.commands().spec(name + "|"
            + new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT));
    }

    private String verify(CommandSpec cmd, byte[][] argv) {
        if (cmd == null || (cmd.arity() > 0 && cmd.arity() != argv.length) || argv.length < -cmd.arity()) {
            return cmd != null ? "ERR Wrong number of args calling Redis command from script"
                : "ERR Unknown Redis command called from script";
        }
        if (cmd.has(CommandFlag.NOSCRIPT) && !server.denyScriptsDisabled()) {
            return "ERR This Redis command is not allowed from script";
        }
        if (!cmd.implemented() || cmd.isContainer()) {
            return "ERR Unknown Redis command called from script";
        }
        if (readOnly && (cmd.has(CommandFlag.WRITE) || mayReplicate(cmd))) {
            return "ERR Write commands are not allowed from read-only scripts.";
        }
        if (cmd.has(CommandFlag.WRITE) && !writeDirty && server.isReplica()
            && server.config().getBool("replica-read-only") && !caller.hasFlag(Client.FLAG_MASTER)) {
            return "READONLY You can't write against a read only replica.";
        }
        if (cmd.has(CommandFlag.WRITE) && !server.replication().goodReplicasOk()) {
            return "NOREPLICAS Not enough good replicas to write.";
        }
        // scriptVerifyOOM: only before the script's first write, and only if the node was over maxmemory when the
        // script started
        if (cmd.has(CommandFlag.DENYOOM) && !allowOom && !writeDirty && server.preCommandOomState()
            && server.config().getLong("maxmemory") > 0 && !caller.hasFlag(Client.FLAG_MASTER)) {
            return Errors.OOM;
        }
        return null;
    }

    /** The script declared allow-oom (with declared flags, not in compatibility mode). */
    void setAllowOom(boolean allowOom) {
        this.allowOom = allowOom;
    }

    private boolean allowOom;

    /**
     * CMD_MAY_REPLICATE, which COMMAND INFO does not show in Redis 7.0 (so the captured table lacks it): PUBLISH,
     * SPUBLISH and PFCOUNT are the ones a script can call.
     */
    private static boolean mayReplicate(CommandSpec cmd) {
        return cmd.has(CommandFlag.MAY_REPLICATE) || switch (cmd.fullName()) {
            case "publish", "spublish", "pfcount" -> true;
            default -> false;
        };
    }

    /** Whether a command exists for redis.acl_check_cmd (every user may run every command). */
    public boolean commandExists(byte[][] argv) {
        return server.commands().lookup(argv) != null || describe(argv) != null;
    }

    /** The RESP version of replies the script gets from redis.call (redis.setresp). */
    public int resp() {
        return scriptClient.protocol();
    }

    public void setResp(int resp) {
        scriptClient.setProtocol(resp);
    }

    /**
     * redis.set_repl: where the script's next commands propagate (bit 1 AOF, bit 2 replicas). Hashslot has one
     * propagation stream, so only REPL_NONE (0) changes anything: those commands are not propagated.
     */
    public void setRepl(int flags) {
        if (flags == 0) {
            scriptClient.addFlag(Client.FLAG_NO_PROPAGATE);
        } else {
            scriptClient.clearFlag(Client.FLAG_NO_PROPAGATE);
        }
    }

    /** redis.log: {@code level} is 0 (debug) to 3 (warning). */
    public void log(int level, byte[] message) {
        LogLevel l = LogLevel.values()[level];
        if (!server.log().enabled(l)) {
            return;
        }
        gate.lockShared();
        try {
            server.log().log(l, new String(message, StandardCharsets.ISO_8859_1));
        } finally {
            gate.unlockShared();
        }
    }

    /** Checked by the engine from time to time: the script must stop (SCRIPT KILL or node shutdown). */
    public boolean interrupted() {
        return killed || aborted;
    }

    /** The node is stopping: the script's result is dropped (as when Redis exits under a busy script). */
    public boolean aborted() {
        return aborted;
    }

    /** The engine stops the script because of {@link #interrupted()}. */
    public void logKilled() {
        if (killed) {
            log(LogLevel.WARNING.ordinal(), "Lua script killed by user with SCRIPT KILL."
                .getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * Starts writing the script's result: call before using {@link #reply()}, {@link #error} or
     * {@link #errorCounted}, and {@link #endReply()} after.
     */
    public void beginReply() {
        gate.lockShared();
    }

    public void endReply() {
        gate.unlockShared();
    }

    /** Where the result goes (the caller's reply, in the caller's RESP version). */
    public Reply reply() {
        return caller.reply();
    }

    /** An error reply counted in the error statistics. */
    public void error(String message) {
        caller.error(message);
    }

    /** An error reply whose statistics were counted already (an error a redis.call returned). */
    public void errorCounted(String message) {
        caller.errorCounted(message);
    }

    Client caller() {
        return caller;
    }
}
