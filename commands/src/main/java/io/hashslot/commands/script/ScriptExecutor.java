package io.hashslot.commands.script;

import io.hashslot.commands.Client;
import io.hashslot.commands.ServerContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node's script thread and its engine. The event loop hands every engine operation to the script thread and
 * waits; a script that outlives busy-reply-threshold turns the node into busy mode ({@link BusyGate}): the EVAL
 * handler returns with its caller blocked, and the script thread ends busy mode when the script finishes. The engine
 * is created on the script thread on first use, so nodes that never run a script never load Lua.
 */
public final class ScriptExecutor {
    static final String BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN "
        + "NOSAVE.";
    /** Stack of the script thread: Lua recursion and reply conversion of deep tables run on it. */
    private static final long STACK_BYTES = 64L << 20;
    private static final long LOOP_SPIN_NANOS = Long.getLong("hashslot.script.loopspin", 50_000);

    private final ServerContext server;
    private final io.hashslot.commands.CommandProcessor processor;
    private final BusyGate gate;
    private ScriptWorker thread;
    /** Script thread only. */
    private volatile ScriptEngine engine;
    private volatile ScriptRun current;
    private volatile boolean closed;

    public ScriptExecutor(ServerContext server, io.hashslot.commands.CommandProcessor processor) {
        this.server = server;
        this.processor = processor;
        this.gate = server.busyGate();
        server.onStop(this::close);
    }

    private synchronized ScriptWorker thread() {
        if (closed) {
            throw new IllegalStateException("the node is stopping");
        }
        if (thread == null) {
            ScriptWorker.Factory f = gate.workers();
            if (f == null) {
                throw new IllegalStateException("no script thread factory installed");
            }
            thread = f.start("hashslot-script-" + server.config().getInt("port"), STACK_BYTES);
        }
        return thread;
    }

    /** Script thread: the engine, created on first use. */
    ScriptEngine engine() {
        if (engine == null) {
            ScriptEngine.Factory f = server.scriptEngines();
            if (f == null) {
                throw new IllegalStateException("no script engine installed");
            }
            engine = f.create(server);
        }
        return engine;
    }

    /** Lua memory as measured after the last engine operation (any thread). */
    long vmMemory() {
        ScriptEngine e = engine;
        return e == null ? 0 : e.memoryBytes();
    }

    /** Whether an engine exists (its memory can be reported). */
    boolean started() {
        return engine != null;
    }

    /** Runs work on the script thread and waits for it (compiling, flushing); no busy mode. */
    void runSync(Consumer<ScriptEngine> work) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        thread().execute(() -> {
            try {
                work.accept(engine());
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        await(f);
    }

    private static void await(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Event loop: runs a script body on the script thread. Returns when it finished, or, past busy-reply-threshold,
     * with the node in busy mode and the caller blocked until the script ends. Inside EXEC (or without an event
     * loop) it waits for the end.
     */
    void runScript(ScriptRun run, Consumer<ScriptEngine> body) {
        current = run;
        thread().execute(() -> {
            try {
                body.accept(engine());
            } catch (Throwable t) {
                server.log().warning("Script engine failure: " + t);
                run.beginReply();
                try {
                    run.error("ERR Error running script: " + t.getMessage());
                } finally {
                    run.endReply();
                }
            } finally {
                finish(run);
            }
        });
        Client caller = run.caller();
        long threshold = server.config().getLong("busy-reply-threshold");
        boolean mayBusy = gate.hasLoop() && gate.inTask() && !caller.hasFlag(Client.FLAG_DENY_BLOCKING);
        if (!mayBusy || threshold <= 0) {
            awaitDone(run, 0);
            return;
        }
        if (awaitDone(run, threshold)) {
            return;
        }
        gate.lockShared();
        if (run.finished) {
            gate.unlockShared();
            return;
        }
        run.timedOut = true;
        long elapsed = (System.nanoTime() - run.startNanos) / 1_000_000;
        server.log().warning("Slow script detected: still in execution after " + elapsed + " milliseconds. You can "
            + "try killing the script using the SCRIPT KILL command. Script name is: " + run.name() + ".");
        gate.enterBusy(BUSY_EVAL);
        caller.addFlag(Client.FLAG_BLOCKED);
        processor.holdCall();
        // the lock stays held until the event loop task that runs this command ends (BusyGate.exit)
    }

    private static boolean awaitDone(ScriptRun run, long millis) {
        long spinUntil = System.nanoTime() + LOOP_SPIN_NANOS;
        while (run.done.getCount() > 0 && System.nanoTime() < spinUntil) {
            Thread.onSpinWait(); // most scripts end within microseconds: no park/unpark round trip
        }
        if (run.done.getCount() == 0) {
            return true;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (millis <= 0) {
                        run.done.await();
                        return true;
                    }
                    return run.done.await(millis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Script thread: the run is over; leaves busy mode through the event loop if the node is in it. */
    private void finish(ScriptRun run) {
        gate.lockShared();
        try {
            run.finished = true;
            current = null;
            if (run.timedOut && !gate.post(() -> endBusy(run))) {
                server.log().warning("Script ended after the node stopped");
            }
        } finally {
            gate.unlockShared();
        }
        run.done.countDown();
    }

    /** Event loop: the timed-out script ended: serve its caller and everything that waited. */
    private void endBusy(ScriptRun run) {
        gate.enter();
        try {
            Client caller = run.caller();
            caller.clearFlag(Client.FLAG_BLOCKED);
            // the EVAL's call was accounted when it went busy; an error reply came later
            if (caller.takeErrorReplied() && caller.lastCommand() != null) {
                caller.lastCommand().addLateFailure();
            }
            processor.releaseCall();
            gate.leaveBusy();
            server.blocking().serveReady();
            caller.connection().resume();
        } finally {
            gate.exit();
        }
    }

    /** SCRIPT KILL: returns null when the running script was told to stop, else the error to reply. */
    String kill() {
        ScriptRun run = current;
        if (run == null) {
            return "NOTBUSY No scripts in execution right now.";
        }
        if (run.caller().hasFlag(Client.FLAG_MASTER)) {
            return "UNKILLABLE The busy script was sent by a master instance in the context of replication and cannot "
                + "be killed.";
        }
        if (run.writeDirty) {
            return "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either "
                + "wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.";
        }
        run.killed = true;
        return null;
    }

    /** Node stop: stops a running script whatever it did, then frees the engine on the script thread. */
    private void close() {
        ScriptWorker t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        ScriptRun run = current;
        if (run != null) {
            run.aborted = true;
        }
        if (t == null) {
            return;
        }
        t.execute(() -> {
            if (engine != null) {
                engine.close();
                engine = null;
            }
        });
        try {
            if (!t.shutdownAndWait(10_000)) {
                server.log().warning("The script thread did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isClosed() {
        return closed;
    }
}
