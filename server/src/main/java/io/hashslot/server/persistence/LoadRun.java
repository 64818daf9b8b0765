package io.hashslot.server.persistence;

import io.hashslot.commands.ServerContext;
import io.hashslot.commands.script.BusyGate;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One load of data in the gate's loading mode, run the way Redis loads: the event loop is blocked while the first
 * loading-process-events-interval-bytes load, so a short load is never seen (clients just wait, as with Redis's
 * synchronous rdbLoad); only a load that goes past that point lets the loop serve in between, with -LOADING
 * (processEventsWhileBlocked). The loader is the calling thread; node state belongs to it while the loop is
 * blocked and, after the first pause, while it holds the gate.
 *
 * @param <T> what the ending step returns
 */
public final class LoadRun<T> {
    /** The loading itself, on the loader thread. */
    public interface Body {
        void load(LoadPacer pacer) throws Exception;
    }

    private static final int HOLDING = 0;
    private static final int PAUSED = 1;
    private static final int ENDED = 2;
    private static final int GAVE_UP = 3;
    /** How long the loop stays blocked waiting for the loader's first pause before it serves anyway. */
    private static final long HOLD_SECONDS = 30;

    private final ServerContext server;
    private final BusyGate gate;
    private final LoadingStats stats;
    private final Executor loop;
    private final BooleanSupplier stopping;
    private final AtomicInteger state = new AtomicInteger(HOLDING);
    private final CountDownLatch handOver = new CountDownLatch(1);
    private final CompletableFuture<Boolean> started = new CompletableFuture<>();
    private final CompletableFuture<T> ended = new CompletableFuture<>();
    private volatile Throwable failure;

    /**
     * {@code loop} runs a task on the node's thread inside the gate (as HashslotServer.execute does);
     * {@code stopping} says the node is stopping (its loop may then never run what waits).
     */
    public LoadRun(ServerContext server, LoadingStats stats, Executor loop, BooleanSupplier stopping) {
        this.server = server;
        this.gate = server.busyGate();
        this.stats = stats;
        this.loop = loop;
        this.stopping = stopping;
    }

    /**
     * Loader thread: runs {@code begin} on the event loop (false: nothing to load, run returns null), enters loading
     * mode with {@code size} bytes to load, runs {@code body} here, then {@code end} on the event loop with the
     * body's failure (null on success) once loading mode is over; returns what {@code end} returned. A node that
     * stops meanwhile makes run return null.
     */
    public T run(Callable<Boolean> begin, long size, Body body, BooleanSupplier abandoned,
                 Function<Throwable, T> end) {
        if (!post(() -> holdLoop(begin, size, end))) {
            return null;
        }
        Boolean go = await(started);
        if (go == null || !go) {
            return null;
        }
        LoadPacer pacer = new LoadPacer(server, stats, abandoned, this::firstPause);
        try {
            body.load(pacer);
        } catch (Throwable t) {
            failure = t;
        }
        if (!pacer.holdsGate() && state.compareAndSet(HOLDING, ENDED)) {
            handOver.countDown(); // the blocked loop task ends the load itself: nobody saw it
            return await(ended);
        }
        if (pacer.holdsGate()) {
            gate.releaseForLoader();
        }
        if (!post(() -> finish(end))) {
            return null;
        }
        return await(ended);
    }

    /** Event loop: begin, enter loading mode, stay blocked until the loader's first pause or its end. */
    private void holdLoop(Callable<Boolean> begin, long size, Function<Throwable, T> end) {
        try {
            if (!begin.call()) {
                started.complete(false);
                return;
            }
        } catch (Exception | Error e) {
            started.completeExceptionally(e);
            return;
        }
        gate.startLoading();
        stats.start(size, server.clock().currentTimeMillis() / 1000);
        started.complete(true);
        boolean handed = awaitHandOver();
        if (!handed && state.compareAndSet(HOLDING, GAVE_UP)) {
            return; // still in its first chunk after HOLD_SECONDS: serve (-LOADING) while it goes on
        }
        if (state.get() == ENDED) {
            finish(end);
        }
    }

    private boolean awaitHandOver() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return handOver.await(HOLD_SECONDS, TimeUnit.SECONDS);
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

    /** Loader, first pause: lets the blocked loop task end, then takes the gate for the rest of the load. */
    private void firstPause() {
        if (state.compareAndSet(HOLDING, PAUSED)) {
            handOver.countDown();
        }
        gate.acquireForLoader();
    }

    /** Event loop: loading mode ends, then {@code end} reports the outcome. */
    private void finish(Function<Throwable, T> end) {
        try {
            gate.finishLoading();
            stats.stop();
            ended.complete(end.apply(failure));
        } catch (RuntimeException | Error e) {
            ended.completeExceptionally(e);
            throw e;
        }
    }

    private boolean post(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RuntimeException rejected) {
            return false; // the node's loop has stopped
        }
    }

    /** Waits for a step done by the event loop; null when the node stops before it (or the step failed). */
    private <V> V await(CompletableFuture<V> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    if (stopping.getAsBoolean()) {
                        return null;
                    }
                } catch (ExecutionException e) {
                    return null;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
