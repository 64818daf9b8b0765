package io.hashslot.testkit.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications of the hash and set commands (every class, "new" and "keymiss" included): a subscriber
 * on real Redis and one on Hashslot must receive the same messages, in the same order, for the same commands.
 */
class CollectionNotificationsTest {
    private static DualServer servers;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        // every class spelled out: Hashslot's config store re-parses its canonical form, where "A" drops "n"
        servers = new DualServer("notify-keyspace-events", "KEg$shmn");
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    private static final List<String> HASH_SCRIPT = List.of(
        "HSET h a 1 b 2", "HSET h a 3", "HMSET h c 4", "HSETNX h a 9", "HSETNX h d 5", "HSETNX nh f v",
        "HDEL h zz", "HDEL h a b", "HINCRBY h n 5", "HINCRBY h c x", "HINCRBYFLOAT h fl 1.5",
        "HINCRBYFLOAT h fl inf", "HDEL h c d n fl", "HINCRBY new f 1", "HGET missing f", "HGETALL missing",
        "HMGET missing a", "HLEN missing", "HEXISTS missing a", "HSTRLEN missing a", "HKEYS missing",
        "HRANDFIELD missing", "HRANDFIELD missing 3", "HSCAN missing 0", "HDEL missing a", "HSET str a 1",
        "HGET str a", "HINCRBY str a 1");

    private static final List<String> SET_SCRIPT = List.of(
        "SADD s 1 2 3", "SADD s 1", "SADD s 4 x", "SREM s zz", "SREM s 1 2", "SREM s 3 4 x", "SADD s a b",
        "SMOVE s t a", "SMOVE s t zz", "SMOVE s s b", "SMOVE s t b", "SMOVE t t a", "SADD u 1", "SMOVE t u 1",
        "SADD p 1 2 3 4 5 6 7 8 9 10", "SPOP p", "SPOP p 2", "SPOP p 0", "SPOP p 7", "SADD q only", "SPOP q",
        "SADD a 1 2 3", "SADD b 2 3 4", "SINTERSTORE d a b", "SINTERSTORE d a b", "SUNIONSTORE d a b",
        "SDIFFSTORE d a b", "SDIFFSTORE d a a", "SDIFFSTORE d a a", "SINTERSTORE d a missing",
        "SUNIONSTORE d2 missing", "SUNIONSTORE d3 a", "SDIFFSTORE d3 missing a", "SMEMBERS missing",
        "SISMEMBER missing a", "SMISMEMBER missing a", "SCARD missing", "SRANDMEMBER missing",
        "SRANDMEMBER missing 2", "SINTER a missing b", "SUNION missing a", "SDIFF missing", "SINTERCARD 2 a missing",
        "SSCAN missing 0", "SPOP missing", "SPOP missing 2", "SREM missing a", "SMOVE missing a 1", "SADD str 1",
        "SMEMBERS str", "SINTERSTORE d str");

    @Test
    void hashEventsMatchRedis() {
        assertThat(run(HASH_SCRIPT, servers.node.port())).isEqualTo(run(HASH_SCRIPT, servers.redis.port()));
    }

    @Test
    void setEventsMatchRedis() {
        assertThat(run(SET_SCRIPT, servers.node.port())).isEqualTo(run(SET_SCRIPT, servers.redis.port()));
    }

    /** Runs the script on one server with a pattern subscriber; returns everything the subscriber received. */
    private static String run(List<String> script, int port) {
        try (RawClient admin = new RawClient(port); RawClient sub = new RawClient(port)) {
            admin.call("FLUSHALL");
            admin.call("SET", "str", "x");
            sub.call("PSUBSCRIBE", "__key*__:*");
            for (String line : script) {
                admin.call(line.split(" "));
            }
            admin.call("PING");
            return ConformanceRunner.escape(drain(sub)).replace("\\r\\n", "\n");
        }
    }

    private static byte[] drain(RawClient c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.setTimeout(300);
        try {
            InputStream in = c.socket().getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // quiet: everything arrived
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
