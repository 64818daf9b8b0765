package io.hashslot.testkit.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.common.ArgSplitter;
import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BZPOPMIN / BZPOPMAX / BZMPOP across connections: scripts of steps on several clients run against a real
 * redis-server and a Hashslot node; everything every client reads must be byte-identical. A step waits until the
 * server reports the expected number of blocked clients before the next write.
 */
class ZSetBlockingTest {
    private static RealRedis redis;
    private static TestNode node;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start();
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * A script: lines "X> cmd" send a command on client X and read its reply, "X! cmd" the same without recording
     * the reply (HELLO shows client ids), "X>> cmd" send without reading,
     * "X<" reads one reply, "blocked N" waits for N blocked clients, "sleep MS" waits.
     */
    static Stream<Arguments> scripts() {
        return Stream.of(
            new String[] {"served by zadd", "A>> BZPOPMIN k 0", "blocked 1", "B> ZADD k 1 a 2 b", "A<",
                "B> ZRANGE k 0 -1 WITHSCORES", "blocked 0"},
            new String[] {"fifo among waiters", "A>> BZPOPMIN k 0", "blocked 1", "C>> BZPOPMAX k 0", "blocked 2",
                "D>> BZPOPMIN k 0", "blocked 3", "B> ZADD k 1 a 2 b", "A<", "C<", "blocked 1",
                "B> EXISTS k", "B> ZADD k 5 e", "D<", "blocked 0"},
            new String[] {"bzmpop with count", "A>> BZMPOP 0 2 k1 k2 MAX COUNT 2", "blocked 1",
                "B> ZADD k2 1 x 2 y 3 z", "A<", "B> ZRANGE k2 0 -1", "A>> BZMPOP 0 1 k3 MIN COUNT 10", "blocked 1",
                "B> ZADD k3 1 x 2 y", "A<", "B> EXISTS k3"},
            new String[] {"second key", "A>> BZPOPMAX k1 k2 k3 0", "blocked 1", "B> ZADD k3 1 a", "A<",
                "A>> BZPOPMIN k1 k1 0", "blocked 1", "B> ZADD k1 7 q", "A<"},
            new String[] {"wrong type does not serve", "A>> BZPOPMIN k 0", "blocked 1", "B> SET k v", "sleep 50",
                "blocked 1", "B> DEL k", "B> ZADD k 3 c", "A<"},
            new String[] {"transaction", "A>> BZPOPMIN k 0", "blocked 1", "B> MULTI", "B> ZADD k 1 a", "B> DEL k",
                "B> EXEC", "sleep 50", "blocked 1", "B> MULTI", "B> ZADD k 1 a 2 b", "B> ZREM k a", "B> EXEC", "A<",
                "B> EXISTS k"},
            new String[] {"store commands create the key", "B> ZADD src 1 a 2 b", "A>> BZPOPMAX k 0", "blocked 1",
                "B> ZUNIONSTORE k 1 src", "A<", "A>> BZPOPMIN k2 0", "blocked 1", "B> ZRANGESTORE k2 src 0 0", "A<",
                "A>> BZMPOP 0 1 k3 MIN", "blocked 1", "B> ZINTERSTORE k3 2 src src", "A<"},
            new String[] {"timeouts", "A> BZPOPMIN k 0.05", "A> BZMPOP 0.05 2 k j MAX COUNT 3", "A> BZPOPMAX k j 0.01",
                "blocked 0"},
            new String[] {"resp3 shapes", "A! HELLO 3", "A>> BZPOPMIN k 0", "blocked 1", "B> ZADD k 1.5 a 2 b",
                "A<", "A>> BZMPOP 0 1 k MAX COUNT 5", "A<", "A> BZPOPMAX k 0.01", "A> BZMPOP 0.01 1 k MIN"},
            new String[] {"popping the last member leaves the next waiter blocked", "A>> BZPOPMIN k 0", "blocked 1",
                "C>> BZMPOP 0 1 k MAX COUNT 2", "blocked 2", "B> ZADD k 1 a", "A<", "blocked 1", "B> ZADD k 2 b 3 c",
                "C<", "blocked 0"},
            new String[] {"incr creates", "A>> BZPOPMIN k 0", "blocked 1", "B> ZINCRBY k 5 m", "A<",
                "A>> BZPOPMAX k 0", "blocked 1", "B> ZADD k XX 1 m", "sleep 50", "blocked 1", "B> ZADD k INCR 3 m",
                "A<"})
            .map(s -> Arguments.of(s[0], Arrays.copyOfRange(s, 1, s.length)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void sameAsRedis(String name, String[] steps) {
        List<String> expected = run(redis.port(), steps, () -> redisBlocked());
        List<String> actual = run(node.port(), steps, () -> nodeBlocked());
        assertThat(actual).isEqualTo(expected);
    }

    private static long redisBlocked() {
        try (RawClient c = new RawClient(redis.port())) {
            String info = new String(c.callRaw(List.of("INFO".getBytes(), "clients".getBytes())),
                StandardCharsets.ISO_8859_1);
            int i = info.indexOf("blocked_clients:");
            int end = info.indexOf('\r', i);
            return Long.parseLong(info.substring(i + "blocked_clients:".length(), end));
        }
    }

    private static long nodeBlocked() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        node.server().execute(() -> f.complete(node.server().context().clients().blockedCount()));
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> run(int port, String[] steps, LongSupplier blocked) {
        Map<String, RawClient> clients = new HashMap<>();
        List<String> out = new ArrayList<>();
        try (RawClient admin = new RawClient(port)) {
            admin.callRaw(List.of("FLUSHALL".getBytes()));
        }
        try {
            for (String step : steps) {
                if (step.startsWith("blocked ")) {
                    long want = Long.parseLong(step.substring(8));
                    long deadline = System.currentTimeMillis() + 5000;
                    while (blocked.getAsLong() != want) {
                        if (System.currentTimeMillis() > deadline) {
                            out.add("timed out waiting for " + want + " blocked clients, have "
                                + blocked.getAsLong());
                            return out;
                        }
                        Thread.sleep(5);
                    }
                    continue;
                }
                if (step.startsWith("sleep ")) {
                    Thread.sleep(Long.parseLong(step.substring(6)));
                    continue;
                }
                String who = step.substring(0, 1);
                RawClient c = clients.computeIfAbsent(who, x -> new RawClient(port));
                String rest = step.substring(1);
                if (rest.equals("<")) {
                    out.add(who + " read " + ConformanceRunner.escape(c.readRaw()));
                } else if (rest.startsWith("! ")) {
                    c.callRaw(ArgSplitter.split(rest.substring(2).getBytes(StandardCharsets.UTF_8)));
                } else if (rest.startsWith(">> ")) {
                    c.send(ArgSplitter.split(rest.substring(3).getBytes(StandardCharsets.UTF_8)));
                } else {
                    byte[] reply = c.callRaw(ArgSplitter.split(rest.substring(2).getBytes(StandardCharsets.UTF_8)));
                    out.add(who + " " + rest.substring(2) + " -> " + ConformanceRunner.escape(reply));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.values().forEach(RawClient::close);
        }
        return out;
    }
}
