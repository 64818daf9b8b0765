package io.hashslot.testkit.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.TestNode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

/**
 * Many clients at once: 200 connections open together, each running 1000 commands on its own keys, then every
 * key checked from a fresh connection; and optimistic-locking increments (WATCH/MULTI/EXEC) racing on one key.
 */
class ConcurrentClientsTest {
    private static final int CLIENTS = 200;
    /** Each round is SET, GET, EXISTS, then DEL (every 5th round) or ECHO: 4 commands, 1000 per Jedis client. */
    private static final int ROUNDS = 250;
    /**
     * Lettuce rounds: fewer, since every command in flight costs the client a future and, on CI's two cores, the
     * client's own CPU time dominates (the Jedis test carries the full per-client load).
     */
    private static final int LETTUCE_ROUNDS = 50;
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void flush() {
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            j.flushAll();
        }
        ClientChecks.awaitCount(node, 0);
    }

    private static Jedis jedis(int id) {
        RedisProtocol p = id % 2 == 0 ? RedisProtocol.RESP2 : RedisProtocol.RESP3;
        return new Jedis(new HostAndPort("127.0.0.1", node.port()),
            DefaultJedisClientConfig.builder().protocol(p).timeoutMillis(60_000).build());
    }

    private static String key(int client, int round) {
        return "c" + client + ":k" + round;
    }

    private static String value(int client, int round) {
        return "v" + client + ":" + round;
    }

    @Test
    void twoHundredJedisClientsInParallel() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch connected = new CountDownLatch(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                results.add(threads.submit(() -> {
                    try (Jedis j = jedis(id)) {
                        j.ping();
                        connected.countDown();
                        go.await();
                        int ops = 0;
                        for (int r = 0; r < ROUNDS; r++) {
                            assertThat(j.set(key(id, r), value(id, r))).isEqualTo("OK");
                            assertThat(j.get(key(id, r))).isEqualTo(value(id, r));
                            assertThat(j.exists(key(id, r))).isTrue();
                            if (r % 5 == 0) {
                                assertThat(j.del(key(id, r))).isEqualTo(1);
                            } else {
                                assertThat(j.echo(value(id, r))).isEqualTo(value(id, r));
                            }
                            ops += 4;
                        }
                        return ops;
                    }
                }));
            }
            assertThat(connected.await(60, TimeUnit.SECONDS)).isTrue();
            ClientChecks.awaitCount(node, CLIENTS);
            go.countDown();
            long total = 0;
            for (Future<Integer> f : results) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(CLIENTS * 1000L);
        } finally {
            threads.shutdownNow();
        }
        verifyKeys(ROUNDS);
    }

    @Test
    void twoHundredLettuceConnectionsInParallel() {
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2)
            .computationThreadPoolSize(2).build();
        RedisClient client = RedisClient.create(resources, RedisURI.create("127.0.0.1", node.port()));
        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                client.setOptions(ClientOptions.builder()
                    .protocolVersion(c % 2 == 0 ? ProtocolVersion.RESP3 : ProtocolVersion.RESP2).build());
                connections.add(client.connect());
            }
            ClientChecks.awaitCount(node, CLIENTS);
            List<RedisFuture<?>> sets = new ArrayList<>();
            List<RedisFuture<String>> gets = new ArrayList<>();
            List<RedisFuture<Long>> exists = new ArrayList<>();
            List<RedisFuture<Long>> dels = new ArrayList<>();
            // all connections have commands in flight at once; each connection's replies come back in order
            for (int r = 0; r < LETTUCE_ROUNDS; r++) {
                for (int c = 0; c < CLIENTS; c++) {
                    RedisAsyncCommands<String, String> a = connections.get(c).async();
                    sets.add(a.set(key(c, r), value(c, r)));
                    gets.add(a.get(key(c, r)));
                    exists.add(a.exists(key(c, r)));
                    if (r % 5 == 0) {
                        dels.add(a.del(key(c, r)));
                    }
                }
            }
            List<RedisFuture<?>> all = new ArrayList<>(sets);
            all.addAll(gets);
            all.addAll(exists);
            all.addAll(dels);
            assertThat(all).hasSize(CLIENTS * (LETTUCE_ROUNDS * 3 + LETTUCE_ROUNDS / 5));
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(120), all.toArray(new RedisFuture[0]))).isTrue();
            int i = 0;
            for (int r = 0; r < LETTUCE_ROUNDS; r++) {
                for (int c = 0; c < CLIENTS; c++, i++) {
                    assertThat(sets.get(i).toCompletableFuture().join()).isEqualTo("OK");
                    assertThat(gets.get(i).toCompletableFuture().join()).isEqualTo(value(c, r));
                    assertThat(exists.get(i).toCompletableFuture().join()).isEqualTo(1L);
                }
            }
            for (RedisFuture<Long> d : dels) {
                assertThat(d.toCompletableFuture().join()).isEqualTo(1L);
            }
        } finally {
            for (StatefulRedisConnection<String, String> c : connections) {
                c.close();
            }
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
        verifyKeys(LETTUCE_ROUNDS);
    }

    /** From a fresh connection: exactly the keys that were not deleted, each with its value. */
    private static void verifyKeys(int rounds) {
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            assertThat(j.dbSize()).isEqualTo((long) CLIENTS * (rounds - rounds / 5));
            Pipeline p = j.pipelined();
            List<Response<String>> values = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                for (int r = 0; r < rounds; r++) {
                    values.add(p.get(key(c, r)));
                }
            }
            p.sync();
            int i = 0;
            for (int c = 0; c < CLIENTS; c++) {
                for (int r = 0; r < rounds; r++, i++) {
                    assertThat(values.get(i).get()).as(key(c, r)).isEqualTo(r % 5 == 0 ? null : value(c, r));
                }
            }
        }
    }

    @Test
    void optimisticLockingIncrementsLoseNothing() throws Exception {
        int workers = 50;
        int increments = 10;
        try (Jedis j = new Jedis("127.0.0.1", node.port())) {
            j.set("counter", "0");
        }
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Integer>> aborts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int id = w;
                aborts.add(threads.submit(() -> {
                    int aborted = 0;
                    try (Jedis j = jedis(id)) {
                        for (int n = 0; n < increments; ) {
                            j.watch("counter");
                            long v = Long.parseLong(j.get("counter"));
                            Transaction t = j.multi();
                            t.set("counter", String.valueOf(v + 1));
                            if (t.exec() != null) {
                                n++;
                            } else {
                                aborted++;
                            }
                        }
                    }
                    return aborted;
                }));
            }
            int totalAborts = 0;
            for (Future<Integer> f : aborts) {
                totalAborts += f.get(120, TimeUnit.SECONDS);
            }
            try (Jedis j = new Jedis("127.0.0.1", node.port())) {
                assertThat(j.get("counter")).as("after %d aborted transactions", totalAborts)
                    .isEqualTo(String.valueOf(workers * increments));
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
