package io.hashslot.commands.script;

/**
 * The node's script thread, which the server provides (node logic creates no threads): runs handed-over tasks one
 * after the other.
 */
public interface ScriptWorker {
    /** Starts a script thread. */
    interface Factory {
        ScriptWorker start(String name, long stackBytes);
    }

    /** Queues a task; throws IllegalStateException once shut down. */
    void execute(Runnable task);

    /** Runs the queued tasks, then ends; waits up to {@code millis} for that and says whether it ended. */
    boolean shutdownAndWait(long millis) throws InterruptedException;
}
