package io.hashslot.commands;

import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Keyspace;

/**
 * maxmemory: before a command runs, evicts keys by {@code maxmemory-policy} until the node's used memory is back
 * under the limit (performEvictions). Candidates are sampled as Redis does ({@code maxmemory-samples} keys per
 * database, the best one evicted): the longest idle for *-lru, the least frequently used for *-lfu, the nearest
 * expiry for volatile-ttl, any for *-random; volatile-* policies only consider keys with a TTL. An evicted key is
 * deleted, WATCHers are touched, the "evicted" keyspace event is sent and a DEL (UNLINK with
 * lazyfree-lazy-eviction) is propagated.
 */
public final class Eviction {
    private static final int MAX_ROUNDS = 10_000;
    private static final byte[] DEL = {'D', 'E', 'L'};
    private static final byte[] UNLINK = {'U', 'N', 'L', 'I', 'N', 'K'};

    private final ServerContext server;

    Eviction(ServerContext server) {
        this.server = server;
    }

    /** Whether memory is within maxmemory after evicting what the policy allows (false: EVICT_FAIL). */
    boolean performEvictions() {
        long limit = server.config().getLong("maxmemory");
        if (limit <= 0 || server.usedMemory() <= limit) {
            return true;
        }
        String policy = server.config().getString("maxmemory-policy");
        if (policy.equals("noeviction")) {
            return false;
        }
        boolean volatileOnly = policy.startsWith("volatile-");
        int samples = Math.max(1, server.config().getInt("maxmemory-samples"));
        Keyspace ks = server.keyspace();
        for (int round = 0; round < MAX_ROUNDS && server.usedMemory() > limit; round++) {
            Db bestDb = null;
            Entry best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < ks.databases(); i++) {
                Db db = ks.db(i);
                if (db.size() == 0 || (volatileOnly && db.expiringCount() == 0)) {
                    continue;
                }
                for (int s = 0; s < samples; s++) {
                    Entry e = sample(db, volatileOnly);
                    if (e == null) {
                        continue;
                    }
                    double score = score(policy, ks, e);
                    if (score > bestScore) {
                        bestScore = score;
                        best = e;
                        bestDb = db;
                    }
                }
            }
            if (best == null) {
                return server.usedMemory() <= limit;
            }
            evict(bestDb, best.key());
        }
        return server.usedMemory() <= limit;
    }

    /** A random key of the database; for volatile policies one with a TTL (a few tries, as TTL keys may be few). */
    private Entry sample(Db db, boolean volatileOnly) {
        for (int tries = 0; tries < 16; tries++) {
            Entry e = db.random(server.random());
            if (e == null) {
                return null;
            }
            if (!volatileOnly || e.expireAt() >= 0) {
                return e;
            }
        }
        return null;
    }

    /** Higher is a better eviction candidate. */
    private double score(String policy, Keyspace ks, Entry e) {
        if (policy.endsWith("-lru")) {
            return ks.idleSeconds(e);
        }
        if (policy.endsWith("-lfu")) {
            return 255 - ks.lfuDecrAndReturn(e);
        }
        if (policy.equals("volatile-ttl")) {
            return -(double) e.expireAt();
        }
        return server.random().nextDouble();
    }

    private void evict(Db db, byte[] key) {
        if (!db.delete(key)) {
            return;
        }
        server.stats().evictedKeys++;
        server.watches().touch(db.index(), key);
        server.notifyKeyspaceEvent(KeyspaceEventFlags.EVICTED, "evicted", key, db.index());
        byte[] verb = server.config().getBool("lazyfree-lazy-eviction") ? UNLINK : DEL;
        server.propagation().add(db.index(), new byte[][] {verb.clone(), key});
    }
}
