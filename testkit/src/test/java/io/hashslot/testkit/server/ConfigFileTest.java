package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * redis.conf-style files: the same bad files make hashslot-server and redis-server print the same FATAL message;
 * good files (with include, quotes, options after the file) configure the node.
 */
class ConfigFileTest {
    @TempDir
    Path dir;

    private void assertSameFatalAsRedis(String config) throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, config);
        ServerProcess.Outcome ours = ServerProcess.run(ServerProcess.hashslotCommand(file.toString()), dir.toFile());
        assertThat(ours.exitCode()).isEqualTo(1);
        assertThat(ours.stderr()).contains("*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***");
        if (RealRedis.available()) {
            ServerProcess.Outcome theirs = ServerProcess.run(List.of(RealRedis.BINARY, file.toString()),
                dir.toFile());
            assertThat(theirs.exitCode()).isEqualTo(1);
            assertThat(ours.stderr().strip()).isEqualTo(theirs.stderr().strip());
        }
    }

    @Test
    void unknownDirective() throws Exception {
        assertSameFatalAsRedis("port 7000\n# a comment\nnosuchdirective yes\n");
    }

    @Test
    void obsoleteVmDirectivesAreRefused() throws Exception {
        assertSameFatalAsRedis("port 7000\nvm-enabled no\n");
        assertSameFatalAsRedis("vm-max-memory 0\n");
    }

    @Test
    void wrongNumberOfArguments() throws Exception {
        assertSameFatalAsRedis("dbfilename dump.rdb extra\n");
    }

    @Test
    void badValues() throws Exception {
        assertSameFatalAsRedis("appendonly maybe\n");
        assertSameFatalAsRedis("port 99999\n");
        assertSameFatalAsRedis("maxmemory 12zz\n");
        assertSameFatalAsRedis("loglevel loud\n");
        assertSameFatalAsRedis("save 900\n");
    }

    @Test
    void unbalancedQuotes() throws Exception {
        assertSameFatalAsRedis("requirepass \"abc\n");
    }

    @Test
    void badCommandLineOption() throws Exception {
        ServerProcess.Outcome ours = ServerProcess.run(ServerProcess.hashslotCommand("--port", "70000"),
            dir.toFile());
        assertThat(ours.exitCode()).isEqualTo(1);
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        ServerProcess.Outcome theirs = ServerProcess.run(List.of(RealRedis.BINARY, "--port", "70000"),
            dir.toFile());
        assertThat(ours.stderr().strip()).isEqualTo(theirs.stderr().strip());
    }

    @Test
    void seedsClusterNodeConfigIsAccepted() throws Exception {
        // the per-node file of the first seed (Redis 3.0 era), with its old directive names
        Path file = dir.resolve("7000.conf");
        Files.writeString(file, String.join("\n",
            "port 0", "cluster-config-file nodes.conf", "cluster-node-timeout 5000", "appendonly yes",
            "timeout 0", "databases 16", "loglevel verbose", "save 900 1", "save 300 10", "save 60 10000",
            "rdbcompression yes", "slave-serve-stale-data yes", "appendfsync everysec",
            "no-appendfsync-on-rewrite no", "auto-aof-rewrite-percentage 100", "auto-aof-rewrite-min-size 64mb",
            "slowlog-log-slower-than 10000", "slowlog-max-len 1024", "activerehashing yes",
            "hash-max-zipmap-entries 512", "hash-max-zipmap-value 64", "list-max-ziplist-entries 512",
            "list-max-ziplist-value 64", "set-max-intset-entries 512", "zset-max-ziplist-entries 128",
            "zset-max-ziplist-value 64", "tcp-backlog 511", "tcp-keepalive 0", "stop-writes-on-bgsave-error yes",
            "rdbchecksum yes", "dbfilename dump.rdb", "dir ./", "slave-read-only yes",
            "repl-disable-tcp-nodelay no", "slave-priority 100", "appendfilename \"appendonly.aof\"",
            "lua-time-limit 5000", "notify-keyspace-events \"\"", "hash-max-ziplist-entries 512",
            "hash-max-ziplist-value 64", "hll-sparse-max-bytes 3000", "client-output-buffer-limit normal 0 0 0",
            "client-output-buffer-limit slave 256mb 64mb 60", "client-output-buffer-limit pubsub 32mb 8mb 60",
            "hz 10", "aof-rewrite-incremental-fsync yes", "daemonize no", "logfile \"\"", ""));
        io.hashslot.common.config.ConfigStore store = new io.hashslot.common.config.ConfigStore();
        new io.hashslot.common.config.ConfigLoader(store, io.hashslot.common.NodeLog.NONE, dir).load(file, "");
        assertThat(store.getLong("hash-max-listpack-entries")).isEqualTo(512);
        assertThat(store.getLong("replica-priority")).isEqualTo(100);
        assertThat(store.getLong("busy-reply-threshold")).isEqualTo(5000);
        assertThat(store.format(store.directive("save"))).isEqualTo("900 1 300 10 60 10000");
        assertThat(store.format(store.directive("client-output-buffer-limit")))
            .isEqualTo("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    }

    @Test
    void includeQuotesAndCommandLineOverrides() throws Exception {
        Files.writeString(dir.resolve("extra.conf"), "requirepass \"s3cret word\"\nmaxclients 7\n");
        Path file = dir.resolve("main.conf");
        Files.writeString(file, "include " + dir.resolve("extra.conf") + "\nmaxclients 5\nloglevel 'warning'\n");
        io.hashslot.common.config.ConfigStore store = new io.hashslot.common.config.ConfigStore();
        io.hashslot.common.config.ConfigLoader loader =
            new io.hashslot.common.config.ConfigLoader(store, io.hashslot.common.NodeLog.NONE, dir);
        loader.load(file, io.hashslot.common.config.ConfigLoader.optionsFromArgs(
            List.of("--maxclients", "9", "--save", "--port", "0")));
        assertThat(store.getString("requirepass")).isEqualTo("s3cret word");
        assertThat(store.getLong("maxclients")).isEqualTo(9);
        assertThat(store.getString("loglevel")).isEqualTo("warning");
        assertThat(store.format(store.directive("save"))).isEmpty();
    }

    @Test
    void configGetAnswersForEveryAcceptedDirective() {
        try (TestNode node = TestNode.start(); RawClient c = node.client()) {
            io.hashslot.common.config.ConfigStore store = new io.hashslot.common.config.ConfigStore();
            for (io.hashslot.common.config.Directive d : store.directives()) {
                if (d.has(io.hashslot.common.config.ConfigFlag.HIDDEN)) {
                    continue;
                }
                String reply = c.callRawString("CONFIG", "GET", d.name());
                assertThat(reply).as(d.name()).startsWith("*2\r\n$" + d.name().length() + "\r\n" + d.name());
            }
        }
    }
}
