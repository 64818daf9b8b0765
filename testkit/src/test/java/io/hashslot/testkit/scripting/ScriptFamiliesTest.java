package io.hashslot.testkit.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scripts drive every data type family through redis.call, in RESP2 and RESP3 (redis.setresp), and the replies
 * (converted Redis → Lua → Redis) are compared byte for byte with real Redis 7.0. Also side effects that leave the
 * script: a BLPOP client served by a script's LPUSH, and PUBLISH from a script reaching a subscriber.
 */
class ScriptFamiliesTest {
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

    /** Runs the scripts on both servers (after FLUSHALL) and compares every reply. */
    private static void same(String... scripts) {
        try (RawClient a = new RawClient(redis.port()); RawClient b = node.client()) {
            a.callRawString("FLUSHALL");
            b.callRawString("FLUSHALL");
            for (String s : scripts) {
                for (String resp : new String[] {"", "redis.setresp(3) "}) {
                    String script = resp + s;
                    String expected = a.callRawString("EVAL", script, "1", "key");
                    assertThat(b.callRawString("EVAL", script, "1", "key")).as(script).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void strings() {
        same("return redis.call('set', KEYS[1], 'v')",
            "return {redis.call('append', KEYS[1], 'xyz'), redis.call('get', KEYS[1]), redis.call('strlen', KEYS[1])}",
            "return {redis.call('incr', 'n'), redis.call('incrby', 'n', 10), redis.call('incrbyfloat', 'n', 1.5)}",
            "return redis.call('mget', KEYS[1], 'n', 'missing')",
            "return {redis.call('setrange', KEYS[1], 1, 'AB'), redis.call('getrange', KEYS[1], 0, -1)}",
            "return redis.call('lcs', KEYS[1], 'n', 'idx', 'withmatchlen')",
            "return {redis.call('setbit', 'b', 7, 1), redis.call('bitcount', 'b'), redis.call('bitpos', 'b', 1)}",
            "return redis.call('bitfield', 'b', 'get', 'u8', 0, 'incrby', 'i5', 100, 1)",
            "return redis.call('getex', KEYS[1], 'persist')",
            "return redis.pcall('incr', KEYS[1])");
    }

    @Test
    void keys() {
        same("redis.call('set', KEYS[1], 'v', 'ex', 100) "
                + "return {redis.call('ttl', KEYS[1]), redis.call('type', KEYS[1])}",
            "return {redis.call('exists', KEYS[1], 'nope'), redis.call('del', KEYS[1]), redis.call('exists', KEYS[1])}",
            "redis.call('set', 'a', 1) return {redis.call('rename', 'a', 'b'), redis.call('get', 'b')}",
            "redis.call('set', 'a', 1) redis.call('set', 'c', 2) return redis.call('copy', 'a', 'c')",
            "redis.call('set', 'a', 1) return {redis.call('expire', 'a', 10, 'NX'), redis.call('persist', 'a')}",
            "redis.call('set', 'a', 1) return redis.call('object', 'encoding', 'a')",
            "return redis.pcall('rename', 'missing', 'x')");
    }

    @Test
    void lists() {
        same("return {redis.call('rpush', KEYS[1], 'a', 'b', 'c'), redis.call('lrange', KEYS[1], 0, -1)}",
            "redis.call('rpush', KEYS[1], 1, 2, 3) "
                + "return {redis.call('lpop', KEYS[1]), redis.call('rpop', KEYS[1], 2)}",
            "redis.call('rpush', KEYS[1], 'x', 'y') return {redis.call('linsert', KEYS[1], 'before', 'y', 'z'), "
                + "redis.call('lindex', KEYS[1], 1), redis.call('llen', KEYS[1])}",
            "redis.call('rpush', KEYS[1], 'a', 'b', 'a') return {redis.call('lpos', KEYS[1], 'a', 'count', 0), "
                + "redis.call('lrem', KEYS[1], 0, 'a')}",
            "redis.call('rpush', KEYS[1], 1) return redis.call('lmpop', 1, KEYS[1], 'left')",
            "return redis.call('lpop', 'missing')",
            "return redis.call('lmpop', 1, 'missing', 'left')",
            "return redis.pcall('blpop', KEYS[1], 0)");
    }

    @Test
    void hashes() {
        same("return {redis.call('hset', KEYS[1], 'f', 'v', 'g', 'w'), redis.call('hgetall', KEYS[1])}",
            "redis.call('hset', KEYS[1], 'f', 1) return {redis.call('hincrby', KEYS[1], 'f', 5), "
                + "redis.call('hincrbyfloat', KEYS[1], 'f', 0.5), redis.call('hmget', KEYS[1], 'f', 'nope')}",
            "redis.call('hset', KEYS[1], 'a', 1, 'b', 2) return {redis.call('hkeys', KEYS[1]), "
                + "redis.call('hvals', KEYS[1]), redis.call('hlen', KEYS[1]), redis.call('hexists', KEYS[1], 'a')}",
            "redis.call('hset', KEYS[1], 'a', 1) "
                + "return {redis.call('hdel', KEYS[1], 'a'), redis.call('exists', KEYS[1])}",
            "return redis.call('hgetall', 'missing')",
            "redis.call('hset', KEYS[1], 'a', 'x') return redis.call('hstrlen', KEYS[1], 'a')");
    }

    @Test
    void sets() {
        same("return {redis.call('sadd', KEYS[1], 'c', 'a', 'b'), redis.call('sort', redis.call('smembers', KEYS[1]) "
                + "and KEYS[1], 'alpha')}",
            "redis.call('sadd', KEYS[1], 1, 2, 3) redis.call('sadd', 'o', 2, 3, 4) "
                + "return {redis.call('sinter', KEYS[1], 'o'), redis.call('sintercard', 2, KEYS[1], 'o')}",
            "redis.call('sadd', KEYS[1], 'x') return {redis.call('sismember', KEYS[1], 'x'), "
                + "redis.call('smismember', KEYS[1], 'x', 'y'), redis.call('scard', KEYS[1])}",
            "redis.call('sadd', KEYS[1], 1, 2, 3) return {redis.call('srem', KEYS[1], 1, 9), "
                + "redis.call('sort', KEYS[1])}",
            "return redis.call('smembers', 'missing')");
    }

    @Test
    void sortedSets() {
        same("return {redis.call('zadd', KEYS[1], 1, 'a', 2.5, 'b'), "
                + "redis.call('zrange', KEYS[1], 0, -1, 'withscores')}",
            "redis.call('zadd', KEYS[1], 1, 'a') return {redis.call('zscore', KEYS[1], 'a'), "
                + "redis.call('zincrby', KEYS[1], 0.5, 'a'), redis.call('zmscore', KEYS[1], 'a', 'nope')}",
            "redis.call('zadd', KEYS[1], 1, 'a', 2, 'b', 3, 'c') return {redis.call('zrank', KEYS[1], 'b'), "
                + "redis.call('zrevrange', KEYS[1], 0, 1), redis.call('zcount', KEYS[1], '(1', '+inf')}",
            "redis.call('zadd', KEYS[1], 1, 'a', 2, 'b') return {redis.call('zpopmin', KEYS[1]), "
                + "redis.call('zmpop', 1, KEYS[1], 'max')}",
            "redis.call('zadd', KEYS[1], 1.5, 'x') return redis.call('zrangebyscore', KEYS[1], '-inf', '+inf', "
                + "'withscores')",
            "return redis.call('zrandmember', 'missing')",
            "return redis.pcall('zadd', KEYS[1], 'nan', 'x')");
    }

    @Test
    void scriptPushServesABlockedClientAfterTheScript() {
        for (int port : new int[] {redis.port(), node.port()}) {
            try (RawClient blocked = new RawClient(port); RawClient writer = new RawClient(port)) {
                writer.callRawString("DEL", "q");
                blocked.send(RawClient.args("BLPOP", "q", "5"));
                org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(50)).until(() -> true);
                assertThat(writer.callRawString("EVAL", "redis.call('rpush', KEYS[1], 'a', 'b') "
                    + "return redis.call('llen', KEYS[1])", "1", "q")).isEqualTo(":2\r\n");
                assertThat(new String(blocked.readRaw(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("*2\r\n$1\r\nq\r\n$1\r\na\r\n");
                assertThat(writer.callRawString("LRANGE", "q", "0", "-1")).isEqualTo("*1\r\n$1\r\nb\r\n");
            }
        }
    }

    @Test
    void publishFromAScriptReachesSubscribers() {
        for (int port : new int[] {redis.port(), node.port()}) {
            try (RawClient sub = new RawClient(port); RawClient pub = new RawClient(port)) {
                assertThat(sub.callRawString("SUBSCRIBE", "ch")).startsWith("*3\r\n$9\r\nsubscribe\r\n");
                assertThat(pub.callRawString("EVAL", "return redis.call('publish', 'ch', ARGV[1])", "0", "hi\u0000"))
                    .isEqualTo(":1\r\n");
                assertThat(sub.readRaw()).isEqualTo("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$3\r\nhi\u0000\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void repliesOfCommandsWithRespThreeTypesCrossTheScript() {
        same("redis.call('hset', KEYS[1], 'f', 'v') local r = redis.call('hgetall', KEYS[1]) "
                + "return {type(r), r.map and r.map.f or r[2]}",
            "redis.call('sadd', KEYS[1], 'm') local r = redis.call('smembers', KEYS[1]) "
                + "return {type(r), r.set and tostring(r.set.m) or r[1]}",
            "redis.call('zadd', KEYS[1], 2.5, 'm') local r = redis.call('zscore', KEYS[1], 'm') "
                + "return {type(r), type(r) == 'table' and tostring(r.double) or r}",
            "return redis.call('hello', '3')");
    }
}
