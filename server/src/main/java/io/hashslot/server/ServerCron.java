package io.hashslot.server;

import io.hashslot.commands.Client;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.LogLevel;
import io.hashslot.store.Db;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node's periodic work, run {@code hz} times per second on its event loop like Redis's serverCron: active
 * expiry, idle client timeouts, statistics sampling and the periodic verbose/debug log lines.
 */
final class ServerCron {
    /** Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    private static final int KEYS_PER_LOOP = 20;
    /** Redis's ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC. */
    private static final int SLOW_TIME_PERCENT = 25;
    /** Redis's ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE. */
    private static final int ACCEPTABLE_STALE = 10;

    private final HashslotServer node;
    private final ServerContext server;
    private ScheduledFuture<?> task;
    private long loops;
    private int scheduledHz;
    private long lastFiveSecond;

    private final io.netty.util.concurrent.EventExecutor loop;

    ServerCron(HashslotServer node, io.netty.util.concurrent.EventExecutor loop) {
        this.node = node;
        this.server = node.context();
        this.loop = loop;
    }

    void start() {
        schedule();
    }

    private int hz() {
        return Math.max(1, Math.min(500, server.config().getInt("hz")));
    }

    private void schedule() {
        scheduledHz = hz();
        long period = 1000L / scheduledHz;
        task = loop.scheduleAtFixedRate(this::run, period, period, TimeUnit.MILLISECONDS);
    }

    private void run() {
        if (node.isStopping() || server.busyGate().busy()) {
            return; // no expiry or timeouts while a script runs past busy-reply-threshold, as in Redis
        }
        long now = server.clock().currentTimeMillis();
        server.keyspace().setNow(now);
        loops++;
        boolean paused = server.pause().check(now);
        if (server.activeExpireEnabled() && !paused) {
            if (server.keyspace().isMaster()) {
                activeExpire(now);
            } else {
                server.keyspace().expireReplicaKeys(server.random()); // keys a writable replica's clients set
                server.propagation().flush(false);
            }
        }
        server.usedMemory();
        closeIdleClients(now);
        OutputLimits.enforce(server, now);
        node.persistence().cron();
        server.stats().sample(now);
        if (now - lastFiveSecond >= 5000) {
            lastFiveSecond = now;
            logStatus();
        }
        if (hz() != scheduledHz) {
            task.cancel(false);
            schedule();
        }
    }

    private void activeExpire(long now) {
        long began = System.nanoTime();
        expireCycle();
        server.propagation().flush(false);
        long elapsedMs = (System.nanoTime() - began) / 1_000_000;
        server.latency().add("expire-cycle", elapsedMs, server.config().getLong("latency-monitor-threshold"),
            now / 1000);
    }

    private void expireCycle() {
        int effort = server.config().getInt("active-expire-effort") - 1;
        int keysPerLoop = KEYS_PER_LOOP + KEYS_PER_LOOP / 4 * effort;
        long budgetNanos = 1_000_000_000L * (SLOW_TIME_PERCENT + 2L * effort) / 100 / scheduledHz;
        long start = System.nanoTime();
        int stale = ACCEPTABLE_STALE - effort;
        int databases = server.keyspace().databases();
        while (true) {
            long[] r = server.keyspace().activeExpireCycle(keysPerLoop * databases);
            long found = r[0];
            long sampled = r[1];
            if (sampled == 0 || found * 100 / sampled <= stale) {
                break;
            }
            if (System.nanoTime() - start > budgetNanos) {
                break;
            }
        }
    }

    private void closeIdleClients(long now) {
        long timeout = server.config().getLong("timeout");
        if (timeout <= 0) {
            return;
        }
        List<Client> idle = new ArrayList<>();
        for (Client c : server.clients().all()) {
            if (c.hasFlag(Client.FLAG_REPLICA) || c.hasFlag(Client.FLAG_MASTER) || c.hasFlag(Client.FLAG_BLOCKED)
                || c.hasFlag(Client.FLAG_PUBSUB)) {
                continue;
            }
            if ((now - c.lastInteractionMillis()) / 1000 > timeout) {
                idle.add(c);
            }
        }
        for (Client c : idle) {
            server.log().verbose("Closing idle client");
            c.connection().closeAfterFlush();
        }
    }

    private void logStatus() {
        if (server.log().enabled(LogLevel.VERBOSE)) {
            for (int j = 0; j < server.keyspace().databases(); j++) {
                Db db = server.keyspace().db(j);
                if (db.size() > 0 || db.expiringCount() > 0) {
                    server.log().verbose("DB " + j + ": " + db.size() + " keys (" + db.expiringCount()
                        + " volatile) in " + db.size() + " slots HT.");
                }
            }
        }
        if (server.log().enabled(LogLevel.DEBUG)) {
            server.log().debug(server.clients().size() + " clients connected (0 replicas), "
                + server.usedMemory() + " bytes in use");
        }
    }

    void cancel() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
