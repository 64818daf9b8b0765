package io.hashslot.testkit.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hashslot.testkit.TestNode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.support.ConnectionPoolSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lettuce 7 against a node over real sockets, in RESP2 and RESP3 (HELLO 3, Lettuce's default). */
class LettuceClientTest {
    private static TestNode node;
    private static ClientResources resources;
    private final List<RedisClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        node = TestNode.start();
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    }

    @AfterAll
    static void stop() {
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void flush() {
        try (StatefulRedisConnection<String, String> c = client(node, ProtocolVersion.RESP2).connect()) {
            c.sync().flushall();
        }
    }

    @AfterEach
    void closeClients() {
        for (RedisClient c : clients) {
            c.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private RedisClient client(TestNode target, ProtocolVersion protocol) {
        return client(RedisURI.create("127.0.0.1", target.port()), protocol);
    }

    private RedisClient client(RedisURI uri, ProtocolVersion protocol) {
        uri.setTimeout(Duration.ofSeconds(30));
        RedisClient c = RedisClient.create(resources, uri);
        c.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        clients.add(c);
        return c;
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void negotiatesTheProtocolAndRunsCommands(ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = client(node, protocol).connect()) {
            RedisCommands<String, String> r = c.sync();
            assertThat(r.ping()).isEqualTo("PONG");
            assertThat(ClientChecks.protocols(node, 1)).containsExactly(protocol == ProtocolVersion.RESP3 ? 3 : 2);
            assertThat(r.set("k", "v")).isEqualTo("OK");
            assertThat(r.get("k")).isEqualTo("v");
            assertThat(r.get("missing")).isNull();
            assertThat(r.exists("k", "missing", "k")).isEqualTo(2);
            assertThat(r.echo("hi")).isEqualTo("hi");
            assertThat(r.dbsize()).isEqualTo(1);
            assertThat(r.del("k", "missing")).isEqualTo(1);
            assertThat(r.unlink("k")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void manualFlushPipeline(ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = client(node, protocol).connect()) {
            RedisAsyncCommands<String, String> a = c.async();
            c.setAutoFlushCommands(false);
            List<RedisFuture<String>> sets = new ArrayList<>();
            List<RedisFuture<String>> gets = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                sets.add(a.set("key:" + i, "value:" + i));
                gets.add(a.get("key:" + i));
            }
            c.flushCommands();
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(30), gets.toArray(new RedisFuture[0]))).isTrue();
            for (int i = 0; i < 4000; i++) {
                assertThat(sets.get(i).toCompletableFuture().join()).isEqualTo("OK");
                assertThat(gets.get(i).toCompletableFuture().join()).isEqualTo("value:" + i);
            }
            c.setAutoFlushCommands(true);
            assertThat(c.sync().dbsize()).isEqualTo(4000);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void twentyThousandOutstandingAsyncCommands(ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = client(node, protocol).connect()) {
            RedisAsyncCommands<String, String> a = c.async();
            List<RedisFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                all.add(a.set("o:" + (i % 1000), String.valueOf(i)));
                all.add(a.exists("o:" + (i % 1000)));
            }
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(60), all.toArray(new RedisFuture[0]))).isTrue();
            for (int i = 0; i < all.size(); i += 2) {
                assertThat(all.get(i).toCompletableFuture().join()).isEqualTo("OK");
                assertThat(all.get(i + 1).toCompletableFuture().join()).isEqualTo(1L);
            }
            // replies come back in order: the last SET of each key wins
            for (int k = 0; k < 1000; k++) {
                assertThat(c.sync().get("o:" + k)).isEqualTo(String.valueOf(9000 + k));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void transactionsAndWatchConflict(ProtocolVersion protocol) {
        RedisClient client = client(node, protocol);
        try (StatefulRedisConnection<String, String> c1 = client.connect();
             StatefulRedisConnection<String, String> c2 = client.connect()) {
            RedisCommands<String, String> a = c1.sync();
            assertThat(a.multi()).isEqualTo("OK");
            assertThat(a.set("x", "1")).isNull();
            assertThat(a.get("x")).isNull();
            TransactionResult ok = a.exec();
            assertThat(ok.wasDiscarded()).isFalse();
            assertThat(ok.<Object>get(0)).isEqualTo("OK");
            assertThat(ok.<Object>get(1)).isEqualTo("1");

            assertThat(a.watch("x")).isEqualTo("OK");
            c2.sync().set("x", "from-c2");
            a.multi();
            a.set("x", "from-c1");
            TransactionResult aborted = a.exec();
            assertThat(aborted.wasDiscarded()).isTrue();
            assertThat(aborted).isEmpty();
            assertThat(a.get("x")).isEqualTo("from-c2");

            a.multi();
            a.set("x", "discarded");
            assertThat(a.discard()).isEqualTo("OK");
            assertThat(c2.sync().get("x")).isEqualTo("from-c2");
        }
    }

    @Test
    void authWithRequirepass() {
        try (TestNode secured = TestNode.start("requirepass", "s3cret")) {
            // Lettuce's handshake without credentials fails on NOAUTH (as against real Redis): RESP2 pings,
            // RESP3 sends HELLO 3; the NOAUTH -> WRONGPASS -> AUTH sequence on one connection is in JedisClientTest
            Throwable helloRefused = catchThrowable(() -> client(secured, ProtocolVersion.RESP3).connect().close());
            assertThat(ClientChecks.causeMessages(helloRefused)).contains("NOAUTH HELLO must be called with the "
                + "client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to "
                + "authenticate the client and select the RESP protocol version at the same time");
            // the node's reply to an unauthenticated command, byte for byte
            try (io.hashslot.testkit.RawClient raw = secured.client()) {
                assertThat(raw.callRawString("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            }
            // Lettuce sometimes reports a failed RESP2 handshake as "RedisHandshakeHandler not registered" without
            // the server's reply (a race inside the client, seen up to three times in a row on a loaded 2-core CI
            // machine): the NOAUTH reply must surface within ten attempts
            java.util.List<String> messages = new java.util.ArrayList<>();
            for (int attempt = 0; attempt < 10 && !messages.contains("NOAUTH Authentication required."); attempt++) {
                Throwable pingRefused = catchThrowable(() -> client(secured, ProtocolVersion.RESP2).connect().close());
                assertThat(pingRefused).isNotNull();
                messages.addAll(ClientChecks.causeMessages(pingRefused));
            }
            assertThat(messages).contains("NOAUTH Authentication required.");
            for (ProtocolVersion p : ProtocolVersion.values()) {
                RedisURI good = RedisURI.builder().withHost("127.0.0.1").withPort(secured.port())
                    .withPassword("s3cret".toCharArray()).build();
                try (StatefulRedisConnection<String, String> c = client(good, p).connect()) {
                    assertThat(c.sync().set("k", p.name())).isEqualTo("OK");
                    assertThat(c.sync().get("k")).isEqualTo(p.name());
                    // a failed AUTH leaves an authenticated connection authenticated
                    assertThatThrownBy(() -> c.sync().auth("wrong")).isInstanceOf(RedisCommandExecutionException.class)
                        .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
                    assertThat(c.sync().get("k")).isEqualTo(p.name());
                    assertThat(ClientChecks.protocols(secured, 1)).containsExactly(p == ProtocolVersion.RESP3 ? 3 : 2);
                }
                RedisURI bad = RedisURI.builder().withHost("127.0.0.1").withPort(secured.port())
                    .withPassword("nope".toCharArray()).build();
                long before = secured.<Long>inspect(ctx -> ctx.stats().errors().getOrDefault("WRONGPASS", 0L));
                Throwable wrong = catchThrowable(() -> client(bad, p).connect().close());
                // the connection is refused because the node answered WRONGPASS; which message Lettuce surfaces
                // depends on a race in its handshake (later pipelined replies can arrive after it gave up and
                // report "RedisHandshakeHandler not registered" instead), so the node's own count is checked
                assertThat(wrong).as(p.name()).isNotNull();
                long after = secured.<Long>inspect(ctx -> ctx.stats().errors().getOrDefault("WRONGPASS", 0L));
                assertThat(after).as(p.name()).isEqualTo(before + 1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void selectDatabase(ProtocolVersion protocol) {
        RedisURI db5 = RedisURI.builder().withHost("127.0.0.1").withPort(node.port()).withDatabase(5).build();
        try (StatefulRedisConnection<String, String> c = client(db5, protocol).connect()) {
            c.sync().set("k", "in-5");
            assertThat(c.sync().dbsize()).isEqualTo(1);
            assertThat(c.sync().select(0)).isEqualTo("OK");
            assertThat(c.sync().get("k")).isNull();
            assertThatThrownBy(() -> c.sync().select(16)).hasMessage("ERR DB index is out of range");
            c.sync().select(5);
            assertThat(c.sync().get("k")).isEqualTo("in-5");
        }
    }

    @Test
    void fiftyMegabyteValueRoundTripOverResp3() {
        byte[] value = Payloads.pseudoRandom(50 * 1024 * 1024, 11);
        byte[] key = {'b', 'i', 'g'};
        try (StatefulRedisConnection<byte[], byte[]> c =
                 client(node, ProtocolVersion.RESP3).connect(ByteArrayCodec.INSTANCE)) {
            assertThat(c.sync().set(key, value)).isEqualTo("OK");
            byte[] back = c.sync().get(key);
            assertThat(back.length).isEqualTo(value.length);
            assertThat(back).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void binaryKeysAndValuesWithAllByteValues(ProtocolVersion protocol) {
        byte[] all = Payloads.allBytes();
        byte[] reversed = Payloads.reversed(all);
        try (StatefulRedisConnection<byte[], byte[]> c = client(node, protocol).connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> r = c.sync();
            r.set(all, reversed);
            assertThat(r.get(all)).isEqualTo(reversed);
            for (int b = 0; b < 256; b++) {
                r.set(new byte[] {(byte) b}, new byte[] {'\r', '\n', (byte) b, 0});
            }
            for (int b = 0; b < 256; b++) {
                assertThat(r.get(new byte[] {(byte) b})).isEqualTo(new byte[] {'\r', '\n', (byte) b, 0});
            }
            assertThat(r.dbsize()).isEqualTo(257);
            assertThat(r.exists(all, reversed)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void connectionPool(ProtocolVersion protocol) throws Exception {
        RedisClient client = client(node, protocol);
        GenericObjectPoolConfig<StatefulRedisConnection<String, String>> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(6);
        config.setMaxWait(Duration.ofSeconds(20));
        ExecutorService threads = Executors.newFixedThreadPool(24);
        try (GenericObjectPool<StatefulRedisConnection<String, String>> pool =
                 ConnectionPoolSupport.createGenericObjectPool(client::connect, config)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                int id = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        try (StatefulRedisConnection<String, String> c = pool.borrowObject()) {
                            c.sync().set("p:" + id + ":" + i, "v" + i);
                            assertThat(c.sync().get("p:" + id + ":" + i)).isEqualTo("v" + i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(pool.getNumActive()).isZero();
            assertThat(pool.getCreatedCount()).isBetween(1L, 6L);
            ClientChecks.awaitCount(node, pool.getNumIdle());
            try (StatefulRedisConnection<String, String> c = pool.borrowObject()) {
                assertThat(c.sync().dbsize()).isEqualTo(24 * 100);
            }
        } finally {
            threads.shutdownNow();
        }
        ClientChecks.awaitCount(node, 0);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void quit(ProtocolVersion protocol) {
        RedisClient client = client(node, protocol);
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).autoReconnect(false).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().set("k", "v");
            ClientChecks.awaitCount(node, 1);
            @SuppressWarnings("deprecation")
            String reply = c.sync().quit();
            assertThat(reply).isEqualTo("OK");
            ClientChecks.awaitCount(node, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void reconnectsAfterTheServerRestartsOnTheSamePort(ProtocolVersion protocol) {
        TestNode first = TestNode.start();
        int port = first.port();
        TestNode second = null;
        try (StatefulRedisConnection<String, String> c = client(first, protocol).connect()) {
            c.sync().set("k", "before");
            first.close();
            second = TestNode.start("port", String.valueOf(port));
            // Lettuce notices the closed connection, reconnects (HELLO/AUTH again) and sends the command
            assertThat(c.sync().get("k")).as("a new node starts empty").isNull();
            c.sync().set("k", "after");
            assertThat(c.sync().get("k")).isEqualTo("after");
            assertThat(ClientChecks.protocols(second, 1)).containsExactly(protocol == ProtocolVersion.RESP3 ? 3 : 2);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
