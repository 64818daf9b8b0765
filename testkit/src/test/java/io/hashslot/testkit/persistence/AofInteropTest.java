package io.hashslot.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TempDirs;
import io.hashslot.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Multi-part AOF directories move both ways between redis-server 7.0 and Hashslot, with and without an RDB
 * preamble, across BGREWRITEAOF; redis-check-aof accepts what Hashslot writes.
 */
class AofInteropTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        dir = Files.createTempDirectory("aof-interop-");
    }

    @AfterEach
    void tearDown() {
        if (dir != null) {
            TempDirs.deleteQuietly(dir);
        }
    }

    static void copyDir(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** Writes half the data, rewrites, writes the rest (so base + incr files are both used). */
    static void fillWithRewrite(RawClient c) throws Exception {
        java.util.List<String[]> cmds = Datasets.commands();
        int half = cmds.size() / 2;
        for (int i = 0; i < cmds.size(); i++) {
            if (i == half) {
                assertThat(Datasets.call(c, "BGREWRITEAOF")).isEqualTo("Background append only file rewriting "
                    + "started");
                awaitRewrite(c);
            }
            Datasets.call(c, cmds.get(i));
        }
        Datasets.call(c, "SELECT", "0");
        Datasets.call(c, "INCRBY", "int", "10");
        Datasets.call(c, "MULTI");
        Datasets.call(c, "LPOP", "list:small");
        Datasets.call(c, "SET", "tx", "1");
        c.call("EXEC");
    }

    static void awaitRewrite(RawClient c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (Datasets.call(c, "INFO", "persistence").contains("aof_rewrite_in_progress:1")) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void redisAofDirectoryLoadsInHashslot(String preamble) throws Exception {
        // appendfsync always: with everysec Redis may postpone a write while a background fsync runs, and the
        // copy below could miss the last commands
        try (RealRedis real = RealRedis.start("--appendonly", "yes", "--aof-use-rdb-preamble", preamble,
            "--appendfsync", "always");
             RawClient r = new RawClient(real.port())) {
            fillWithRewrite(r);
            copyDir(real.dir().resolve("appendonlydir"), dir.resolve("appendonlydir"));
            try (TestNode node = TestNode.start("dir", dir.toString(), "appendonly", "yes");
                 RawClient h = node.client()) {
                Datasets.assertSameData(r, h);
                assertThat(node.log()).containsPattern("DB loaded from base file appendonly\\.aof\\.2\\.base\\."
                    + ("yes".equals(preamble) ? "rdb" : "aof") + ": \\d+\\.\\d{3} seconds")
                    .contains("DB loaded from incr file appendonly.aof.2.incr.aof")
                    .containsPattern("DB loaded from append only file: \\d+\\.\\d{3} seconds")
                    .contains("Opening AOF incr file appendonly.aof.2.incr.aof on server start");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void hashslotAofDirectoryPassesRedisCheckAofAndLoadsInRedis(String preamble) throws Exception {
        try (TestNode node = TestNode.start("dir", dir.toString(), "appendonly", "yes", "aof-use-rdb-preamble",
            preamble); RawClient h = node.client()) {
            fillWithRewrite(h);
            Path aofDir = dir.resolve("appendonlydir");
            assertThat(Files.readString(aofDir.resolve("appendonly.aof.manifest"))).isEqualTo(
                "file appendonly.aof.2.base." + ("yes".equals(preamble) ? "rdb" : "aof") + " seq 2 type b\n"
                    + "file appendonly.aof.2.incr.aof seq 2 type i\n");
            assertThat(aofDir.resolve("appendonly.aof.1.base." + ("yes".equals(preamble) ? "rdb" : "aof")))
                .doesNotExist(); // history removed
            String check = RdbInteropTest.run("redis-check-aof", aofDir.resolve("appendonly.aof.manifest")
                .toString());
            assertThat(check).contains("All AOF files and manifest are valid").endsWith("exit=0");
            try (RealRedis real = RealRedis.start("--appendonly", "yes")) {
                // replace the empty AOF the fresh server created, then restart it on ours
                real.close();
                TempDirs.deleteQuietly(real.dir().resolve("appendonlydir"));
                copyDir(aofDir, real.dir().resolve("appendonlydir"));
                try (RealRedis again = RealRedis.start("--appendonly", "yes", "--dir", real.dir().toString());
                     RawClient r = new RawClient(again.port())) {
                    Datasets.assertSameData(h, r);
                }
            }
        }
    }
}
