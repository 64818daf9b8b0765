package io.hashslot.server.replication;

import io.hashslot.commands.Client;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica attached to this node, as the master sees it: its client connection, what it announced with REPLCONF,
 * its state in the full sync, the stream held back until it is online and the last offset it acknowledged.
 */
final class ReplicaSession {
    /** Redis's replica states (INFO shows wait_bgsave, send_bulk, online). */
    enum State { WAIT_BGSAVE_START, WAIT_BGSAVE_END, SEND_BULK, WAIT_ACK, ONLINE }

    final Client client;
    final ReplicaInfo info;
    State state = State.WAIT_BGSAVE_START;
    long ackOffset;
    long ackMillis;
    /** Stream bytes fed while the RDB is produced or sent, written once the replica is online. */
    private List<byte[]> held = new ArrayList<>();
    private long heldBytes;

    ReplicaSession(Client client, ReplicaInfo info, long now) {
        this.client = client;
        this.info = info;
        this.ackMillis = now;
    }

    /** Feeds stream bytes: written now when online, held otherwise. */
    void feed(byte[] b) {
        if (state == State.ONLINE) {
            write(b);
        } else if (state != State.WAIT_BGSAVE_START) {
            held.add(b);
            heldBytes += b.length;
        }
    }

    /** Shares another session's held stream (a replica joining a sync that already started). */
    void copyHeld(ReplicaSession other) {
        held = new ArrayList<>(other.held);
        heldBytes = other.heldBytes;
    }

    /**
     * The replication buffer this replica holds up (client-output-buffer-limit): the stream waiting for the sync
     * to end, or once online what the connection has not sent; the RDB payload itself never counts.
     */
    long bufferedStreamBytes(long queuedOnConnection) {
        return state == State.ONLINE ? queuedOnConnection : heldBytes;
    }

    void write(byte[] b) {
        client.encoder().raw(b);
        client.connection().requestFlush();
    }

    /** Goes online: the stream that waited is written now. */
    void online() {
        state = State.ONLINE;
        for (byte[] b : held) {
            client.encoder().raw(b);
        }
        held = new ArrayList<>();
        heldBytes = 0;
        client.connection().requestFlush();
    }

    String stateName() {
        return switch (state) {
            case WAIT_BGSAVE_START, WAIT_BGSAVE_END -> "wait_bgsave";
            case SEND_BULK -> "send_bulk";
            case WAIT_ACK, ONLINE -> "online";
        };
    }
}
