package io.hashslot.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's redis-cli against a node: one-shot commands (raw output, since stdout is not a terminal, and --no-raw
 * formatting) and --pipe mass insertion. Every invocation is also run against a real redis-server when one is
 * installed, and the two outputs must be identical.
 */
class RedisCliTest {
    private static TestNode node;
    private static RealRedis redis;

    @BeforeAll
    static void start() {
        assumeTrue(RedisCli.available(), RedisCli.unavailableMessage());
        node = TestNode.start();
        if (RealRedis.available()) {
            redis = RealRedis.start();
        }
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

    @BeforeEach
    void flush() {
        flushAll(node.port());
        if (redis != null) {
            flushAll(redis.port());
        }
    }

    private static void flushAll(int port) {
        try (RawClient c = new RawClient(port)) {
            c.call("FLUSHALL");
        }
    }

    /** Runs redis-cli against the node (and real Redis, when present) and returns the node's output. */
    private static RedisCli.Result cli(String... args) {
        RedisCli.Result ours = RedisCli.run(node.port(), args);
        if (redis != null) {
            RedisCli.Result theirs = RedisCli.run(redis.port(), args);
            assertThat(ours).as("redis-cli %s: Hashslot vs redis-server", List.of(args)).isEqualTo(theirs);
        }
        return ours;
    }

    @Test
    void oneShotCommandsInRawMode() {
        assertThat(cli("set", "k", "v")).isEqualTo(new RedisCli.Result(0, "OK\n", ""));
        assertThat(cli("get", "k").stdout()).isEqualTo("v\n");
        assertThat(cli("get", "missing").stdout()).isEqualTo("\n");
        assertThat(cli("exists", "k", "k", "missing").stdout()).isEqualTo("2\n");
        assertThat(cli("ping").stdout()).isEqualTo("PONG\n");
        assertThat(cli("echo", "two words").stdout()).isEqualTo("two words\n");
        assertThat(cli("dbsize").stdout()).isEqualTo("1\n");
        assertThat(cli("del", "k", "missing").stdout()).isEqualTo("1\n");
        assertThat(cli("-n", "3", "set", "in3", "x").stdout()).isEqualTo("OK\n");
        assertThat(cli("-n", "3", "dbsize").stdout()).isEqualTo("1\n");
        assertThat(cli("dbsize").stdout()).isEqualTo("0\n");
    }

    @Test
    void errorReplies() {
        RedisCli.Result unknown = cli("nosuchcmd", "a", "b");
        assertThat(unknown.stdout())
            .isEqualTo("ERR unknown command 'nosuchcmd', with args beginning with: 'a' 'b' \n\n");
        assertThat(unknown.exitCode()).isZero();
        assertThat(cli("set", "k").stdout()).isEqualTo("ERR wrong number of arguments for 'set' command\n\n");
        assertThat(cli("select", "20").stdout()).isEqualTo("ERR DB index is out of range\n\n");
        assertThat(cli("--no-raw", "set", "k").stdout())
            .isEqualTo("(error) ERR wrong number of arguments for 'set' command\n");
        assertThat(cli("--no-raw", "exec").stdout()).isEqualTo("(error) ERR EXEC without MULTI\n");
    }

    @Test
    void noRawFormatting() {
        cli("set", "k", "v");
        cli("set", "bin", "x\ty\u0001\"q\"");
        assertThat(cli("--no-raw", "get", "k").stdout()).isEqualTo("\"v\"\n");
        assertThat(cli("--no-raw", "get", "missing").stdout()).isEqualTo("(nil)\n");
        assertThat(cli("--no-raw", "exists", "k", "k", "missing").stdout()).isEqualTo("(integer) 2\n");
        assertThat(cli("--no-raw", "get", "bin").stdout()).isEqualTo("\"x\\ty\\x01\\\"q\\\"\"\n");
        assertThat(cli("--no-raw", "set", "k", "w").stdout()).isEqualTo("OK\n");
        assertThat(cli("--no-raw", "ping").stdout()).isEqualTo("PONG\n");
        assertThat(cli("--no-raw", "-3", "ping").stdout()).isEqualTo("PONG\n");
        assertThat(cli("--no-raw", "-3", "get", "missing").stdout()).isEqualTo("(nil)\n");
    }

    @Test
    void pipeMassInsertionOfOneHundredThousandSets() {
        int n = 100_000;
        ByteArrayOutputStream in = new ByteArrayOutputStream(n * 48);
        for (int i = 0; i < n; i++) {
            writeCommand(in, "SET", "key:" + i, "value:" + i);
        }
        RedisCli.Result r = RedisCli.run(node.port(), in.toByteArray(), "--pipe");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("All data transferred.").endsWith("errors: 0, replies: 100000\n");
        try (RawClient c = node.client()) {
            assertThat(c.callRawString("DBSIZE")).isEqualTo(":100000\r\n");
            assertThat(c.callRawString("GET", "key:99999")).isEqualTo("$11\r\nvalue:99999\r\n");
            assertThat(c.callRawString("GET", "key:0")).isEqualTo("$7\r\nvalue:0\r\n");
        }
    }

    @Test
    void pipeCountsErrorReplies() {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            writeCommand(in, "SET", "k" + i, "v");
            if (i % 100 == 0) {
                writeCommand(in, "SET", "only-a-key");
            }
        }
        RedisCli.Result ours = RedisCli.run(node.port(), in.toByteArray(), "--pipe");
        assertThat(ours.exitCode()).isEqualTo(1);
        assertThat(ours.stdout()).endsWith("errors: 10, replies: 1010\n");
        assertThat(ours.stderr()).contains("ERR wrong number of arguments for 'set' command");
        if (redis != null) {
            RedisCli.Result theirs = RedisCli.run(redis.port(), in.toByteArray(), "--pipe");
            assertThat(ours).isEqualTo(theirs);
        }
    }

    private static void writeCommand(ByteArrayOutputStream out, String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
