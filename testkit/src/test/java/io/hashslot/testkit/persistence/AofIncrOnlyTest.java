package io.hashslot.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An AOF directory whose manifest lists only an incr file (no base yet), its last command cut short, started with
 * aof-load-truncated yes: redis-server and Hashslot both start, keep the whole commands, report no base size, and a
 * rewrite then gives the manifest a base file.
 */
class AofIncrOnlyTest {
    private static String command(String... args) {
        return new String(RespReader.command(RawClient.args(args)), StandardCharsets.ISO_8859_1);
    }

    private static Path aofDir() throws Exception {
        String cut = command("incr", "foo");
        return aofDir(command("incr", "foo").repeat(5) + cut.substring(0, cut.length() - 1));
    }

    private static Path aofDir(String incr) throws Exception {
        Path dir = Files.createTempDirectory("hashslot-incr-only-");
        Path aof = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aof.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        Files.writeString(aof.resolve("appendonly.aof.1.incr.aof"), incr, StandardCharsets.ISO_8859_1);
        return dir;
    }

    private static String field(RawClient c, String name) {
        for (String line : ((RespValue.Bulk) c.call("INFO", "persistence")).text().split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String text(RespValue v) {
        return v instanceof RespValue.Bulk b ? b.text() : v.toString();
    }

    private static List<String> steps(RawClient c, Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(text(c.call("GET", "foo")));
        out.add(c.call("DBSIZE").toString());
        out.add("aof_base_size:" + field(c, "aof_base_size"));
        out.add(c.call("BGREWRITEAOF").toString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "0".equals(field(c, "aof_rewrite_in_progress"))
            && Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest")).contains("type b"));
        out.add(c.call("INCR", "foo").toString());
        return out;
    }

    private static List<String> run(Function<Path, AutoCloseable> starter, Function<AutoCloseable, Integer> port)
        throws Exception {
        Path dir = aofDir();
        try (AutoCloseable server = starter.apply(dir); RawClient c = new RawClient(port.apply(server))) {
            return steps(c, dir);
        }
    }

    @Test
    void anIncrOnlyManifestWithATruncatedTailLoads() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<String> real = run(d -> RealRedis.start("--dir", d.toString(), "--appendonly", "yes",
            "--aof-load-truncated", "yes"), s -> ((RealRedis) s).port());
        List<String> ours = run(d -> TestNode.start("dir", d.toString(), "appendonly", "yes",
            "aof-load-truncated", "yes"), s -> ((TestNode) s).port());
        assertThat(real.get(0)).isEqualTo("5");
        assertThat(ours).isEqualTo(real);
    }

    /** A key expired by the file itself still takes the file's later commands; it is gone once the node serves. */
    @Test
    void keysDoNotExpireWhileTheFileReplays() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        String aof = command("rpush", "list", "foo") + command("pexpireat", "list", "1000")
            + command("rpush", "list", "bar") + command("set", "s", "v", "pxat", "1000") + command("append", "s", "w");
        List<String> replies = new ArrayList<>();
        for (boolean real : new boolean[] {true, false}) {
            Path dir = aofDir(aof);
            try (AutoCloseable server = real ? RealRedis.start("--dir", dir.toString(), "--appendonly", "yes")
                    : TestNode.start("dir", dir.toString(), "appendonly", "yes");
                 RawClient c = new RawClient(real ? ((RealRedis) server).port() : ((TestNode) server).port())) {
                // had the keys expired during the replay, the later commands would have made new keys without TTL
                replies.add(c.call("LLEN", "list") + " " + c.call("EXISTS", "s") + " " + c.call("DBSIZE"));
            }
        }
        assertThat(replies.get(0)).isEqualTo("Int[value=0] Int[value=0] Int[value=0]");
        assertThat(replies.get(1)).isEqualTo(replies.get(0));
    }
}
