package io.hashslot.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The special modes against real redis-server, compared with redis-cli: --pipe mass insertion, --scan, --bigkeys,
 * --memkeys, piped-stdin sessions (the REPL without a terminal), option errors, --stat and --latency formats.
 */
class ModesComparisonTest {
    private static RedisServerProcess serverA;
    private static RedisServerProcess serverB;

    @BeforeAll
    static void servers() {
        RedisServerProcess.assumeAvailable();
        serverA = RedisServerProcess.start();
        serverB = RedisServerProcess.start();
    }

    @AfterAll
    static void stop() {
        if (serverA != null) {
            serverA.close();
        }
        if (serverB != null) {
            serverB.close();
        }
    }

    private static List<String> args(RedisServerProcess s, String... rest) {
        List<String> a = new ArrayList<>(List.of("-p", String.valueOf(s.port())));
        a.addAll(List.of(rest));
        return a;
    }

    private static String masked(CliRun r, RedisServerProcess s) {
        return ("stdout=[" + r.out() + "]\nstderr=[" + r.err() + "]\nexit=" + r.exitCode())
            .replace(String.valueOf(s.port()), "<port>");
    }

    /** Runs both CLIs, redis-cli on server A and ours on server B, and expects identical results. */
    private static CliRun same(byte[] stdin, String... rest) {
        CliRun expected = CliRun.redis(args(serverA, rest), stdin, false, Map.of());
        CliRun actual = CliRun.ours(args(serverB, rest), stdin, false, Map.of());
        assertThat(masked(actual, serverB)).isEqualTo(masked(expected, serverA));
        return actual;
    }

    /** Runs both CLIs against the same server (for read-only modes whose output follows the SCAN order). */
    private static CliRun sameServer(RedisServerProcess s, String... rest) {
        CliRun expected = CliRun.redis(args(s, rest), new byte[0], false, Map.of());
        CliRun actual = CliRun.ours(args(s, rest), new byte[0], false, Map.of());
        assertThat(actual.out()).isEqualTo(expected.out());
        assertThat(actual.err()).isEqualTo(expected.err());
        assertThat(actual.exitCode()).isEqualTo(expected.exitCode());
        return actual;
    }

    @Test
    void pipeMassInsertion() throws Exception {
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            proto.write(resp("SET", "key:" + i, "value-" + i));
        }
        proto.write(resp("INCR", "key:1"));
        proto.write(resp("RPUSH", "mylist", "a", "b", "c"));
        proto.write(resp("LPUSH", "key:2", "x"));
        byte[] input = proto.toByteArray();
        CliRun expected = CliRun.redis(args(serverA, "--pipe"), input, false, Map.of());
        CliRun ours = CliRun.ours(args(serverB, "--pipe"), input, false, Map.of());
        assertThat(expected.out()).isEqualTo("All data transferred. Waiting for the last reply...\n"
            + "Last reply received from server.\nerrors: 2, replies: " + (n + 3) + "\n");
        assertThat(ours.out()).isEqualTo(expected.out());
        assertThat(ours.err()).isEqualTo(expected.err());
        assertThat(ours.exitCode()).isEqualTo(expected.exitCode()).isEqualTo(1);
        assertThat(serverB.call("DBSIZE")).isEqualTo(":" + (n + 1) + "\r\n");
        assertThat(serverB.call("GET key:19999")).isEqualTo("$11\r\n");
        assertThat(CliRun.ours(args(serverB, "get", "key:19999").toArray(new String[0])).out())
            .isEqualTo("value-19999\n");

        byte[] clean = resp("SET", "clean", "1");
        CliRun ok = CliRun.ours(args(serverB, "--pipe"), clean, false, Map.of());
        assertThat(ok.out()).endsWith("errors: 0, replies: 1\n");
        assertThat(ok.exitCode()).isZero();
        same(new byte[0], "flushall");
    }

    @Test
    void scanBigkeysAndMemkeysMatchRedisCliOnTheSameData() throws Exception {
        ByteArrayOutputStream proto = new ByteArrayOutputStream();
        for (int i = 0; i < 300; i++) {
            proto.write(resp("SET", "str:" + i, "x".repeat(i % 37)));
        }
        proto.write(resp("RPUSH", "list:1", "a", "b", "c", "d"));
        proto.write(resp("RPUSH", "list:2", "a"));
        proto.write(resp("HSET", "hash:1", "f", "v", "g", "w"));
        proto.write(resp("SADD", "set:1", "m", "n"));
        proto.write(resp("ZADD", "zset:1", "1", "a"));
        proto.write(resp("XADD", "stream:1", "1-1", "a", "1"));
        proto.write(resp("SET", "bin\n\u0001key", "v"));
        CliRun load = CliRun.ours(args(serverA, "--pipe"), proto.toByteArray(), false, Map.of());
        assertThat(load.exitCode()).isZero();
        // let the server finish rehashing its key table so SCAN returns the same order run after run
        String previous = "";
        for (int i = 0; i < 50; i++) {
            String now = CliRun.redis(args(serverA, "--scan"), new byte[0], false, Map.of()).out();
            if (now.equals(previous)) {
                break;
            }
            previous = now;
            RedisServerProcess.sleep(150);
        }

        sameServer(serverA, "--scan");
        sameServer(serverA, "--scan", "--pattern", "list:*");
        sameServer(serverA, "--no-raw", "--scan");
        sameServer(serverA, "--scan", "--pattern", "nomatch*");
        CliRun big = sameServer(serverA, "--bigkeys");
        assertThat(big.out()).contains("Biggest   list found '\"list:1\"' has 4 items")
            .contains("307 keys in the keyspace");
        sameServer(serverA, "--bigkeys", "--pattern", "str:1*");
        sameServer(serverA, "--memkeys");
        sameServer(serverA, "-n", "5", "--bigkeys");

        // our --count extension: every key still listed once
        CliRun counted = CliRun.ours(args(serverA, "--no-raw", "--scan", "--count", "1000")
            .toArray(new String[0]));
        assertThat(counted.out().split("\n")).hasSize(307).contains("\"bin\\n\\x01key\"", "\"list:1\"");
        serverA.call("FLUSHALL");
    }

    @Test
    void pipedStdinSessionMatchesRedisCli() {
        String script = String.join("\n",
            "set a 1", "get a", "select 2", "get a", "lpush x", "\"unbalanced", "", "   ", "3 incr z", "0 incr z",
            "-1 incr z", "help get", "help set", "help @hyperloglog", "help client kill", "help nosuchcommand",
            ":set hints", ":set other", ":bogus", "restart", "multi", "incr z", "exec", "multi", "discard",
            "connect 127.0.0.1 " + "<PORT>", "get a", "select 1", "\"quoted arg\" x", "set \"a b\" 'c d'",
            "get \"a b\"", "ping", "quit", "get a") + "\n";
        for (String mode : List.of("--raw", "--no-raw", "--csv")) {
            byte[] inA = script.replace("<PORT>", String.valueOf(serverA.port())).getBytes(StandardCharsets.UTF_8);
            byte[] inB = script.replace("<PORT>", String.valueOf(serverB.port())).getBytes(StandardCharsets.UTF_8);
            CliRun expected = CliRun.redis(args(serverA, mode), inA, false, Map.of());
            CliRun actual = CliRun.ours(args(serverB, mode), inB, false, Map.of());
            assertThat(masked(actual, serverB)).isEqualTo(masked(expected, serverA)
                .replace("unknown redis-cli", "unknown hashslot-cli").replace(".redisclirc", ".hashslotclirc"));
        }
        same(new byte[0], "flushall");
    }

    @Test
    void optionErrorsAndConnectionFailuresMatchRedisCli() {
        same(new byte[0], "--bogus", "get", "a");
        same(new byte[0], "-p");
        same(new byte[0], "-2", "-3", "ping");
        same(new byte[0], "-x", "-X", "t", "ping");
        same(new byte[0], "--show-pushes", "maybe", "ping");
        same(new byte[0], "-u", "http://x", "ping");
        same(new byte[0], "-u", "redis://%zz@127.0.0.1", "ping");
        same(new byte[0], "-X", "NOPE", "get", "a");
        // reply types redis-cli 7.0 (hiredis) cannot handle: a big number, an attribute
        same(new byte[0], "-3", "--no-raw", "debug", "protocol", "bignum");
        same(new byte[0], "-3", "--raw", "debug", "protocol", "bignum");
        same(new byte[0], "-3", "--csv", "debug", "protocol", "bignum");
        same(new byte[0], "-3", "--no-raw", "debug", "protocol", "attrib");
        same("debug protocol attrib\nping\n".getBytes(StandardCharsets.UTF_8), "-3");
        int closed = RedisServerProcess.freePort();
        for (String[] a : new String[][] {{"ping"}, {"-e", "ping"}, {"--scan"}, {"--bigkeys"}, {"--pipe"}}) {
            List<String> full = new ArrayList<>(List.of("-p", String.valueOf(closed)));
            full.addAll(List.of(a));
            CliRun expected = CliRun.redis(full, new byte[0], false, Map.of());
            CliRun actual = CliRun.ours(full, new byte[0], false, Map.of());
            assertThat(actual.out()).isEqualTo(expected.out());
            assertThat(actual.err()).isEqualTo(expected.err());
            assertThat(actual.exitCode()).isEqualTo(expected.exitCode()).isEqualTo(1);
        }
        CliRun uri = CliRun.ours("-u", "redis://127.0.0.1:" + serverB.port() + "/4", "--no-raw", "set", "u", "1");
        assertThat(uri.out()).isEqualTo("OK\n");
        assertThat(CliRun.ours("-p", String.valueOf(serverB.port()), "-n", "4", "get", "u").out()).isEqualTo("1\n");
        CliRun pw = CliRun.ours("-u", "redis://user:p%40ss@127.0.0.1:" + serverB.port(), "ping");
        assertThat(pw.err()).startsWith("Warning: Using a password with '-a' or '-u' option on the command line"
            + " interface may not be safe.\nAUTH failed: ");
        CliRun help = CliRun.ours("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: hashslot-cli [OPTIONS] [cmd [arg [arg ...]]]").contains("--pipe");
        assertThat(CliRun.ours("-h").out()).isEqualTo(help.out());
        CliRun version = CliRun.ours("-v");
        assertThat(version.out()).startsWith("hashslot-cli ").endsWith("\n");
        assertThat(version.exitCode()).isZero();
        same(new byte[0], "flushall");
    }

    @Test
    void askpassAndUnixSocket() {
        CliRun asked = same("wrong-password\nrest".getBytes(StandardCharsets.UTF_8), "--askpass", "ping");
        assertThat(asked.err()).startsWith("AUTH failed: ");
        // redis-cli's stdio buffering swallows the rest of stdin here (it sends ""); we keep it for -x
        CliRun withX = CliRun.ours(args(serverB, "--askpass", "-x", "--no-raw", "echo"),
            "pw\nlast argument".getBytes(StandardCharsets.UTF_8), false, Map.of());
        assertThat(withX.out()).isEqualTo("\"last argument\"\n");

        try (RedisServerProcess sock = RedisServerProcess.start("--unixsocket", "redis.sock")) {
            String path = sock.dir().resolve("redis.sock").toString();
            for (List<String> a : List.of(List.of("-s", path, "--no-raw", "rpush", "l", "x", "y"),
                List.of("-s", path, "--no-raw", "lrange", "l", "0", "-1"), List.of("-s", path + ".missing", "ping"),
                List.of("-s", path, "-c", "ping"))) {
                CliRun expected = CliRun.redis(a, new byte[0], false, Map.of());
                if (a.contains("rpush")) {
                    CliRun.redis(List.of("-s", path, "del", "l"), new byte[0], false, Map.of());
                }
                CliRun actual = CliRun.ours(a, new byte[0], false, Map.of());
                assertThat(actual.out()).isEqualTo(expected.out());
                assertThat(actual.err()).isEqualTo(expected.err());
                assertThat(actual.exitCode()).isEqualTo(expected.exitCode());
            }
        }
    }

    @Test
    void latencyAndStatPrintRedisCliFormats() {
        CliRun raw = CliRun.ours("-p", String.valueOf(serverB.port()), "--latency", "-i", "0.3");
        assertThat(raw.out()).matches("\\d+ \\d+ \\d+\\.\\d\\d \\d+\n");
        assertThat(raw.exitCode()).isZero();
        CliRun csv = CliRun.ours("-p", String.valueOf(serverB.port()), "--latency", "--csv", "-i", "0.2");
        assertThat(csv.out()).matches("\\d+,\\d+,\\d+\\.\\d\\d,\\d+\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CliIo io = new CliIo(new java.io.ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream(),
            Map.of(), false, false);
        CliOptions o = CliOptions.parse(new String[] {"-p", String.valueOf(serverB.port()), "-i", "0.05"}, io);
        Session s = new Session(o, io);
        assertThat(s.connect(false, false)).isTrue();
        StatMode.run(s, 3);
        String[] lines = out.toString(StandardCharsets.ISO_8859_1).split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).isEqualTo("------- data ------ --------------------- load -------------------- - child -");
        assertThat(lines[1]).isEqualTo("keys       mem      clients blocked requests            connections          ");
        assertThat(lines[2]).matches("\\d+ {2,}\\d+\\.\\d\\dM +\\d+ +\\d+ +\\d+ \\(\\+0\\) +\\d+ +");
        assertThat(lines[3]).matches("\\d+ {2,}\\d+\\.\\d\\dM +\\d+ +\\d+ +\\d+ \\(\\+1\\) +\\d+ +");
        assertThat(lines[2].substring(0, 11)).isEqualTo(String.format("%-11s", lines[2].split(" ")[0]));
        assertThat(StatMode.bytesToHuman(100)).isEqualTo("100B");
        assertThat(StatMode.bytesToHuman(1536)).isEqualTo("1.50K");
        assertThat(StatMode.bytesToHuman(-3L * 1024 * 1024 * 1024)).isEqualTo("-3.00G");
    }

    static byte[] resp(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(new String(b, StandardCharsets.ISO_8859_1))
                .append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
