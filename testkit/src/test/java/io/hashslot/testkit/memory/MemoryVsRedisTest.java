package io.hashslot.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MEMORY replies whose numbers cannot match jemalloc's, compared with real Redis for everything else: the field
 * names, order and reply types of MEMORY STATS (RESP2 and RESP3, with keys in two databases), the reply types of
 * MEMORY USAGE and DOCTOR, and which keys MEMORY USAGE measures (expired but not yet deleted ones included).
 */
class MemoryVsRedisTest {
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

    private static void load(RawClient c) {
        c.call("FLUSHALL");
        c.call("SET", "a", "1");
        c.call("SET", "b", "x".repeat(500), "EX", "1000");
        c.call("HSET", "h", "f", "v");
        c.call("SELECT", "3");
        c.call("SADD", "s", "m1", "m2");
        c.call("SELECT", "0");
    }

    private static List<String> statsShape(int port, boolean resp3) {
        try (RawClient c = new RawClient(port)) {
            if (resp3) {
                c.call("HELLO", "3");
            }
            load(c);
            return MemoryReplies.shape(c.call("MEMORY", "STATS"));
        }
    }

    @Test
    void statsHasRedisFieldsInOrderResp2() {
        List<String> expected = statsShape(redis.port(), false);
        assertThat(expected).contains("db.0:map[overhead.hashtable.main:int, overhead.hashtable.expires:int, "
            + "overhead.hashtable.slot-to-keys:int]");
        assertThat(statsShape(node.port(), false)).isEqualTo(expected);
    }

    @Test
    void statsHasRedisFieldsInOrderResp3() {
        List<String> expected = statsShape(redis.port(), true);
        assertThat(expected).contains("fragmentation:double");
        assertThat(statsShape(node.port(), true)).isEqualTo(expected);
    }

    private static String kinds(int port, boolean resp3) {
        StringBuilder sb = new StringBuilder();
        try (RawClient c = new RawClient(port)) {
            if (resp3) {
                c.call("HELLO", "3");
            }
            load(c);
            for (String key : new String[] {"a", "b", "h", "nosuch", "s"}) {
                sb.append(key).append('=').append(c.call("MEMORY", "USAGE", key).getClass().getSimpleName())
                    .append(' ');
            }
            RespValue doctor = c.call("MEMORY", "DOCTOR");
            sb.append("doctor=").append(doctor.getClass().getSimpleName());
            if (doctor instanceof RespValue.Bulk b) {
                sb.append('/').append(b.format());
            }
        }
        return sb.toString();
    }

    @Test
    void usageAndDoctorReplyTypes() {
        assertThat(kinds(node.port(), false)).isEqualTo(kinds(redis.port(), false));
        assertThat(kinds(node.port(), true)).isEqualTo(kinds(redis.port(), true)).contains("doctor=Bulk/txt");
    }

    private static String expiredUsage(int port, Runnable activeExpireOff, Runnable activeExpireOn)
        throws InterruptedException {
        try (RawClient c = new RawClient(port)) {
            c.call("FLUSHALL");
            activeExpireOff.run();
            try {
                c.call("SET", "k", "v", "PX", "1");
                Thread.sleep(20);
                String before = c.call("MEMORY", "USAGE", "k").getClass().getSimpleName();
                c.call("GET", "k");
                String after = c.call("MEMORY", "USAGE", "k").getClass().getSimpleName();
                return before + " " + after;
            } finally {
                activeExpireOn.run();
            }
        }
    }

    @Test
    void usageMeasuresExpiredKeysUntilTheyAreDeleted() throws InterruptedException {
        String real = expiredUsage(redis.port(), () -> debugActiveExpire("0"), () -> debugActiveExpire("1"));
        assertThat(real).isEqualTo("Int Null");
        String ours = expiredUsage(node.port(), () -> nodeActiveExpire(false), () -> nodeActiveExpire(true));
        assertThat(ours).isEqualTo(real);
    }

    private static void debugActiveExpire(String v) {
        try (RawClient c = new RawClient(redis.port())) {
            c.call("DEBUG", "SET-ACTIVE-EXPIRE", v);
        }
    }

    private static void nodeActiveExpire(boolean on) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        node.server().execute(() -> {
            node.server().context().keyspace().setActiveExpireEnabled(on);
            done.complete(null);
        });
        done.join();
    }
}
