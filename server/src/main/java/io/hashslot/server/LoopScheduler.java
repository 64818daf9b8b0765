package io.hashslot.server;

import io.hashslot.commands.Scheduler;
import io.hashslot.commands.script.BusyGate;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Timers on the node's event loop; a timer that fires while a script is busy runs when the script ends. */
final class LoopScheduler implements Scheduler {
    private final EventExecutor loop;
    private final BusyGate gate;

    LoopScheduler(EventExecutor loop, BusyGate gate) {
        this.loop = loop;
        this.gate = gate;
    }

    @Override
    public Object schedule(long delayMillis, Runnable task) {
        return loop.schedule(() -> gate.runOrDefer(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void cancel(Object handle) {
        if (handle instanceof ScheduledFuture<?> f) {
            f.cancel(false);
        }
    }
}
