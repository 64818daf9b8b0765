package io.hashslot.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TempDirs;
import io.hashslot.testkit.TestNode;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SAVE, BGSAVE, LASTSAVE, SHUTDOWN [NO]SAVE, FLUSHALL, DEBUG RELOAD, MISCONF, CONFIG SET appendonly, and the
 * documented outcomes of damaged files at startup (torn AOF tail with and without aof-load-truncated, AOF format
 * errors, RDB checksum errors, truncated RDB).
 */
class PersistenceCommandsTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("persist-");
    }

    @AfterEach
    void tearDown() {
        TempDirs.deleteQuietly(dir);
    }

    private TestNode node(String... extra) {
        String[] d = new String[extra.length + 4];
        d[0] = "dir";
        d[1] = dir.toString();
        d[2] = "logfile";
        d[3] = dir.resolve("node.log").toString();
        System.arraycopy(extra, 0, d, 4, extra.length);
        return TestNode.start(d);
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("node.log"));
    }

    @Test
    void shutdownSavesWithSavePointsAndNosaveSkips() throws Exception {
        TestNode n = node();
        try (RawClient c = n.client()) {
            Datasets.call(c, "SET", "k", "v1");
            c.send(RawClient.args("SHUTDOWN"));
        }
        n.server().terminationFuture().get();
        n.close();
        assertThat(log()).contains("Saving the final RDB snapshot before exiting.").contains("DB saved on disk");
        TestNode second = node();
        try (RawClient c = second.client()) {
            assertThat(Datasets.call(c, "GET", "k")).isEqualTo("v1");
            Datasets.call(c, "SET", "k", "v2");
            c.send(RawClient.args("SHUTDOWN", "NOSAVE"));
        }
        second.server().terminationFuture().get();
        second.close();
        try (TestNode third = node(); RawClient c = third.client()) {
            assertThat(Datasets.call(c, "GET", "k")).isEqualTo("v1");
        }
    }

    @Test
    void shutdownSaveWithoutSavePointsAndNoSaveWithout() throws Exception {
        TestNode n = node("save", "");
        try (RawClient c = n.client()) {
            Datasets.call(c, "SET", "k", "v");
            c.send(RawClient.args("SHUTDOWN"));
        }
        n.server().terminationFuture().get();
        n.close();
        assertThat(dir.resolve("dump.rdb")).doesNotExist();
        TestNode m = node("save", "");
        try (RawClient c = m.client()) {
            Datasets.call(c, "SET", "k", "v");
            c.send(RawClient.args("SHUTDOWN", "SAVE"));
        }
        m.server().terminationFuture().get();
        m.close();
        assertThat(dir.resolve("dump.rdb")).exists();
    }

    @Test
    void saveLastsaveFlushallAndDebugReload() throws Exception {
        try (TestNode n = node(); RawClient c = n.client()) {
            Datasets.fill(c);
            String digest = Datasets.call(c, "DEBUG", "DIGEST");
            assertThat(Datasets.call(c, "INFO", "persistence")).doesNotContain("rdb_changes_since_last_save:0\r");
            assertThat(Datasets.call(c, "SAVE")).isEqualTo("OK");
            assertThat(Datasets.call(c, "INFO", "persistence")).contains("rdb_changes_since_last_save:0\r\n")
                .contains("rdb_saves:1\r\n");
            long lastsave = Long.parseLong(Datasets.call(c, "LASTSAVE"));
            assertThat(lastsave).isBetween(System.currentTimeMillis() / 1000 - 5, System.currentTimeMillis() / 1000);
            assertThat(Datasets.call(c, "DEBUG", "RELOAD")).isEqualTo("OK");
            assertThat(Datasets.call(c, "DEBUG", "DIGEST")).isEqualTo(digest);
            assertThat(c.call("DEBUG", "RELOAD", "BOGUS")).isEqualTo(new RespValue.Error(
                "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."));
            assertThat(Datasets.call(c, "FLUSHALL")).isEqualTo("OK");
            assertThat(log()).contains("DB reloaded by DEBUG RELOAD");
            assertThat(Datasets.call(c, "DEBUG", "RELOAD", "NOSAVE")).isEqualTo("OK");
            assertThat(Datasets.call(c, "DBSIZE")).isEqualTo("0"); // FLUSHALL saved the empty dataset
            assertThat(Datasets.call(c, "BGSAVE", "SCHEDULE")).isEqualTo("Background saving started");
            RdbInteropTest.awaitBgsave(c);
            assertThat(c.call("BGSAVE", "NOW")).isEqualTo(new RespValue.Error("ERR syntax error"));
        }
    }

    @Test
    void bgsaveUnderConcurrentWritesSavesThePointInTime() throws Exception {
        try (TestNode n = node("save", ""); RawClient c = n.client(); RawClient w = n.client()) {
            Datasets.call(c, "DEBUG", "POPULATE", "300000");
            Datasets.fill(c);
            String digest = Datasets.call(c, "DEBUG", "DIGEST");
            assertThat(Datasets.call(c, "BGSAVE")).isEqualTo("Background saving started");
            int i = 0;
            while (Datasets.call(c, "INFO", "persistence").contains("rdb_bgsave_in_progress:1")) {
                for (int j = 0; j < 200; j++, i++) {
                    w.send(RawClient.args("SET", "key:" + (i * 7919 % 300000), "changed" + i));
                    w.send(RawClient.args("DEL", "key:" + (i * 104729 % 300000)));
                    w.send(RawClient.args("RPUSH", "list:big", "tail" + i));
                }
                for (int j = 0; j < 600; j++) {
                    w.read();
                }
            }
            assertThat(i).as("writes made while the snapshot ran").isPositive();
            assertThat(Datasets.call(c, "INFO", "persistence")).contains("rdb_last_bgsave_status:ok");
            assertThat(Datasets.call(c, "DEBUG", "DIGEST")).isNotEqualTo(digest);
            assertThat(Datasets.call(c, "DEBUG", "RELOAD", "NOSAVE")).isEqualTo("OK");
            assertThat(Datasets.call(c, "DEBUG", "DIGEST")).isEqualTo(digest);
        }
    }

    @Test
    void failedBgsaveDeniesWritesWithRedisMisconfError() throws Exception {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        String hashslotReply;
        try (TestNode n = node(); RawClient c = n.client()) {
            Files.createDirectories(dir.resolve("dump.rdb").resolve("blocker"));
            assertThat(Datasets.call(c, "BGSAVE")).isEqualTo("Background saving started");
            RdbInteropTest.awaitBgsave(c);
            assertThat(Datasets.call(c, "INFO", "persistence")).contains("rdb_last_bgsave_status:err");
            assertThat(log()).contains("Background saving error");
            hashslotReply = c.callRawString("SET", "k", "v");
            assertThat(c.callRawString("PING")).isEqualTo(hashslotReply);
            assertThat(c.callRawString("GET", "k")).isEqualTo("$-1\r\n");
            Datasets.call(c, "CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
            assertThat(Datasets.call(c, "SET", "k", "v")).isEqualTo("OK");
        }
        try (RealRedis real = RealRedis.start("--save", "3600 1"); RawClient r = new RawClient(real.port())) {
            Files.createDirectories(real.dir().resolve("dump.rdb").resolve("blocker"));
            Datasets.call(r, "BGSAVE");
            RdbInteropTest.awaitBgsave(r);
            assertThat(r.callRawString("SET", "k", "v")).isEqualTo(hashslotReply);
            r.send(RawClient.args("SHUTDOWN", "NOSAVE")); // a plain stop would retry the failing save forever
        }
    }

    @Test
    void configSetAppendonlyAtRuntime() throws Exception {
        try (TestNode n = node(); RawClient c = n.client()) {
            Datasets.fill(c);
            assertThat(Datasets.call(c, "CONFIG", "SET", "appendonly", "yes")).isEqualTo("OK");
            AofInteropTest.awaitRewrite(c);
            Datasets.call(c, "SET", "after", "enable");
            assertThat(Datasets.call(c, "INFO", "persistence")).contains("aof_enabled:1\r\n")
                .contains("aof_last_bgrewrite_status:ok");
            assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"))).isEqualTo(
                "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        }
        try (TestNode n = node("appendonly", "yes"); RawClient c = n.client()) {
            assertThat(Datasets.call(c, "GET", "after")).isEqualTo("enable");
            assertThat(Datasets.call(c, "HGET", "hash:big", "field7")).isEqualTo("value7");
            assertThat(Datasets.call(c, "CONFIG", "SET", "appendonly", "no")).isEqualTo("OK");
            assertThat(Datasets.call(c, "INFO", "persistence")).contains("aof_enabled:0\r\n");
        }
    }

    @Test
    void oldStyleAofFileIsMigratedIntoTheDirectory() throws Exception {
        Files.writeString(dir.resolve("appendonly.aof"), "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
            + "*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$5\r\nstyle\r\n", StandardCharsets.US_ASCII);
        try (TestNode n = node("appendonly", "yes", "save", ""); RawClient c = n.client()) {
            assertThat(Datasets.call(c, "GET", "old")).isEqualTo("style");
            Datasets.call(c, "SET", "new", "1");
        }
        assertThat(log()).contains("Successfully migrated an old-style AOF file (appendonly.aof) into the AOF "
            + "directory (appendonlydir).");
        assertThat(dir.resolve("appendonly.aof")).doesNotExist();
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"))).isEqualTo(
            "file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        try (TestNode n = node("appendonly", "yes", "save", ""); RawClient c = n.client()) {
            assertThat(Datasets.call(c, "MGET", "old", "new")).isNotNull();
            assertThat(Datasets.call(c, "GET", "new")).isEqualTo("1");
            assertThat(Datasets.call(c, "GET", "old")).isEqualTo("style");
        }
    }

    private Path incrFile() {
        return dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
    }

    @Test
    void tornAofTailIsCutWhenAllowedAndStopsStartupOtherwise() throws Exception {
        try (TestNode n = node("appendonly", "yes", "save", ""); RawClient c = n.client()) {
            Datasets.call(c, "SET", "a", "1");
            Datasets.call(c, "SET", "b", "2");
        }
        long good = Files.size(incrFile());
        byte[] torn = "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nab".getBytes(StandardCharsets.US_ASCII);
        Files.write(incrFile(), torn, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> node("appendonly", "yes", "save", "", "aof-load-truncated", "no"))
            .isInstanceOf(RuntimeException.class);
        assertThat(log()).contains("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof. "
            + "You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
            + "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the "
            + "server.");
        try (TestNode n = node("appendonly", "yes", "save", ""); RawClient c = n.client()) {
            assertThat(Datasets.call(c, "MGET", "a", "b")).isNotNull();
            assertThat(Datasets.call(c, "GET", "b")).isEqualTo("2");
            assertThat(c.call("GET", "c")).isEqualTo(new RespValue.Null());
        }
        assertThat(log()).contains("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!")
            .contains("!!! Truncating the AOF appendonly.aof.1.incr.aof at offset " + good + " !!!")
            .contains("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled");
        assertThat(Files.size(incrFile())).isEqualTo(good);
    }

    @Test
    void aofFormatErrorStopsStartup() throws Exception {
        try (TestNode n = node("appendonly", "yes", "save", ""); RawClient c = n.client()) {
            Datasets.call(c, "SET", "a", "1");
        }
        Files.write(incrFile(), "garbage\r\n*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII),
            StandardOpenOption.APPEND);
        assertThatThrownBy(() -> node("appendonly", "yes", "save", "")).isInstanceOf(RuntimeException.class);
        assertThat(log()).contains("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a "
            + "backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
    }

    @Test
    void corruptOrTruncatedRdbStopsStartup() throws Exception {
        try (TestNode n = node(); RawClient c = n.client()) {
            Datasets.call(c, "SET", "key", "a-value-long-enough-to-flip");
            Datasets.call(c, "SAVE");
        }
        Path rdb = dir.resolve("dump.rdb");
        byte[] good = Files.readAllBytes(rdb);
        try (RandomAccessFile f = new RandomAccessFile(rdb.toFile(), "rw")) {
            f.seek(good.length - 15);
            f.write(good[good.length - 15] ^ 0x20);
        }
        assertThatThrownBy(this::node).isInstanceOf(RuntimeException.class);
        assertThat(log()).contains("Wrong RDB checksum expected: (");
        Files.write(rdb, java.util.Arrays.copyOf(good, good.length - 12));
        assertThatThrownBy(this::node).isInstanceOf(RuntimeException.class);
        assertThat(log()).contains("Short read or OOM loading DB. Unrecoverable error, aborting now.");
        Files.write(rdb, good);
        try (TestNode n = node(); RawClient c = n.client()) {
            assertThat(Datasets.call(c, "GET", "key")).isEqualTo("a-value-long-enough-to-flip");
        }
    }
}
