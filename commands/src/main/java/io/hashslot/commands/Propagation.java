package io.hashslot.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * What a top-level command execution hands to replication and the AOF, collected while it runs and flushed when
 * it returns (Redis's alsoPropagate / propagatePendingCommands). Every write command that changed the dataset
 * (or forced propagation) adds its argv; EXEC adds nothing itself, so a transaction propagates as the writes it
 * made, wrapped in MULTI ... EXEC when there is more than one.
 *
 * <p>With no {@link Sink} installed nothing is collected. Replication and the AOF each add one; they own SELECT
 * (each op carries its database index). Expired keys deleted by the store propagate as DEL.
 */
public final class Propagation {
    /** Receives propagated commands in order. */
    public interface Sink {
        void propagate(int db, byte[][] argv);
    }

    private static final byte[][] MULTI = {{'M', 'U', 'L', 'T', 'I'}};
    private static final byte[][] EXEC = {{'E', 'X', 'E', 'C'}};

    private record Op(int db, byte[][] argv) {
    }

    private final List<Op> pending = new ArrayList<>();
    private final List<Sink> sinks = new ArrayList<>();

    /** Adds a consumer of the stream (replication backlog, AOF); called on the node's thread. */
    public void addSink(Sink sink) {
        sinks.add(sink);
    }

    public void removeSink(Sink sink) {
        sinks.remove(sink);
    }

    public boolean active() {
        return !sinks.isEmpty();
    }

    /** alsoPropagate: queues a command for the end of the current top-level execution. */
    public void add(int db, byte[][] argv) {
        if (!sinks.isEmpty()) {
            pending.add(new Op(db, argv));
        }
    }

    /**
     * propagatePendingCommands: sends what was queued, wrapped in MULTI/EXEC when more than one command was
     * queued and {@code wrap} allows it (not for commands that may delete arbitrary expired keys on their own).
     */
    public void flush(boolean wrap) {
        if (pending.isEmpty()) {
            return;
        }
        boolean transaction = wrap && pending.size() > 1;
        if (transaction) {
            send(pending.get(0).db, MULTI);
        }
        for (Op op : pending) {
            send(op.db, op.argv);
        }
        if (transaction) {
            send(pending.get(pending.size() - 1).db, EXEC);
        }
        pending.clear();
    }

    private void send(int db, byte[][] argv) {
        for (Sink s : sinks) {
            s.propagate(db, argv);
        }
    }
}
