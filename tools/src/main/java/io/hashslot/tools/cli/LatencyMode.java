package io.hashslot.tools.cli;

import io.hashslot.protocol.RespValue;
import java.util.Locale;

/**
 * --latency and --latency-history (PING round trips: min, max, average in milliseconds) and --intrinsic-latency
 * (how late this machine runs a busy loop).
 */
final class LatencyMode {
    private static final long SAMPLE_RATE_MS = 10;
    private static final long HISTORY_DEFAULT_INTERVAL_MS = 15_000;

    private LatencyMode() {
    }

    static void run(Session session) {
        CliIo io = session.io();
        CliOptions o = session.options();
        long historyInterval = o.intervalUs != 0 ? o.intervalUs / 1000 : HISTORY_DEFAULT_INTERVAL_MS;
        long intervalMs = o.intervalUs == 0 ? 1000 : o.intervalUs / 1000;
        long min = 0;
        long max = 0;
        long tot = 0;
        long count = 0;
        double avg = 0;
        // one untimed round trip first, so the JVM's first-call costs do not show up as latency
        session.reconnectingCall("PING");
        long historyStart = nowMs();
        while (true) {
            long start = nowMs();
            RespValue r = session.reconnectingCall("PING");
            long latency = nowMs() - start;
            if (r == null) {
                io.eprint("\nI/O error\n");
                throw new CliExit(1);
            }
            count++;
            if (count == 1) {
                min = max = tot = latency;
                avg = latency;
            } else {
                min = Math.min(min, latency);
                max = Math.max(max, latency);
                tot += latency;
                avg = (double) tot / count;
            }
            if (o.output == OutputMode.STANDARD) {
                io.print("\u001b[0G\u001b[2K");
                print(io, o.output, min, max, avg, count);
            } else if (o.latencyHistory) {
                print(io, o.output, min, max, avg, count);
            } else if (nowMs() - historyStart > intervalMs) {
                print(io, o.output, min, max, avg, count);
                throw new CliExit(0);
            }
            if (o.latencyHistory && nowMs() - historyStart > historyInterval) {
                io.print(String.format(Locale.ROOT, " -- %.2f seconds range\n", (nowMs() - historyStart) / 1000.0));
                io.flush();
                historyStart = nowMs();
                min = max = tot = count = 0;
            }
            Session.sleepMicros(SAMPLE_RATE_MS * 1000);
        }
    }

    private static void print(CliIo io, OutputMode mode, long min, long max, double avg, long count) {
        switch (mode) {
            case STANDARD -> io.print(String.format(Locale.ROOT, "min: %d, max: %d, avg: %.2f (%d samples)", min,
                max, avg, count));
            case CSV -> io.print(String.format(Locale.ROOT, "%d,%d,%.2f,%d\n", min, max, avg, count));
            case RAW -> io.print(String.format(Locale.ROOT, "%d %d %.2f %d\n", min, max, avg, count));
            case JSON -> io.print(String.format(Locale.ROOT,
                "{\"min\": %d, \"max\": %d, \"avg\": %.2f, \"count\": %d}\n", min, max, avg, count));
            default -> {
            }
        }
        io.flush();
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    /** --intrinsic-latency: the longest gap between two consecutive clock readings around a tiny computation. */
    static void intrinsic(CliIo io, int seconds) {
        long runTimeUs = seconds * 1_000_000L;
        long testEnd = nowUs() + runTimeUs;
        long maxLatency = 0;
        long runs = 0;
        while (true) {
            long start = nowUs();
            busyWork(runs);
            long end = nowUs();
            long latency = end - start;
            runs++;
            if (latency <= 0) {
                continue;
            }
            if (latency > maxLatency) {
                maxLatency = latency;
                io.print("Max latency so far: " + maxLatency + " microseconds.\n");
                io.flush();
            }
            double avgUs = (double) runTimeUs / runs;
            if (end > testEnd) {
                io.print(String.format(Locale.ROOT,
                    "\n%d total runs (avg latency: %.4f microseconds / %.2f nanoseconds per run).\n", runs, avgUs,
                    avgUs * 1e3));
                io.print(String.format(Locale.ROOT, "Worst run took %.0fx longer than the average latency.\n",
                    maxLatency / avgUs));
                io.flush();
                throw new CliExit(0);
            }
        }
    }

    /** A little computation between two clock readings (kept from being optimized away by its result). */
    private static long busyWork(long seed) {
        long x = seed;
        for (int j = 0; j < 1000; j++) {
            x = x * 31 + j;
        }
        return x;
    }

    private static long nowUs() {
        return System.nanoTime() / 1000;
    }
}
