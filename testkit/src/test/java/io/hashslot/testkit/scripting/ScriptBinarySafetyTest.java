package io.hashslot.testkit.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every byte value survives the trip client → KEYS/ARGV → Lua → redis.call → keyspace → redis.call reply → Lua →
 * script reply, alone and in long strings, in flat and nested replies, and through cjson, cmsgpack and struct.
 */
class ScriptBinarySafetyTest {
    private static TestNode node;
    private static RawClient c;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        c = node.client();
    }

    @AfterAll
    static void stop() {
        c.close();
        node.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bulk(byte[] v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b("$" + v.length + "\r\n"));
        out.writeBytes(v);
        out.writeBytes(b("\r\n"));
        return out.toByteArray();
    }

    private static byte[] call(byte[]... args) {
        return c.callRaw(List.of(args));
    }

    private static byte[] allBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    @Test
    void eachByteValueAloneComesBackFromArgvAndFromTheKeyspace() {
        for (int i = 0; i < 256; i++) {
            byte[] one = {(byte) i};
            assertThat(call(b("EVAL"), b("return ARGV[1]"), b("0"), one)).as("byte %d", i).isEqualTo(bulk(one));
            assertThat(call(b("EVAL"), b("redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])"),
                b("1"), b("k" + i), one)).as("byte %d via SET/GET", i).isEqualTo(bulk(one));
            assertThat(call(b("EVAL"), b("return string.byte(ARGV[1])"), b("0"), one)).isEqualTo(b(":" + i + "\r\n"));
            assertThat(call(b("EVAL"), b("return string.char(tonumber(ARGV[1]))"), b("0"), b(String.valueOf(i))))
                .isEqualTo(bulk(one));
        }
    }

    @Test
    void allByteValuesInOneStringKeyAndValue() {
        byte[] all = allBytes();
        assertThat(call(b("EVAL"), b("return redis.call('set', KEYS[1], ARGV[1])"), b("1"), all, all))
            .isEqualTo(b("+OK\r\n"));
        assertThat(call(b("GET"), all)).isEqualTo(bulk(all));
        assertThat(call(b("EVAL"), b("return redis.call('get', KEYS[1])"), b("1"), all)).isEqualTo(bulk(all));
        assertThat(call(b("EVAL"), b("local v = redis.call('get', KEYS[1]) if #v ~= 256 then return #v end "
            + "for i = 0, 255 do if string.byte(v, i + 1) ~= i then return i end end return 'same'"), b("1"), all))
            .isEqualTo(bulk(b("same")));
        assertThat(call(b("EVAL"), b("return KEYS[1] == ARGV[1]"), b("1"), all, all)).isEqualTo(b(":1\r\n"));
        assertThat(call(b("EVAL"), b("local s = '' for i = 0, 255 do s = s .. string.char(i) end return s"),
            b("0"))).isEqualTo(bulk(all));
        assertThat(call(b("EVAL"), b("return redis.sha1hex(ARGV[1])"), b("0"), all))
            .isEqualTo(bulk(b(io.hashslot.commands.script.Sha1.hex(all))));
    }

    @Test
    void flatAndNestedRepliesOfBinaryStrings() {
        List<byte[]> args = new ArrayList<>(List.of(b("EVAL"), b("return ARGV"), b("0")));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(b("*256\r\n"));
        for (int i = 0; i < 256; i++) {
            byte[] v = {(byte) i, (byte) (255 - i), 0};
            args.add(v);
            expected.writeBytes(bulk(v));
        }
        assertThat(c.callRaw(args)).isEqualTo(expected.toByteArray());
        // MSET then MGET inside the script: the flat array reply is built by one bytecode chunk
        List<byte[]> mset = new ArrayList<>(List.of(b("EVAL"), b("redis.call('mset', unpack(ARGV)) "
            + "local keys = {} for i = 1, #ARGV, 2 do keys[#keys + 1] = ARGV[i] end "
            + "return {redis.call('mget', unpack(keys)), 'tail\\0\\255'}"), b("0")));
        ByteArrayOutputStream values = new ByteArrayOutputStream();
        values.writeBytes(b("*2\r\n*256\r\n"));
        for (int i = 0; i < 256; i++) {
            byte[] key = {'k', (byte) i};
            byte[] v = {(byte) i, 0, (byte) i};
            mset.add(key);
            mset.add(v);
            values.writeBytes(bulk(v));
        }
        values.writeBytes(bulk(new byte[] {'t', 'a', 'i', 'l', 0, (byte) 255}));
        assertThat(c.callRaw(mset)).isEqualTo(values.toByteArray());
    }

    @Test
    void largeRandomValuesRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int size : new int[] {255, 256, 65_535, 65_536, 1 << 20, (1 << 20) + 7}) {
            byte[] v = new byte[size];
            for (int i = 0; i < size; i++) {
                v[i] = (byte) rnd.nextInt(256);
            }
            assertThat(call(b("EVAL"), b("redis.call('set', KEYS[1], ARGV[1]) local g = redis.call('get', KEYS[1]) "
                + "return {g == ARGV[1] and 1 or 0, #g, g}"), b("1"), b("big"), v))
                .isEqualTo(concat(b("*3\r\n:1\r\n:" + size + "\r\n"), bulk(v)));
        }
    }

    private static byte[] concat(byte[] a, byte[] bb) {
        byte[] out = new byte[a.length + bb.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(bb, 0, out, a.length, bb.length);
        return out;
    }

    @Test
    void librariesKeepBytes() {
        byte[] all = allBytes();
        assertThat(call(b("EVAL"), b("return cjson.decode(cjson.encode(ARGV[1])) == ARGV[1]"), b("0"), all))
            .isEqualTo(b(":1\r\n"));
        assertThat(call(b("EVAL"), b("return cjson.decode(cjson.encode({ARGV[1]}))[1]"), b("0"), all))
            .isEqualTo(bulk(all));
        assertThat(call(b("EVAL"), b("return cmsgpack.unpack(cmsgpack.pack({ARGV[1]}))[1]"), b("0"), all))
            .isEqualTo(bulk(all));
        assertThat(call(b("EVAL"), b("return struct.unpack('c256', struct.pack('c256', ARGV[1]))"), b("0"), all))
            .isEqualTo(bulk(all));
        assertThat(call(b("EVAL"), b("return {ok = ARGV[1]}"), b("0"), b("st\u00e9tus")))
            .isEqualTo(b("+st\u00e9tus\r\n"));
        assertThat(call(b("EVAL"), b("return redis.error_reply(ARGV[1])"), b("0"), b("CODE \u00ff\u0080")))
            .isEqualTo(b("-CODE \u00ff\u0080\r\n"));
        RespValue v = c.call("EVAL", "return cjson.encode({k = '\u00e9'})", "0");
        assertThat(((RespValue.Bulk) v).bytes()).isEqualTo("{\"k\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8));
    }
}
