package io.hashslot.server.replication;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.Errors;
import io.hashslot.commands.blocking.Waiter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * WAIT numreplicas timeout: counts the replicas that acknowledged the calling client's last write, blocking the
 * client (and asking every replica for an ACK) until enough did or the timeout passes.
 */
final class Waits {
    private static final byte[] GETACK =
        "*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n".getBytes(StandardCharsets.US_ASCII);

    private record Waiting(Client client, long target, long needed) {
    }

    private final Replication repl;
    private final List<Waiting> waiting = new ArrayList<>();
    private boolean getAckScheduled;

    Waits(Replication repl) {
        this.repl = repl;
    }

    void waitCommand(Client c, byte[][] argv) {
        if (repl.isReplica() || repl.server.isReplica()) {
            c.error("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a "
                + "replica is configured to be writable (which is not the default) writes to replicas are just "
                + "local and are not propagated.");
            return;
        }
        long needed = Args.longArg(c, argv[1]);
        long timeout = Args.longArg(c, argv[2], "ERR timeout is not an integer or out of range");
        if (timeout < 0) {
            c.error(Errors.NEGATIVE_TIMEOUT);
            return;
        }
        long target = c.replOffset();
        long acked = count(target);
        if (acked >= needed || c.hasFlag(Client.FLAG_DENY_BLOCKING)) {
            c.reply().integer(acked);
            return;
        }
        Waiting w = new Waiting(c, target, needed);
        waiting.add(w);
        repl.server.blocking().block(c, List.of(), timeout, new Waiter() {
            @Override
            public boolean tryServe(Client client, byte[] key) {
                return false;
            }

            @Override
            public void timeout(Client client) {
                waiting.remove(w);
                client.reply().integer(count(w.target));
            }
        });
        requestAcks();
    }

    /** Sends one REPLCONF GETACK to every replica, after the current command (as beforeSleep does). */
    private void requestAcks() {
        if (getAckScheduled) {
            return;
        }
        getAckScheduled = true;
        repl.node.execute(() -> {
            getAckScheduled = false;
            if (!waiting.isEmpty() && !repl.isReplica()) {
                repl.feed(GETACK);
            }
        });
    }

    /** replicationCountAcksByOffset. */
    long count(long target) {
        long n = 0;
        for (ReplicaSession s : repl.replicas) {
            if (s.state.compareTo(ReplicaSession.State.WAIT_ACK) >= 0 && s.ackOffset >= target) {
                n++;
            }
        }
        return n;
    }

    /** Unblocks the WAITs that have enough acknowledgements now. */
    void check() {
        if (waiting.isEmpty()) {
            return;
        }
        for (Waiting w : new ArrayList<>(waiting)) {
            if (!repl.server.blocking().isBlocked(w.client)) {
                waiting.remove(w);
            } else if (count(w.target) >= w.needed) {
                repl.server.blocking().unblock(w.client, false);
            }
        }
    }

    /** The node became a replica: blocked WAITs answer with what they have (Redis disconnects them). */
    void unblockAll() {
        for (Waiting w : new ArrayList<>(waiting)) {
            if (repl.server.blocking().isBlocked(w.client)) {
                repl.server.blocking().unblock(w.client, false);
            }
        }
        waiting.clear();
    }
}
