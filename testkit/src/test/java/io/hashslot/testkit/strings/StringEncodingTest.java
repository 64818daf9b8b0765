package io.hashslot.testkit.strings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.common.ArgSplitter;
import io.hashslot.common.SystemClock;
import io.hashslot.protocol.RespValue;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After every command of a script, compares the object encoding (OBJECT ENCODING) and whether the key has a
 * time to live (PTTL's sign) of the key the command wrote, between a real redis-server and Hashslot's store.
 */
class StringEncodingTest {
    private static RealRedis redis;

    private static final String SCRIPT = """
        SET k 123
        SET k -9223372036854775808
        SET k 9223372036854775808
        SET k 0123
        SET k abc
        SET k 12345678901234567890123456789012345678901234
        SET k 123456789012345678901234567890123456789012345
        SET k ""
        SET k 1 EX 100
        SET k 2 KEEPTTL
        SET k 3
        SETNX n 10
        SETEX k 100 20
        PSETEX k 100000 abc
        GETSET k 42
        GETSET k 42.5
        MSET a 1 b xyz c 99999999999999999999
        MSETNX d 5 e 6
        APPEND ap 123
        APPEND ap 4
        APPEND ap2 abc
        APPEND ap2 def
        SET sr 1234
        SETRANGE sr 0 ""
        SETRANGE sr 0 9
        SETRANGE sr2 2 ab
        SET i 10 EX 100
        INCR i
        INCRBY i 100000
        DECRBY i 100000000
        DECR i
        INCR newi
        SET i2 12345678901234567890123456789012345678901234567890
        APPEND i2 ""
        INCRBYFLOAT f 1
        INCRBYFLOAT f 1.5
        INCRBYFLOAT f 0.5
        INCR f
        INCRBYFLOAT f 12345678901234567890
        INCRBYFLOAT f 1e30
        SET f 5 EX 100
        INCRBYFLOAT f 1
        APPEND f x
        SET sb 1
        SETBIT sb 0 0
        SETBIT sb2 10 1
        SET bf 1
        BITFIELD bf GET u8 0
        BITFIELD bf SET u8 0 49
        SET bo 12
        BITOP NOT bo bo
        BITOP OR bo2 sb
        SET g 7 EX 100
        GETEX g PERSIST
        GETEX g EX 100
        GETEX g
        GETDEL g
        SET bt 1 EX 100
        BITOP AND bt sb
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
    void encodingsAndTtlsMatchRealRedis() {
        LocalNode node = new LocalNode(SystemClock.INSTANCE);
        List<String> differences = new ArrayList<>();
        try (RawClient real = new RawClient(redis.port())) {
            for (String line : SCRIPT.strip().split("\n")) {
                List<byte[]> args = ArgSplitter.split(line.strip().getBytes(StandardCharsets.UTF_8));
                byte[] realReply = real.callRaw(args);
                byte[] ourReply = node.callRaw(args.toArray(new byte[0][]));
                String key = new String(args.get(args.get(0).length == 5
                    && new String(args.get(0)).equalsIgnoreCase("bitop") ? 2 : 1), StandardCharsets.ISO_8859_1);
                String realState = realState(real, key);
                String ourState = ourState(node, key);
                if (!java.util.Arrays.equals(realReply, ourReply) || !realState.equals(ourState)) {
                    differences.add(line + ": redis " + realState + " hashslot " + ourState);
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    private static String realState(RawClient c, String key) {
        RespValue enc = c.call("OBJECT", "ENCODING", key);
        if (enc instanceof RespValue.Null) {
            return "missing";
        }
        long pttl = ((RespValue.Int) c.call("PTTL", key)).value();
        return ((RespValue.Bulk) enc).text() + (pttl >= 0 ? " volatile" : " persistent");
    }

    private static String ourState(LocalNode node, String key) {
        Entry e = node.entry(key);
        if (e == null) {
            return "missing";
        }
        return Values.encoding(e.value()) + (e.expireAt() >= 0 ? " volatile" : " persistent");
    }
}
