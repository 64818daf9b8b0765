package io.hashslot.commands.blocking;

import io.hashslot.commands.Client;
import io.hashslot.commands.Scheduler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, ...): who waits for which key, in arrival order. Writes signal
 * keys as ready; after the command that wrote them, {@link #serveReady()} offers each ready key to its waiters
 * first come, first served, as Redis's handleClientsBlockedOnKeys does.
 */
public final class BlockingRegistry {
    private record DbKey(int db, ByteBuffer key) {
    }

    private static final class Blocked {
        final Client client;
        final int db;
        final List<byte[]> keys;
        final Waiter waiter;
        Object timer;

        Blocked(Client client, int db, List<byte[]> keys, Waiter waiter) {
            this.client = client;
            this.db = db;
            this.keys = keys;
            this.waiter = waiter;
        }
    }

    private final Map<DbKey, ArrayDeque<Blocked>> waiting = new HashMap<>();
    private final Map<Client, Blocked> byClient = new HashMap<>();
    private final Set<DbKey> ready = new LinkedHashSet<>();
    private final Scheduler scheduler;

    public BlockingRegistry(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Blocks a client on keys of its current database. {@code timeoutMillis} is relative; 0 waits forever.
     * The client stops running further commands until served, timed out or unblocked.
     */
    public void block(Client c, List<byte[]> keys, long timeoutMillis, Waiter waiter) {
        List<byte[]> unique = new ArrayList<>(keys.size());
        Set<ByteBuffer> seen = new java.util.HashSet<>();
        for (byte[] k : keys) {
            if (seen.add(ByteBuffer.wrap(k))) {
                unique.add(k); // a key named twice (BLPOP k k 0) is waited on once, as Redis's bpop.keys dict
            }
        }
        Blocked b = new Blocked(c, c.dbIndex(), unique, waiter);
        for (byte[] k : unique) {
            waiting.computeIfAbsent(new DbKey(b.db, ByteBuffer.wrap(k)), x -> new ArrayDeque<>()).addLast(b);
        }
        byClient.put(c, b);
        c.addFlag(Client.FLAG_BLOCKED);
        c.server().clients().adjustBlocked(1);
        if (timeoutMillis > 0) {
            b.timer = scheduler.schedule(timeoutMillis, () -> {
                if (byClient.get(c) == b) {
                    release(b);
                    b.waiter.timeout(c);
                    c.connection().resume();
                }
            });
        }
    }

    public boolean isBlocked(Client c) {
        return byClient.containsKey(c);
    }

    /** Number of distinct keys clients are blocked on (INFO blocked_keys... ). */
    public int blockedKeys() {
        return waiting.size();
    }

    /**
     * The keys of database {@code db} that clients are blocked on (for SWAPDB, which signals those that exist
     * after the swap, as scanDatabaseForReadyKeys does).
     */
    public List<byte[]> keysWaitedOn(int db) {
        List<byte[]> keys = new ArrayList<>();
        for (DbKey k : waiting.keySet()) {
            if (k.db() == db) {
                keys.add(k.key().array());
            }
        }
        return keys;
    }

    /** signalKeyAsReady: a write may have given {@code key} data a blocked client wants. */
    public void signalReady(int db, byte[] key) {
        if (waiting.isEmpty()) {
            return;
        }
        DbKey k = new DbKey(db, ByteBuffer.wrap(key));
        if (waiting.containsKey(k)) {
            ready.add(k);
        }
    }

    /**
     * Serves clients waiting on keys signalled since the last call; loops while serving makes keys ready. Every
     * waiter of a ready key is offered it in blocking order (one that cannot use it, e.g. a list waiter when the
     * key now holds a sorted set, keeps waiting and the next is tried). Served clients resume reading their
     * pipelined commands only after all ready keys are handled, as Redis's unblocked-clients queue does.
     */
    public void serveReady() {
        if (ready.isEmpty()) {
            return;
        }
        List<Client> served = new ArrayList<>();
        while (!ready.isEmpty()) {
            List<DbKey> batch = new ArrayList<>(ready);
            ready.clear();
            for (DbKey k : batch) {
                ArrayDeque<Blocked> q = waiting.get(k);
                if (q == null) {
                    continue;
                }
                for (Blocked b : new ArrayList<>(q)) {
                    if (byClient.get(b.client) != b) {
                        continue; // served through another key meanwhile
                    }
                    int previousDb = b.client.dbIndex();
                    boolean done;
                    b.client.select(b.db);
                    b.client.clearPropagateArgv();
                    try {
                        done = b.waiter.tryServe(b.client, k.key.array());
                        // what the serve did goes to replicas and the AOF as its own command (LPOP, LMOVE,
                        // ZPOPMIN ...), after any DEL of a key found expired on the way
                        byte[][] served2 = done ? b.client.propagateArgv() : null;
                        if (served2 != null) {
                            b.client.server().propagation().add(b.db, served2);
                        }
                        b.client.server().propagation().flush(false);
                    } finally {
                        b.client.clearPropagateArgv();
                        b.client.select(previousDb);
                    }
                    if (done) {
                        release(b);
                        served.add(b.client);
                    }
                }
            }
        }
        for (Client c : served) {
            c.connection().resume();
        }
    }

    /** Removes a client from every queue and clears its blocked state, without replying. */
    private void release(Blocked b) {
        byClient.remove(b.client);
        for (byte[] key : b.keys) {
            DbKey k = new DbKey(b.db, ByteBuffer.wrap(key));
            ArrayDeque<Blocked> q = waiting.get(k);
            if (q != null) {
                q.remove(b);
                if (q.isEmpty()) {
                    waiting.remove(k);
                }
            }
        }
        if (b.timer != null) {
            scheduler.cancel(b.timer);
        }
        b.client.clearFlag(Client.FLAG_BLOCKED);
        b.client.server().clients().adjustBlocked(-1);
    }

    /** CLIENT UNBLOCK: with {@code error} replies UNBLOCKED, else as a timeout. Returns whether it was blocked. */
    public boolean unblock(Client c, boolean error) {
        Blocked b = byClient.get(c);
        if (b == null) {
            return false;
        }
        release(b);
        if (error) {
            c.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        } else {
            b.waiter.timeout(c);
        }
        c.connection().resume();
        return true;
    }

    /**
     * disconnectAllBlockedClients: a master turning into a replica unblocks every blocked client (keys and WAIT)
     * with UNBLOCKED and closes it after the reply, so that no pop runs later on data the new master sends.
     */
    public void disconnectAll() {
        for (Blocked b : new ArrayList<>(byClient.values())) {
            release(b);
            b.client.error("UNBLOCKED force unblock from blocking operation, instance state changed "
                + "(master -> replica?)");
            b.client.closeAfterReply();
            b.client.connection().resume();
            b.client.connection().closeAfterFlush(); // not inside a command of its own: close it here
        }
    }

    /**
     * Cluster mode (Redis's clusterRedirectBlockedClientIfNeeded): {@code check} gets each blocked client and the
     * first key it waits on and returns the error to unblock it with (MOVED, CLUSTERDOWN), or null to keep it.
     */
    public void redirectBlocked(java.util.function.BiFunction<Client, byte[], String> check) {
        for (Blocked b : new ArrayList<>(byClient.values())) {
            String error = check.apply(b.client, b.keys.isEmpty() ? null : b.keys.get(0));
            if (error != null) {
                release(b);
                b.client.error(error);
                b.client.connection().resume();
            }
        }
    }

    /** Forgets a client that disconnected. */
    public void disconnect(Client c) {
        Blocked b = byClient.get(c);
        if (b != null) {
            release(b);
        }
    }
}
