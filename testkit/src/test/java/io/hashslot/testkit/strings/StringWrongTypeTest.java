package io.hashslot.testkit.strings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.common.ArgSplitter;
import io.hashslot.common.SystemClock;
import io.hashslot.protocol.RespValue;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;
import io.hashslot.store.types.ListValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every string command against a key holding a list: the real server gets the list from LPUSH, Hashslot gets a
 * list value put straight into its store (the list family is built elsewhere). Replies must be identical, and
 * so must the type the key has afterwards.
 */
class StringWrongTypeTest {
    private static RealRedis redis;

    private static final String SCRIPT = """
        GET l
        SET l v GET
        SET l v NX GET
        SET l v NX
        SETNX l v
        GETSET l v
        GETEX l
        GETEX l EX 10
        GETEX l PERSIST
        GETEX l EX 0
        GETEX l BADOPT
        GETDEL l
        MGET a l b
        MSETNX l v
        APPEND l x
        STRLEN l
        GETRANGE l 0 -1
        GETRANGE l a b
        SUBSTR l 0 1
        SETRANGE l 0 x
        SETRANGE l 0 ""
        SETRANGE l -1 x
        INCR l
        DECR l
        INCRBY l 5
        INCRBY l x
        DECRBY l 5
        DECRBY l -9223372036854775808
        INCRBYFLOAT l 1.5
        INCRBYFLOAT l x
        LCS l a
        LCS a l LEN
        LCS l a BADOPT
        SETBIT l 0 1
        SETBIT l -1 1
        SETBIT l 0 5
        GETBIT l 0
        GETBIT l -1
        BITCOUNT l
        BITCOUNT l 0
        BITCOUNT l a b
        BITPOS l 1
        BITPOS l 5
        BITPOS l 1 a
        BITOP AND d a l
        BITOP NOT d l
        BITOP BAD d l
        BITFIELD l GET u8 0
        BITFIELD l SET u8 0 1
        BITFIELD l GET u64 0
        BITFIELD l
        BITFIELD_RO l GET u8 0
        BITFIELD_RO l SET u8 0 1
        SET a x
        BITOP OR l a
        GET l
        """;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void wrongTypeRepliesMatchRealRedis() {
        LocalNode node = new LocalNode(SystemClock.INSTANCE);
        List<String> differences = new ArrayList<>();
        try (RawClient real = new RawClient(redis.port())) {
            real.call("RPUSH", "l", "a", "b");
            ListValue list = new ListValue(-2);
            node.server.keyspace().db(0).add("l".getBytes(StandardCharsets.ISO_8859_1), list);
            for (String line : SCRIPT.strip().split("\n")) {
                List<byte[]> args = ArgSplitter.split(line.strip().getBytes(StandardCharsets.UTF_8));
                String realReply = new String(real.callRaw(args), StandardCharsets.ISO_8859_1);
                String ourReply = new String(node.callRaw(args.toArray(new byte[0][])), StandardCharsets.ISO_8859_1);
                String realType = ((RespValue.Simple) real.call("TYPE", "l")).text();
                Entry e = node.entry("l");
                String ourType = e == null ? "none" : Values.typeName(e.value());
                if (!realReply.equals(ourReply) || !realType.equals(ourType)) {
                    differences.add(line + ": redis " + realReply.strip() + " (" + realType + ") hashslot "
                        + ourReply.strip() + " (" + ourType + ")");
                }
            }
        }
        assertThat(differences).isEmpty();
    }
}
