package io.hashslot.common;

/** A clock that only moves when told to; for tests and the deterministic simulator. */
public final class ManualClock implements Clock {
    private long millis;
    private long nanos;

    public ManualClock(long startMillis) {
        this.millis = startMillis;
    }

    @Override
    public long currentTimeMillis() {
        return millis;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    public void advanceMillis(long delta) {
        millis += delta;
        nanos += delta * 1_000_000L;
    }
}
