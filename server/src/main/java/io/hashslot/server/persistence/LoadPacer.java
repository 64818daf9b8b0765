package io.hashslot.server.persistence;

import io.hashslot.commands.ServerContext;
import io.hashslot.commands.script.BusyGate;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Paces a load that runs on its own thread in the gate's loading mode (a replica's full sync, startup loading):
 * after each key or command it applies key-load-delay, and every loading-process-events-interval-bytes it records
 * the progress for INFO and lets the event loop run what is pending (Redis's rdbLoadProgressCallback and
 * processEventsWhileBlocked). {@link LoadRun} runs the load; until the first pause the event loop is blocked, after
 * it the loader holds the gate between pauses.
 */
public final class LoadPacer {
    /** The load stopped because the node is stopping or the load is no longer wanted (not a bad file). */
    public static final class Abandoned extends IOException {
        Abandoned() {
            super("the load was abandoned");
        }
    }

    private final ServerContext server;
    private final BusyGate gate;
    private final LoadingStats stats;
    private final BooleanSupplier abandoned;
    private final Runnable firstPause;
    private boolean holdsGate;
    private long nextYield;

    /**
     * {@code abandoned} is asked after each pause: true stops the load with {@link Abandoned}. {@code firstPause}
     * runs at the first pause instead of a yield (the loop was blocked until then) and must leave the loader holding
     * the gate ({@link LoadRun}).
     */
    LoadPacer(ServerContext server, LoadingStats stats, BooleanSupplier abandoned, Runnable firstPause) {
        this.server = server;
        this.gate = server.busyGate();
        this.stats = stats;
        this.abandoned = abandoned;
        this.firstPause = firstPause;
        this.nextYield = interval();
    }

    /** Whether the loader holds the gate (it paused at least once). */
    boolean holdsGate() {
        return holdsGate;
    }

    private long interval() {
        return server.config().getLong("loading-process-events-interval-bytes");
    }

    /** After a key (or an AOF command): {@code bytesRead} of the current file or payload so far. */
    public void afterKey(long bytesRead) throws IOException {
        int delay = server.config().getInt("key-load-delay");
        if (delay != 0) {
            keyLoadDelay(delay);
        }
        if (bytesRead >= nextYield) {
            stats.progress(bytesRead);
            if (!holdsGate) {
                firstPause.run();
                holdsGate = true;
            } else if (!gate.yieldToLoop()) {
                throw new Abandoned();
            }
            if (abandoned.getAsBoolean()) {
                throw new Abandoned();
            }
            nextYield = bytesRead + interval();
        }
    }

    /** A new file starts (AOF base then incr files): byte positions restart from 0. */
    public void nextFile() {
        nextYield = interval();
    }

    /** debugDelay: a sleep of {@code usec} microseconds, or with usec < 0 a 1 us sleep once in -usec calls. */
    private void keyLoadDelay(int usec) {
        long micros = usec > 0 ? usec : server.random().nextInt(-usec) == 0 ? 1 : 0;
        if (micros > 0) {
            LockSupport.parkNanos(micros * 1000);
        }
    }
}
