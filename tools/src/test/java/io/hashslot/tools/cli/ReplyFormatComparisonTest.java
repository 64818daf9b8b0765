package io.hashslot.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs Debian's redis-cli and hashslot-cli with the same ~110 commands under several output modes (raw, --no-raw,
 * FAKETTY terminal format, --csv, --json, RESP2 and RESP3) and compares stdout, stderr and the exit code byte for
 * byte. Each CLI talks to its own real redis-server; both servers receive the same command sequence, so their
 * replies are the same and any difference is the CLI's.
 */
class ReplyFormatComparisonTest {
    private static RedisServerProcess serverA;
    private static RedisServerProcess serverB;

    /** The commands, in order; each runs once per mode on each server. */
    static final List<List<String>> COMMANDS = List.of(
        List.of("set", "foo", "bar"),
        List.of("get", "foo"),
        List.of("get", "nosuchkey"),
        List.of("set", "sp ace", "va\"l\\ue'"),
        List.of("get", "sp ace"),
        List.of("set", "bin", "a\nb\tc\r\u0001\u007f\u0007\bz"),
        List.of("get", "bin"),
        List.of("set", "utf", "h\u00e9llo w\u00f6rld \u2603"),
        List.of("get", "utf"),
        List.of("append", "foo", "xyz"),
        List.of("strlen", "foo"),
        List.of("incr", "counter"),
        List.of("incrby", "counter", "10"),
        List.of("decr", "counter"),
        List.of("incrbyfloat", "fl", "1.5"),
        List.of("mset", "k1", "v1", "k2", "v2", "k3", "v3"),
        List.of("mget", "k1", "k2", "nosuch", "k3"),
        List.of("getrange", "foo", "0", "2"),
        List.of("setrange", "foo", "1", "ZZ"),
        List.of("rpush", "list", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"),
        List.of("lrange", "list", "0", "-1"),
        List.of("lrange", "list", "0", "2"),
        List.of("llen", "list"),
        List.of("lrange", "nosuch", "0", "-1"),
        List.of("lpos", "list", "c"),
        List.of("lpush", "foo", "x"),
        List.of("sadd", "intset", "1", "2", "3"),
        List.of("smembers", "intset"),
        List.of("sadd", "sset", "a"),
        List.of("smembers", "sset"),
        List.of("sismember", "intset", "2"),
        List.of("smembers", "nosuch"),
        List.of("sinter", "intset", "sset"),
        List.of("hset", "hash", "f1", "v1", "f2", "v2", "f3", "v3"),
        List.of("hgetall", "hash"),
        List.of("hget", "hash", "f1"),
        List.of("hmget", "hash", "f1", "nosuch"),
        List.of("hkeys", "hash"),
        List.of("hgetall", "nosuch"),
        List.of("zadd", "z", "1", "a", "2", "b", "3.5", "c"),
        List.of("zrange", "z", "0", "-1", "withscores"),
        List.of("zrange", "z", "0", "-1"),
        List.of("zscore", "z", "c"),
        List.of("zscore", "z", "nosuch"),
        List.of("zincrby", "z", "0.25", "a"),
        List.of("zrangebyscore", "z", "-inf", "+inf", "withscores", "limit", "0", "2"),
        List.of("zrank", "z", "b"),
        List.of("zrange", "nosuch", "0", "-1"),
        List.of("zpopmin", "z"),
        List.of("exists", "foo", "nosuch"),
        List.of("del", "k3"),
        List.of("type", "list"),
        List.of("type", "nosuch"),
        List.of("ttl", "foo"),
        List.of("persist", "foo"),
        List.of("rename", "k1", "k1new"),
        List.of("keys", "k1*"),
        List.of("xadd", "stream", "1-1", "a", "1", "b", "2"),
        List.of("xadd", "stream", "2-1", "c", "3"),
        List.of("xrange", "stream", "-", "+"),
        List.of("xlen", "stream"),
        List.of("xread", "count", "1", "streams", "stream", "0"),
        List.of("xinfo", "stream", "stream"),
        List.of("object", "encoding", "list"),
        List.of("config", "get", "maxmemory-policy"),
        List.of("exec"),
        List.of("ping"),
        List.of("ping", "hello world"),
        List.of("echo", ""),
        List.of("echo", "with\nnewline"),
        List.of("unknowncommand", "foo"),
        List.of("get"),
        List.of("select", "100"),
        List.of("dbsize"),
        List.of("debug", "protocol", "string"),
        List.of("debug", "protocol", "integer"),
        List.of("debug", "protocol", "double"),
        List.of("debug", "protocol", "null"),
        List.of("debug", "protocol", "array"),
        List.of("debug", "protocol", "set"),
        List.of("debug", "protocol", "map"),
        List.of("debug", "protocol", "true"),
        List.of("debug", "protocol", "false"),
        List.of("debug", "protocol", "verbatim"),
        List.of("debug", "protocol", "push"),
        List.of("client", "getname"),
        List.of("command", "count"),
        List.of("command", "info", "get", "set"),
        List.of("command", "docs", "get"),
        List.of("command", "getkeys", "set", "a", "b"),
        List.of("sort", "list", "alpha", "limit", "0", "3"),
        List.of("setbit", "bits", "7", "1"),
        List.of("get", "bits"),
        List.of("bitcount", "foo"),
        List.of("pfadd", "hll", "a", "b", "c"),
        List.of("pfcount", "hll"),
        List.of("geoadd", "geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
        List.of("geopos", "geo", "Palermo", "nosuch"),
        List.of("geodist", "geo", "Palermo", "Catania"),
        List.of("geosearch", "geo", "fromlonlat", "15", "37", "byradius", "200", "km", "asc", "withcoord",
            "withdist"),
        List.of("eval", "return {1,2,{3,'x',{}},'y'}", "0"),
        List.of("eval", "return redis.error_reply('my error')", "0"),
        List.of("eval", "return redis.status_reply('FINE')", "0"),
        List.of("eval", "return 3.99", "0"),
        List.of("eval", "return true", "0"),
        List.of("eval", "return false", "0"),
        List.of("eval", "redis.setresp(3); return redis.call('hgetall', 'hash')", "0"),
        List.of("eval", "redis.setresp(3); return redis.call('smembers', 'intset')", "0"),
        List.of("eval", "return {double=3.25}", "0"),
        List.of("object", "help"),
        List.of("hello", "2", "setname", "x", "auth"),
        List.of("getdel", "k2"),
        List.of("info", "errorstats"),
        List.of("latency", "doctor"),
        List.of("flushall"));

    /** Output modes: each entry is the options put before the command. */
    static final List<List<String>> MODES = List.of(
        List.of(),
        List.of("--no-raw"),
        List.of("--csv"),
        List.of("-3"),
        List.of("-3", "--no-raw"),
        List.of("-3", "--csv"),
        List.of("--json"),
        List.of("-2", "--quoted-json"));

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

    @Test
    void everyCommandPrintsTheSameInEveryModeAsRedisCli() {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (List<String> mode : MODES) {
            for (List<String> command : COMMANDS) {
                compared += compare(mode, command, false, mismatches);
            }
        }
        // the terminal format as redis-cli prints it to a tty (FAKETTY also turns push output on)
        for (List<String> mode : List.of(List.<String>of(), List.of("-3"))) {
            for (List<String> command : COMMANDS) {
                compared += compare(mode, command, true, mismatches);
            }
        }
        assertThat(compared).isGreaterThan(1000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void delimitersRepeatAndStdinArgument() {
        List<String> mismatches = new ArrayList<>();
        compare(List.of("-r", "3"), List.of("incr", "rep"), false, mismatches);
        compare(List.of("-r", "2", "-i", "0.01", "--no-raw"), List.of("incr", "rep"), false, mismatches);
        compare(List.of("-d", ", "), List.of("lrange", "list", "0", "-1"), false, mismatches);
        compare(List.of("-d", "|", "-D", "--\n"), List.of("mget", "foo", "nosuch", "foo"), false, mismatches);
        compare(List.of("-D", ""), List.of("get", "foo"), false, mismatches);
        compare(List.of("-e"), List.of("lpush", "foo", "x"), false, mismatches);
        compare(List.of("-e", "--no-raw"), List.of("get", "foo"), false, mismatches);
        compare(List.of("-n", "3", "--no-raw"), List.of("set", "indb3", "1"), false, mismatches);
        compare(List.of("-n", "3"), List.of("get", "indb3"), false, mismatches);
        compare(List.of("-n", "99"), List.of("ping"), false, mismatches);
        compare(List.of("-a", "nopass"), List.of("ping"), false, mismatches);
        compare(List.of("--no-auth-warning", "-a", "nopass"), List.of("ping"), false, mismatches);
        compare(List.of("--user", "nobody", "--pass", "pw"), List.of("ping"), false, mismatches);
        compare(List.of("--quoted-input"), List.of("set", "\"q\\x00uoted\"", "'it''s'"), false, mismatches);
        compare(List.of("--quoted-input", "--no-raw"), List.of("get", "\"q\\x00uoted\""), false, mismatches);
        compare(List.of("--quoted-input"), List.of("get", "\"unbalanced"), false, mismatches);
        for (List<String> c : List.of(List.of("set", "fromstdin"), List.of("get", "fromstdin"))) {
            byte[] stdin = "line one\nline two\u0000end\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            List<String> args = new ArrayList<>(List.of("-x", "--no-raw"));
            args.addAll(c);
            check(args, stdin, false, mismatches);
        }
        check(List.of("-X", "TAG", "set", "tagged", "TAG"), "tag value".getBytes(), false, mismatches);
        check(List.of("-X", "TAG", "get", "tagged"), new byte[0], false, mismatches);
        check(List.of("--no-raw", "get", "tagged"), new byte[0], false, mismatches);
        assertThat(mismatches).isEmpty();
    }

    private static int compare(List<String> mode, List<String> command, boolean fakeTty, List<String> mismatches) {
        List<String> args = new ArrayList<>(mode);
        args.addAll(command);
        check(args, new byte[0], fakeTty, mismatches);
        return 1;
    }

    private static void check(List<String> args, byte[] stdin, boolean fakeTty, List<String> mismatches) {
        List<String> a = new ArrayList<>(List.of("-p", String.valueOf(serverA.port())));
        a.addAll(args);
        List<String> b = new ArrayList<>(List.of("-p", String.valueOf(serverB.port())));
        b.addAll(args);
        CliRun expected = CliRun.redis(a, stdin, fakeTty, Map.of());
        CliRun actual = CliRun.ours(b, stdin, fakeTty, Map.of());
        String exp = describe(expected, serverA.port());
        String act = describe(actual, serverB.port());
        if (!exp.equals(act)) {
            mismatches.add((fakeTty ? "FAKETTY " : "") + args + "\n--- redis-cli:\n" + exp + "\n--- hashslot-cli:\n"
                + act);
        }
    }

    /** Output, error output and exit code, with the server's port masked (the two servers differ only there). */
    private static String describe(CliRun r, int port) {
        return ("stdout=[" + r.out() + "]\nstderr=[" + r.err() + "]\nexit=" + r.exitCode())
            .replace(String.valueOf(port), "<port>");
    }
}
