package io.hashslot.server;

import io.hashslot.commands.Scheduler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Timers on the node's event loop. */
final class LoopScheduler implements Scheduler {
    private final EventExecutor loop;

    LoopScheduler(EventExecutor loop) {
        this.loop = loop;
    }

    @Override
    public Object schedule(long delayMillis, Runnable task) {
        return loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void cancel(Object handle) {
        if (handle instanceof ScheduledFuture<?> f) {
            f.cancel(false);
        }
    }
}
