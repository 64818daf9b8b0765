package io.hashslot.testkit.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cron's active expiry cycle removes keys nobody reads: thousands of keys with short TTLs in several
 * databases disappear within a couple of seconds, seen only through DBSIZE (which counts keys still stored).
 */
class ActiveExpiryTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Writes {@code n} keys with pipelining; a TTL in ms of 0 means no TTL. */
    private static void fill(RawClient c, String prefix, int n, int ttlFrom, int ttlSpread) {
        for (int i = 0; i < n; i++) {
            if (ttlFrom == 0) {
                c.send(RawClient.args("SET", prefix + i, "v"));
            } else {
                c.send(RawClient.args("SET", prefix + i, "v", "PX", Integer.toString(ttlFrom + i % ttlSpread)));
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(c.read()).isEqualTo(new RespValue.Simple("OK"));
        }
    }

    private static long dbsize(RawClient c) {
        return ((RespValue.Int) c.call("DBSIZE")).value();
    }

    private static long expiredKeys() throws Exception {
        CompletableFuture<Long> expired = new CompletableFuture<>();
        node.server().execute(() -> expired.complete(node.server().context().keyspace().expiredKeys()));
        return expired.get(5, TimeUnit.SECONDS);
    }

    @Test
    void thousandsOfShortLivedKeysVanishWithoutAccess() throws Exception {
        long expiredBefore = expiredKeys();
        try (RawClient c = node.client()) {
            c.call("FLUSHALL");
            fill(c, "short:", 6000, 1500, 400);
            fill(c, "keep:", 300, 0, 0);
            fill(c, "{tag}short:", 2000, 1500, 300);
            c.call("SELECT", "9");
            fill(c, "db9:", 3000, 1500, 200);
            fill(c, "long:", 50, 600_000, 1);
            assertThat(dbsize(c)).isEqualTo(3050);
            c.call("SELECT", "0");
            assertThat(dbsize(c)).isEqualTo(8300);
            // the last key expires at most 1.9 s after the writes ended
            long lastExpiry = System.nanoTime() + 1_900_000_000L;

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> dbsize(c) == 300);
            c.call("SELECT", "9");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> dbsize(c) == 50);
            long lateMs = (System.nanoTime() - lastExpiry) / 1_000_000;
            assertThat(lateMs).as("all gone within a second of the last expiry time").isLessThan(1000);

            assertThat(((RespValue.Int) c.call("TTL", "long:0")).value()).isPositive();
            c.call("SELECT", "0");
            assertThat(((RespValue.Int) c.call("EXISTS", "keep:0", "keep:299")).value()).isEqualTo(2);
        }
        assertThat(expiredKeys() - expiredBefore).isEqualTo(6000 + 2000 + 3000);
    }

    @Test
    void activeExpiryIsOffWhenDisabledAndResumes() throws Exception {
        try (RawClient c = node.client()) {
            c.call("SELECT", "3");
            c.call("FLUSHDB");
            CompletableFuture<Void> off = new CompletableFuture<>();
            node.server().execute(() -> {
                node.server().context().keyspace().setActiveExpireEnabled(false);
                off.complete(null);
            });
            off.get(5, TimeUnit.SECONDS);
            fill(c, "k", 1000, 50, 50);
            Thread.sleep(600);
            assertThat(dbsize(c)).as("nothing expires actively while disabled").isEqualTo(1000);
            node.server().execute(() -> node.server().context().keyspace().setActiveExpireEnabled(true));
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> dbsize(c) == 0);
        }
    }
}
