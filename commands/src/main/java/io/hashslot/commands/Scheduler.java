package io.hashslot.commands;

/** Timers on the node's execution thread (blocked-client timeouts, client pauses). Implemented by the server. */
public interface Scheduler {
    /** Runs {@code task} on the execution thread after {@code delayMillis}; returns a handle for cancel. */
    Object schedule(long delayMillis, Runnable task);

    void cancel(Object handle);

    /** A scheduler that never fires; for contexts with no event loop (unit tests of pure logic). */
    Scheduler NONE = new Scheduler() {
        @Override
        public Object schedule(long delayMillis, Runnable task) {
            return this;
        }

        @Override
        public void cancel(Object handle) {
        }
    };
}
