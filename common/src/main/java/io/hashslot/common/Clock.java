package io.hashslot.common;

/**
 * The only source of time for node logic. Production wires {@link SystemClock}; the simulator and tests
 * inject their own.
 */
public interface Clock {
    /** Wall-clock milliseconds since the epoch (used for TTLs, LASTSAVE, log timestamps). */
    long currentTimeMillis();

    /** Monotonic nanoseconds, for measuring durations only. */
    long nanoTime();
}
