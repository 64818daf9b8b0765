package io.hashslot.commands;

import java.util.ArrayList;
import java.util.List;

/**
 * What a top-level command execution hands to replication and the AOF, collected while it runs and flushed when
 * it returns (Redis's alsoPropagate / propagatePendingCommands). Every write command that changed the dataset
 * (or forced propagation) adds its argv; EXEC adds nothing itself, so a transaction propagates as the writes it
 * made, wrapped in MULTI ... EXEC when there is more than one.
 *
 * <p>Nothing consumes the stream yet: with no {@link Sink} installed nothing is collected. Replication and the
 * AOF install one; they also own SELECT (each op carries its database index).
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
    private Sink sink;

    public void setSink(Sink sink) {
        this.sink = sink;
    }

    public boolean active() {
        return sink != null;
    }

    /** alsoPropagate: queues a command for the end of the current top-level execution. */
    public void add(int db, byte[][] argv) {
        if (sink != null) {
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
            sink.propagate(pending.get(0).db, MULTI);
        }
        for (Op op : pending) {
            sink.propagate(op.db, op.argv);
        }
        if (transaction) {
            sink.propagate(pending.get(pending.size() - 1).db, EXEC);
        }
        pending.clear();
    }
}
