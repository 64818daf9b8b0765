package io.hashslot.testkit.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.common.ArgSplitter;
import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications of the sorted set commands (notify-keyspace-events KEgznm: the generic, zset, new and
 * keymiss classes): a PSUBSCRIBE * client records what each command publishes on a real redis-server and on a
 * Hashslot node; the published messages must be byte-identical, command by command.
 */
class ZSetNotificationTest {
    private static RealRedis redis;
    private static TestNode node;

    private static final String[] COMMANDS = {
        "ZADD z 1 a 2 b", "ZADD z 1 a", "ZADD z XX 1 new", "ZADD z NX 5 a", "ZADD z CH 3 a", "ZADD z INCR 1 a",
        "ZADD z INCR 0 a", "ZINCRBY z 1 b", "ZINCRBY z2 1 b", "ZADD z GT 1 a", "ZADD z2 XX 1 a", "ZADD z x a",
        "ZADD z2 INCR -inf b", "ZADD z2 INCR +inf b", "ZREM z nope", "ZREM z a", "ZREM z b", "ZREM z2 b",
        "ZADD z 1 a 2 b 3 c 4 d 5 e", "ZREMRANGEBYRANK z 10 20", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYSCORE z 9 10",
        "ZREMRANGEBYSCORE z 2 2", "ZADD l 0 a 0 b 0 c", "ZREMRANGEBYLEX l [a [a", "ZREMRANGEBYLEX l - +",
        "ZPOPMIN z", "ZPOPMAX z 1", "ZPOPMIN z 0", "ZPOPMAX z 10", "ZPOPMIN z", "ZADD z 1 a 2 b",
        "ZMPOP 2 x z MIN COUNT 1", "ZMPOP 1 x MIN", "BZPOPMAX z 0", "ZADD x 1 q",
        "BZMPOP 0 1 x MAX", "BZMPOP 0.01 1 x MAX",
        "ZADD s1 1 a 2 b", "ZADD s2 2 b 3 c", "ZUNIONSTORE d 2 s1 s2", "ZUNIONSTORE d 2 s1 s2",
        "ZINTERSTORE d 2 s1 s2", "ZINTERSTORE d 1 nothing", "ZINTERSTORE d 1 nothing", "ZDIFFSTORE d 2 s1 s2",
        "ZDIFFSTORE d2 2 s1 s1", "ZRANGESTORE d s1 0 -1", "ZRANGESTORE d s1 5 10", "ZRANGESTORE d s1 0 -1 BYSCORE",
        "ZRANGESTORE d missing 0 -1", "ZSCORE missing a", "ZRANGE missing 0 -1", "ZCARD missing", "ZUNION 1 missing",
        "ZRANDMEMBER missing", "ZSCAN missing 0", "ZCOUNT missing 0 1", "ZRANK missing a", "ZMSCORE missing a",
        "ZADD str 1 a", "ZRANGESTORE str s1 0 0", "ZUNIONSTORE str 1 s2", "DEL s1 s2 d str z l z2",
    };

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start("--notify-keyspace-events", "KEgznm");
        node = TestNode.start("notify-keyspace-events", "KEgznm");
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

    private static List<String> events(int port) {
        List<String> out = new ArrayList<>();
        try (RawClient sub = new RawClient(port); RawClient c = new RawClient(port)) {
            c.callRaw(List.of("FLUSHALL".getBytes()));
            c.callRaw(List.of("SET".getBytes(), "str".getBytes(), "v".getBytes())); // a key of another type
            sub.callRaw(List.of("PSUBSCRIBE".getBytes(), "*".getBytes()));
            for (String cmd : COMMANDS) {
                byte[] reply = c.callRaw(ArgSplitter.split(cmd.getBytes(StandardCharsets.UTF_8)));
                out.add(cmd + " -> " + ConformanceRunner.escape(reply) + " :: " + drain(sub));
            }
        }
        return out;
    }

    /** Everything the subscriber receives until it is quiet for 50 ms. */
    private static String drain(RawClient sub) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        sub.setTimeout(50);
        try {
            InputStream in = sub.socket().getInputStream();
            byte[] b = new byte[8192];
            while (true) {
                int n = in.read(b);
                if (n < 0) {
                    break;
                }
                buf.write(b, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // quiet
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            sub.setTimeout(30_000);
        }
        return ConformanceRunner.escape(buf.toByteArray());
    }

    @Test
    void sameEventsAsRedis() {
        List<String> expected = events(redis.port());
        List<String> actual = events(node.port());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("command %d", i).isEqualTo(expected.get(i));
        }
    }
}
