package io.hashslot.server;

import io.hashslot.commands.script.ScriptWorker;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The node's script thread: runs handed-over tasks one after the other. Tasks come from the event loop, which waits
 * for each (spinning briefly first, so that a short script costs the event loop no park/unpark).
 */
final class ScriptThread implements ScriptWorker {
    /** Spinning before parking helps on idle many-core machines and hurts on busy small ones: off by default. */
    private static final long SPIN_NANOS = Long.getLong("hashslot.script.spin", 0);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean shutdown;

    ScriptThread(String name, long stackBytes) {
        thread = new Thread(null, this::loop, name, stackBytes);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new IllegalStateException("script thread stopped");
        }
        tasks.add(task);
        LockSupport.unpark(thread);
    }

    @Override
    public boolean shutdownAndWait(long millis) throws InterruptedException {
        shutdown = true;
        LockSupport.unpark(thread);
        thread.join(millis);
        return !thread.isAlive();
    }

    private void loop() {
        while (true) {
            Runnable task = tasks.poll();
            if (task != null) {
                task.run();
                continue;
            }
            if (shutdown) {
                return;
            }
            if (SPIN_NANOS > 0) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (tasks.isEmpty() && !shutdown && System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                }
            }
            if (tasks.isEmpty() && !shutdown) {
                LockSupport.park(this);
            }
        }
    }
}
