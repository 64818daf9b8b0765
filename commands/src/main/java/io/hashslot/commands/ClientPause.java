package io.hashslot.commands;

import io.hashslot.store.Keyspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLIENT PAUSE state of a node: the pause type (none, writes, all) and when it ends, and the clients whose next
 * command waits for the pause to end. The processor consults {@link #postpones} before running a command; a
 * postponed client is marked blocked and keeps its parsed command in {@link Client#pendingArgv()}; when the
 * pause ends (CLIENT UNPAUSE, or the cron noticing the deadline) the clients are released and their connections
 * asked to run the waiting command and whatever input followed it. While paused, keys that expire are not
 * deleted (reads see them as missing), so the dataset does not change under a pause.
 */
public final class ClientPause {
    /** How much a pause blocks. Ordered from least to most restrictive. */
    public enum Type { OFF, WRITE, ALL }

    private final ClientRegistry clients;
    private final Keyspace keyspace;
    private Type type = Type.OFF;
    private long endMillis;
    private final Map<Client, Boolean> postponed = new LinkedHashMap<>();

    public ClientPause(ClientRegistry clients, Keyspace keyspace) {
        this.clients = clients;
        this.keyspace = keyspace;
    }

    public Type type() {
        return type;
    }

    public long endMillis() {
        return endMillis;
    }

    /**
     * CLIENT PAUSE: pauses until {@code end} (unix ms). A pause already in progress keeps the later end time
     * and the more restrictive type, as pauseClients does.
     */
    public void pause(long end, Type newType, long now) {
        if (type == Type.OFF || endMillis < now) {
            type = newType;
            endMillis = end;
        } else {
            if (newType.compareTo(type) > 0) {
                type = newType;
            }
            endMillis = Math.max(endMillis, end);
        }
        keyspace.setExpireDeletionsPaused(true);
        check(now);
    }

    /** CLIENT UNPAUSE. */
    public void unpause() {
        type = Type.OFF;
        endMillis = 0;
        keyspace.setExpireDeletionsPaused(false);
        release();
    }

    /** Ends the pause when its time is over; returns whether clients are still paused. */
    public boolean check(long now) {
        if (type != Type.OFF && endMillis < now) {
            unpause();
        }
        return type != Type.OFF;
    }

    /** Whether writes (and the expiry of keys) are currently held back. */
    public boolean paused(long now) {
        return check(now);
    }

    /**
     * Whether {@code cmd} from {@code c} must wait: everything during a pause of type ALL; commands that write or
     * may replicate (and EXEC of a transaction holding such commands) during a WRITE pause. Replicas never wait.
     */
    public boolean postpones(Client c, CommandSpec cmd, long now) {
        if (type == Type.OFF || c.hasFlag(Client.FLAG_REPLICA) || !check(now)) {
            return false;
        }
        if (type == Type.ALL) {
            return true;
        }
        if (cmd.has(CommandFlag.WRITE) || cmd.has(CommandFlag.MAY_REPLICATE)) {
            return true;
        }
        if (cmd.fullName.equals("exec") && c.hasFlag(Client.FLAG_MULTI)) {
            Transactions.Queue q = c.transaction();
            if (q != null) {
                for (CommandSpec queued : q.commands) {
                    if (queued.has(CommandFlag.WRITE) || queued.has(CommandFlag.MAY_REPLICATE)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Parks a client with its command until the pause ends. */
    public void postpone(Client c, byte[][] argv) {
        c.setPendingArgv(argv);
        c.addFlag(Client.FLAG_BLOCKED);
        clients.adjustBlocked(1);
        postponed.put(c, Boolean.TRUE);
    }

    /** Forgets a client that disconnected while postponed. */
    public void forget(Client c) {
        if (postponed.remove(c) != null) {
            c.clearFlag(Client.FLAG_BLOCKED);
            clients.adjustBlocked(-1);
        }
    }

    private void release() {
        if (postponed.isEmpty()) {
            return;
        }
        List<Client> waiting = new ArrayList<>(postponed.keySet());
        postponed.clear();
        for (Client c : waiting) {
            c.clearFlag(Client.FLAG_BLOCKED);
            clients.adjustBlocked(-1);
            c.connection().resume();
        }
    }
}
