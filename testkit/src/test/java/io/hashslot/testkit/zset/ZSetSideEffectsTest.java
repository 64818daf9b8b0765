package io.hashslot.testkit.zset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.commands.ServerContext;
import io.hashslot.common.ArgSplitter;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What each sorted set command does to keyspace_hits, keyspace_misses and the dirty counter
 * (rdb_changes_since_last_save): real Redis read through INFO, the node's counters read on its execution thread.
 */
class ZSetSideEffectsTest {
    private static RealRedis redis;
    private static TestNode node;

    private static final String[] COMMANDS = {
        "ZADD z 1 a 2 b 3 c", "ZADD z 1 a", "ZADD z CH 5 a 6 b 7 d", "ZADD z XX 1 nope", "ZADD missing XX 1 a",
        "ZADD z NX 1 a", "ZINCRBY z 1 a", "ZADD z INCR 0 a", "ZADD z GT 1 a", "ZSCORE z a", "ZSCORE missing a",
        "ZMSCORE z a b", "ZMSCORE missing a", "ZRANK z a", "ZREVRANK missing a", "ZCARD z", "ZCARD missing",
        "ZCOUNT z 0 10", "ZCOUNT missing 0 10", "ZCOUNT z x 1", "ZLEXCOUNT z - +", "ZRANGE z 0 -1",
        "ZRANGE missing 0 -1", "ZRANGEBYSCORE z 0 10", "ZREVRANGEBYLEX z + -", "ZRANGESTORE d z 0 -1",
        "ZRANGESTORE d missing 0 -1", "ZRANGESTORE d missing 0 -1", "ZREM z nope", "ZREM z a b",
        "ZADD z 1 a 2 b 3 c 4 e", "ZREMRANGEBYRANK z 0 1", "ZREMRANGEBYSCORE z 100 200", "ZREMRANGEBYLEX z - +",
        "ZADD z 1 a 2 b 3 c 4 e", "ZPOPMIN z", "ZPOPMAX z 2", "ZPOPMIN z 0", "ZPOPMIN missing", "ZMPOP 2 missing z MIN",
        "ZADD z 1 a 2 b 3 c", "ZMPOP 1 z MAX COUNT 5", "ZMPOP 1 z MAX", "BZPOPMIN missing 0.01",
        "ZADD z 1 a 2 b 3 c", "BZPOPMIN missing z 0", "BZMPOP 0 2 missing z MIN COUNT 2", "ZADD y 1 a 5 q",
        "ZUNIONSTORE u 3 y missing y", "ZINTERSTORE u 2 y missing", "ZINTERSTORE u 2 y missing", "ZDIFFSTORE u 1 y",
        "ZUNION 2 y missing", "ZINTER 2 y y", "ZDIFF 2 missing y", "ZINTERCARD 2 y missing", "ZRANDMEMBER y",
        "ZRANDMEMBER missing 3", "ZSCAN y 0", "ZSCAN missing 0", "SET s v", "ZSCORE s a", "ZADD s 1 a",
        "ZUNIONSTORE u 1 s", "ZRANGESTORE s y 0 -1", "ZRANGE s 0 -1",
    };

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

    private static long field(String info, String name) {
        int i = info.indexOf(name + ":");
        int end = info.indexOf('\r', i);
        return Long.parseLong(info.substring(i + name.length() + 1, end));
    }

    private static long[] redisCounters(RawClient c) {
        String info = new String(c.callRaw(List.of("INFO".getBytes(), "all".getBytes())),
            StandardCharsets.ISO_8859_1);
        return new long[] {field(info, "keyspace_hits"), field(info, "keyspace_misses"),
            field(info, "rdb_changes_since_last_save")};
    }

    private static long[] nodeCounters() {
        CompletableFuture<long[]> f = new CompletableFuture<>();
        node.server().execute(() -> {
            ServerContext s = node.server().context();
            f.complete(new long[] {s.stats().keyspaceHits, s.stats().keyspaceMisses, s.dirty()});
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Counters {
        long[] get();
    }

    private static List<String> deltas(RawClient c, Counters counters) {
        c.callRaw(List.of("FLUSHALL".getBytes()));
        List<String> out = new ArrayList<>();
        for (String cmd : COMMANDS) {
            long[] before = counters.get();
            c.callRaw(ArgSplitter.split(cmd.getBytes(StandardCharsets.UTF_8)));
            long[] after = counters.get();
            out.add(cmd + ": hits " + (after[0] - before[0]) + " misses " + (after[1] - before[1]) + " dirty "
                + (after[2] - before[2]));
        }
        return out;
    }

    @Test
    void countersMoveAsInRedis() {
        try (RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(node.port())) {
            List<String> expected = deltas(a, () -> redisCounters(a));
            List<String> actual = deltas(b, ZSetSideEffectsTest::nodeCounters);
            assertThat(actual).isEqualTo(expected);
        }
    }
}
