package io.hashslot.commands.blocking;

import io.hashslot.commands.Client;

/** What a blocked command does when one of its keys becomes ready, or when it times out. */
public interface Waiter {
    /**
     * Tries to complete the blocked command now that {@code key} (in the client's database) may hold data.
     * Returns true when it replied (the client is then unblocked), false to keep waiting.
     */
    boolean tryServe(Client c, byte[] key);

    /** Writes the reply for a timeout (usually a null). */
    void timeout(Client c);
}
