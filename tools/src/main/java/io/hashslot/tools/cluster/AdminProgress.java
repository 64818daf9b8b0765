package io.hashslot.tools.cluster;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of one long admin operation (reshard, rebalance, import): keys moved, slots done and the rate since the
 * start. These summary lines are ours (redis-cli prints none): a periodic one at most every
 * {@link AdminOptions#progressMillis}, printed only where a line of redis-cli's output has just ended, and a final
 * one. Durations come from {@link System#nanoTime}.
 */
final class AdminProgress {
    private final PrintStream out;
    private final boolean slots;
    private final long planned;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long lastReport = start;
    private long keys;
    private long done;

    private AdminProgress(PrintStream out, boolean slots, long planned, long intervalMillis) {
        this.out = out;
        this.slots = slots;
        this.planned = planned;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Progress of moving {@code planned} slots. */
    static AdminProgress ofSlots(PrintStream out, long planned, long intervalMillis) {
        return new AdminProgress(out, true, planned, intervalMillis);
    }

    /** Progress of importing {@code planned} keys (the source's DBSIZE when the import started). */
    static AdminProgress ofKeys(PrintStream out, long planned, long intervalMillis) {
        return new AdminProgress(out, false, planned, intervalMillis);
    }

    void keysMoved(long n) {
        keys += n;
    }

    void slotDone() {
        done++;
    }

    long keys() {
        return keys;
    }

    /** Whether a periodic line is due now. */
    boolean due() {
        return System.nanoTime() - lastReport >= intervalNanos;
    }

    /** Prints the periodic line if it is due; call where a line has just ended. */
    void reportIfDue() {
        if (due()) {
            report();
        }
    }

    /** Prints the periodic line now. */
    void report() {
        lastReport = System.nanoTime();
        if (slots) {
            out.print(String.format(Locale.ROOT, "Moved %d keys in %d of %d slots (%d keys/s)\n", keys, done,
                planned, rate()));
        } else {
            out.print(String.format(Locale.ROOT, "Imported %d of %d keys (%d keys/s)\n", keys, planned, rate()));
        }
        out.flush();
    }

    /** The final line: everything moved, the time taken and the mean rate. */
    void finish() {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (slots) {
            out.print(String.format(Locale.ROOT, "Moved %d keys in %d slots in %.2f s (%d keys/s)\n", keys, done,
                seconds, rate()));
        } else {
            out.print(String.format(Locale.ROOT, "Imported %d keys in %.2f s (%d keys/s)\n", keys, seconds, rate()));
        }
        out.flush();
    }

    private long rate() {
        long nanos = Math.max(System.nanoTime() - start, 1_000_000L);
        return Math.round(keys * 1e9 / nanos);
    }
}
