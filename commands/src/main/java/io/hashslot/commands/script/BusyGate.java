package io.hashslot.commands.script;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coordinates the node's event loop with a script that runs longer than busy-reply-threshold on the script thread
 * ("busy mode", Redis's timed-out script). Outside busy mode the event loop owns all node state and the gate costs
 * one volatile read per task. In busy mode the event loop keeps serving connections, but every event-loop task that
 * touches node state holds the gate's lock, and the script thread holds it while a redis.call runs or while it
 * writes its reply, so the two never touch node state at the same time. Timers and the cron wait until busy mode
 * ends.
 *
 * <p>Loading mode (startup loading, a replica's full sync; driven by the server's LoadRun) works the same way with
 * a loader thread in place of the script thread: the loader holds the lock while it loads a chunk of keys and lets
 * go between chunks, and the event loop answers in between (-LOADING to commands without the loading flag, cluster
 * bus messages).
 */
public final class BusyGate {
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile String busyError;
    private volatile boolean loading;
    private volatile Executor loop;
    private volatile ScriptWorker.Factory workers;
    /** Nesting of {@link #enter()} on the event loop thread (event loop only). */
    private int depth;
    /** Timer tasks that fired in busy mode (event loop only). */
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();

    /**
     * Installs the event loop that {@link #post} runs tasks on and the factory of the script thread (the server
     * does this before it starts).
     */
    public void bind(Executor loop, ScriptWorker.Factory workers) {
        this.loop = loop;
        this.workers = workers;
    }

    /** The script thread factory, or null before the server bound one. */
    ScriptWorker.Factory workers() {
        return workers;
    }

    /** Whether busy mode is possible: there is an event loop that keeps serving while a script runs. */
    public boolean hasLoop() {
        return loop != null;
    }

    /** The BUSY error to refuse commands with, or null when no script is busy. */
    public String busyError() {
        return busyError;
    }

    /** Whether a script is busy or a load is running: the event loop shares node state with another thread. */
    public boolean busy() {
        return busyError != null || loading;
    }

    /** Whether loading mode is on (commands without the loading flag get -LOADING). */
    public boolean loading() {
        return loading;
    }

    /** Event loop: starts a task that may touch node state (takes the lock while a script is busy). */
    public void enter() {
        depth++;
        if (busy()) {
            lock.lock();
        }
    }

    /** Event loop: ends a task begun with {@link #enter()}; the outermost one releases the lock. */
    public void exit() {
        if (--depth == 0) {
            while (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }

    /** Event loop: runs a task between {@link #enter()} and {@link #exit()}. */
    public void run(Runnable task) {
        enter();
        try {
            task.run();
        } finally {
            exit();
        }
    }

    /** Event loop: a timer task; it runs now, or when busy mode ends. */
    public void runOrDefer(Runnable task) {
        if (busy()) {
            deferred.add(task);
            return;
        }
        run(task);
    }

    /** Whether the event loop is inside a task begun with {@link #enter()} (it can then enter busy mode). */
    boolean inTask() {
        return depth > 0;
    }

    /** Script thread (or the event loop switching to busy mode): waits until node state may be touched. */
    void lockShared() {
        lock.lock();
    }

    void unlockShared() {
        lock.unlock();
    }

    /**
     * Event loop, lock held: enters busy mode. The lock stays held until the current task's outermost
     * {@link #exit()}.
     */
    void enterBusy(String error) {
        busyError = error;
    }

    /** Event loop, lock held: leaves busy mode and runs the timer tasks that waited. */
    void leaveBusy() {
        busyError = null;
        while (!deferred.isEmpty() && !busy()) {
            deferred.poll().run();
        }
    }

    /**
     * Event loop, inside a task ({@link #enter()}): enters loading mode. The lock is taken now and held until the
     * task's outermost {@link #exit()}; from then on a loader thread shares node state through
     * {@link #acquireForLoader()} / {@link #releaseForLoader()}.
     */
    public void startLoading() {
        lock.lock();
        loading = true;
    }

    /**
     * Event loop, inside a task, after the loader let go for the last time: leaves loading mode and runs the timer
     * tasks that waited.
     */
    public void finishLoading() {
        if (!lock.isHeldByCurrentThread()) {
            lock.lock(); // released by the task's outermost exit()
        }
        loading = false;
        while (!deferred.isEmpty() && !busy()) {
            deferred.poll().run();
        }
    }

    /** Loader thread: waits until it may touch node state. */
    public void acquireForLoader() {
        lock.lock();
    }

    /** Loader thread: done with node state for good. */
    public void releaseForLoader() {
        lock.unlock();
    }

    /**
     * Loader thread, holding the lock: lets go until the event loop has run what was pending when we asked (a
     * marker task queued behind it, so I/O that was ready runs first), then takes the lock back. False when the
     * loop is gone or the thread was interrupted.
     */
    public boolean yieldToLoop() {
        lock.unlock();
        try {
            java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
            if (!post(ran::countDown)) {
                return false;
            }
            ran.await(1, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.lock();
        }
    }

    /** Runs a task on the event loop (not deferred by busy mode); false when the loop has gone. */
    boolean post(Runnable task) {
        Executor l = loop;
        if (l == null) {
            return false;
        }
        try {
            l.execute(task);
            return true;
        } catch (RuntimeException rejected) {
            return false;
        }
    }
}
