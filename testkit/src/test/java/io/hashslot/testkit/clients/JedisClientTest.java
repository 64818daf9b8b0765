package io.hashslot.testkit.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Jedis 5 against a node over real sockets, in RESP2 and RESP3. */
class JedisClientTest {
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
        try (Jedis j = jedis(RedisProtocol.RESP2)) {
            j.flushAll();
        }
    }

    private static DefaultJedisClientConfig.Builder config(RedisProtocol protocol) {
        return DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(30_000);
    }

    private static Jedis jedis(RedisProtocol protocol) {
        return new Jedis(new HostAndPort("127.0.0.1", node.port()), config(protocol).build());
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void negotiatesTheProtocolAndRunsCommands(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol)) {
            assertThat(j.ping()).isEqualTo("PONG");
            int expected = protocol == RedisProtocol.RESP3 ? 3 : 2;
            assertThat(ClientChecks.protocols(node, 1)).containsExactly(expected);
            assertThat(j.set("k", "v")).isEqualTo("OK");
            assertThat(j.get("k")).isEqualTo("v");
            assertThat(j.get("missing")).isNull();
            assertThat(j.exists("k", "missing", "k")).isEqualTo(2);
            assertThat(j.echo("hi")).isEqualTo("hi");
            assertThat(j.dbSize()).isEqualTo(1);
            assertThat(j.del("k", "missing")).isEqualTo(1);
            assertThat(j.unlink("k")).isZero();
            assertThatThrownBy(() -> j.sendCommand(() -> "NOSUCHCMD".getBytes(StandardCharsets.US_ASCII), "a"))
                .isInstanceOf(JedisDataException.class)
                .hasMessage("ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' ");
            assertThat(j.ping()).as("connection usable after an error").isEqualTo("PONG");
        }
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void pipelineOfTenThousandCommands(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol)) {
            Pipeline p = j.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                sets.add(p.set("key:" + i, "value:" + i));
            }
            for (int i = 0; i < 5000; i++) {
                gets.add(p.get("key:" + i));
            }
            Response<Long> size = p.dbSize();
            p.sync();
            for (int i = 0; i < 5000; i++) {
                assertThat(sets.get(i).get()).isEqualTo("OK");
                assertThat(gets.get(i).get()).isEqualTo("value:" + i);
            }
            assertThat(size.get()).isEqualTo(5000);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void transactions(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol)) {
            Transaction t = j.multi();
            Response<String> set = t.set("a", "1");
            Response<String> get = t.get("a");
            Response<Long> exists = t.exists("a", "b");
            List<Object> results = t.exec();
            assertThat(results).hasSize(3);
            assertThat(set.get()).isEqualTo("OK");
            assertThat(get.get()).isEqualTo("1");
            assertThat(exists.get()).isEqualTo(1);

            Transaction d = j.multi();
            d.set("a", "2");
            assertThat(d.discard()).isEqualTo("OK");
            assertThat(j.get("a")).isEqualTo("1");
        }
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void watchedKeyTouchedByAnotherConnectionAbortsExec(RedisProtocol protocol) {
        try (Jedis a = jedis(protocol); Jedis b = jedis(protocol)) {
            a.set("balance", "100");
            assertThat(a.watch("balance")).isEqualTo("OK");
            b.set("balance", "50");
            Transaction t = a.multi();
            t.set("balance", "200");
            assertThat(t.exec()).as("EXEC after a WATCH conflict").isNull();
            assertThat(a.get("balance")).isEqualTo("50");

            // without a conflict (and after UNWATCH) the transaction runs
            a.watch("balance");
            a.unwatch();
            b.set("balance", "60");
            Transaction t2 = a.multi();
            t2.set("balance", "300");
            assertThat(t2.exec()).containsExactly("OK");
            assertThat(b.get("balance")).isEqualTo("300");
        }
    }

    @Test
    void authWithRequirepass() {
        try (TestNode secured = TestNode.start("requirepass", "s3cret")) {
            HostAndPort at = new HostAndPort("127.0.0.1", secured.port());
            // no protocol in the config: Jedis sends no HELLO (with RESP2 set it sends HELLO 2, refused before AUTH)
            try (Jedis j = new Jedis(at, DefaultJedisClientConfig.builder().build())) {
                assertThatThrownBy(() -> j.get("k")).isInstanceOf(JedisDataException.class)
                    .hasMessage("NOAUTH Authentication required.");
                assertThatThrownBy(() -> j.auth("wrong")).isInstanceOf(JedisDataException.class)
                    .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
                assertThatThrownBy(() -> j.get("k")).isInstanceOf(JedisDataException.class)
                    .hasMessage("NOAUTH Authentication required.");
                assertThat(j.auth("s3cret")).isEqualTo("OK");
                assertThat(j.set("k", "v")).isEqualTo("OK");
                assertThat(j.auth("default", "s3cret")).isEqualTo("OK");
            }
            // password in the client config: AUTH (RESP2) or HELLO 3 AUTH default ... (RESP3) on connect
            for (RedisProtocol p : RedisProtocol.values()) {
                try (Jedis j = new Jedis(at, config(p).password("s3cret").build())) {
                    assertThat(j.get("k")).as(p.name()).isEqualTo("v");
                }
                Throwable wrong = catchThrowable(() -> {
                    try (Jedis j = new Jedis(at, config(p).password("nope").build())) {
                        j.ping();
                    }
                });
                assertThat(ClientChecks.causeMessages(wrong)).as(p.name())
                    .contains("WRONGPASS invalid username-password pair or user is disabled.");
            }
            // RESP3 without a password: HELLO 3 itself is refused
            Throwable noauth = catchThrowable(() -> {
                try (Jedis j = new Jedis(at, config(RedisProtocol.RESP3).build())) {
                    j.ping();
                }
            });
            assertThat(ClientChecks.causeMessages(noauth)).contains("NOAUTH HELLO must be called with the client "
                + "already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate "
                + "the client and select the RESP protocol version at the same time");
        }
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void selectDatabase(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol)) {
            assertThat(j.select(5)).isEqualTo("OK");
            j.set("k", "in-5");
            assertThat(j.dbSize()).isEqualTo(1);
            j.select(0);
            assertThat(j.get("k")).isNull();
            assertThat(j.dbSize()).isZero();
            assertThatThrownBy(() -> j.select(16)).isInstanceOf(JedisDataException.class)
                .hasMessage("ERR DB index is out of range");
        }
        // database in the client config: Jedis sends SELECT on connect
        HostAndPort at = new HostAndPort("127.0.0.1", node.port());
        try (Jedis j = new Jedis(at, config(protocol).database(5).build())) {
            assertThat(j.get("k")).isEqualTo("in-5");
        }
    }

    @Test
    void fiftyMegabyteValueRoundTrip() {
        byte[] value = Payloads.pseudoRandom(50 * 1024 * 1024, 7);
        byte[] key = "big".getBytes(StandardCharsets.US_ASCII);
        try (Jedis j = jedis(RedisProtocol.RESP2)) {
            assertThat(j.set(key, value)).isEqualTo("OK");
            byte[] back = j.get(key);
            assertThat(back.length).isEqualTo(value.length);
            assertThat(back).isEqualTo(value);
            assertThat(j.del(key)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void binaryKeysAndValuesWithAllByteValues(RedisProtocol protocol) {
        byte[] all = Payloads.allBytes();
        byte[] reversed = Payloads.reversed(all);
        try (Jedis j = jedis(protocol)) {
            assertThat(j.set(all, reversed)).isEqualTo("OK");
            assertThat(j.set(reversed, all)).isEqualTo("OK");
            assertThat(j.get(all)).isEqualTo(reversed);
            assertThat(j.get(reversed)).isEqualTo(all);
            for (int b = 0; b < 256; b++) {
                byte[] one = {(byte) b};
                j.set(one, new byte[] {(byte) b, (byte) b, '\r', '\n'});
            }
            assertThat(j.dbSize()).isEqualTo(258);
            for (int b = 0; b < 256; b++) {
                assertThat(j.get(new byte[] {(byte) b})).isEqualTo(new byte[] {(byte) b, (byte) b, '\r', '\n'});
            }
            assertThat(j.exists(all, reversed)).isEqualTo(2);
            assertThat(j.del(all)).isEqualTo(1);
            assertThat(j.exists(all)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void connectionPool(RedisProtocol protocol) throws Exception {
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(8);
        poolConfig.setMaxWait(Duration.ofSeconds(20));
        HostAndPort at = new HostAndPort("127.0.0.1", node.port());
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try (JedisPool pool = new JedisPool(poolConfig, at, config(protocol).build())) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int id = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        try (Jedis j = pool.getResource()) {
                            j.set("pool:" + id + ":" + i, String.valueOf(i));
                            assertThat(j.get("pool:" + id + ":" + i)).isEqualTo(String.valueOf(i));
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(pool.getNumActive()).isZero();
            assertThat(pool.getCreatedCount()).isBetween(1L, 8L);
            ClientChecks.awaitCount(node, pool.getNumIdle());
            try (Jedis j = pool.getResource()) {
                assertThat(j.dbSize()).isEqualTo(32 * 200);
            }
        } finally {
            threads.shutdownNow();
        }
        ClientChecks.awaitCount(node, 0);
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void quitClosesTheConnection(RedisProtocol protocol) {
        try (Jedis j = jedis(protocol)) {
            j.set("k", "v");
            ClientChecks.awaitCount(node, 1);
            Object reply = j.sendCommand(() -> "QUIT".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String((byte[]) reply, StandardCharsets.US_ASCII)).isEqualTo("OK");
            ClientChecks.awaitCount(node, 0);
            assertThatThrownBy(j::ping).isInstanceOf(JedisConnectionException.class);
        }
        try (Jedis j = jedis(protocol)) {
            assertThat(j.get("k")).isEqualTo("v");
        }
    }

    @Test
    void pooledClientRecoversAfterTheServerRestartsOnTheSamePort() throws Exception {
        TestNode first = TestNode.start();
        int port = first.port();
        TestNode second = null;
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setTestOnBorrow(true);
        try (JedisPooled client = new JedisPooled(new HostAndPort("127.0.0.1", port),
            config(RedisProtocol.RESP3).timeoutMillis(5000).build(), poolConfig);
             RawClient raw = first.client()) {
            client.set("k", "before");
            assertThat(client.get("k")).isEqualTo("before");
            first.close();
            // stopping a node closes its client connections (EOF, not silence)
            raw.setTimeout(5000);
            assertThat(raw.socket().getInputStream().read()).isEqualTo(-1);
            Throwable down = catchThrowable(() -> client.get("k"));
            assertThat(down).isInstanceOf(JedisConnectionException.class);
            for (Throwable t = down; t != null; t = t.getCause()) {
                assertThat(t).as("not a read timeout on a silent socket")
                    .isNotInstanceOf(java.net.SocketTimeoutException.class);
            }
            second = TestNode.start("port", String.valueOf(port));
            assertThat(second.port()).isEqualTo(port);
            // the pooled connection is dead; the pool validates it, drops it and connects again
            assertThat(client.get("k")).as("a new node starts empty").isNull();
            client.set("k", "after");
            assertThat(client.get("k")).isEqualTo("after");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }
}
