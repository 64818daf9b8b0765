package io.hashslot.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TempDirs;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dump.rdb files move both ways between redis-server 7.0 and Hashslot: a file written by Redis (every type and
 * encoding, expiries, several databases) loads in Hashslot with the same data key by key, a file written by
 * Hashslot passes redis-check-rdb and loads in Redis, and DEBUG DIGEST agrees with Redis's for the same data.
 */
class RdbInteropTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        dir = Files.createTempDirectory("rdb-interop-");
    }

    @AfterEach
    void tearDown() {
        if (dir != null) {
            TempDirs.deleteQuietly(dir);
        }
    }

    @Test
    void redisDumpLoadsInHashslotKeyByKey() throws Exception {
        try (RealRedis real = RealRedis.start(); RawClient r = new RawClient(real.port())) {
            Datasets.fill(r);
            assertThat(Datasets.call(r, "SAVE")).isEqualTo("OK");
            Files.copy(real.dir().resolve("dump.rdb"), dir.resolve("dump.rdb"));
            try (TestNode node = TestNode.start("dir", dir.toString()); RawClient h = node.client()) {
                Datasets.assertSameData(r, h);
                assertThat(node.log()).contains("Loading RDB produced by version 7.0.15")
                    .containsPattern("Done loading RDB, keys loaded: \\d+, keys expired: 0\\.")
                    .containsPattern("DB loaded from disk: \\d+\\.\\d{3} seconds");
                assertThat(Datasets.call(h, "INFO", "persistence")).contains("rdb_last_load_keys_loaded:"
                    + (Datasets.keys(h).size() + 3) + "\r\n"); // db 3 holds 2 keys, db 15 one
            }
        }
    }

    @Test
    void hashslotDumpPassesRedisCheckRdbAndLoadsInRedis() throws Exception {
        try (TestNode node = TestNode.start("dir", dir.toString()); RawClient h = node.client()) {
            Datasets.fill(h);
            assertThat(Datasets.call(h, "SAVE")).isEqualTo("OK");
            assertThat(node.log()).contains("DB saved on disk");
            Path file = dir.resolve("dump.rdb");
            String check = run("redis-check-rdb", file.toString());
            assertThat(check).contains("\\o/ RDB looks OK! \\o/");
            try (RealRedis real = RealRedis.start()) {
                Files.copy(file, real.dir().resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
                try (RawClient r = new RawClient(real.port())) {
                    assertThat(Datasets.call(r, "DEBUG", "RELOAD", "NOSAVE")).isEqualTo("OK");
                    Datasets.assertSameData(h, r);
                }
            }
        }
    }

    @Test
    void bgsaveFileLoadsInRedisAndKeepsThePointInTime() throws Exception {
        try (TestNode node = TestNode.start("dir", dir.toString()); RawClient h = node.client()) {
            Datasets.fill(h);
            String digest = Datasets.call(h, "DEBUG", "DIGEST");
            assertThat(Datasets.call(h, "BGSAVE")).isEqualTo("Background saving started");
            // writes right after the snapshot began must not reach the file
            Datasets.call(h, "DEL", "list:big");
            Datasets.call(h, "SADD", "set:int", "99");
            Datasets.call(h, "SET", "new", "key");
            awaitBgsave(h);
            assertThat(Datasets.call(h, "INFO", "persistence")).contains("rdb_last_bgsave_status:ok");
            assertThat(run("redis-check-rdb", dir.resolve("dump.rdb").toString())).contains("RDB looks OK");
            try (RealRedis real = RealRedis.start()) {
                Files.copy(dir.resolve("dump.rdb"), real.dir().resolve("dump.rdb"));
                try (RawClient r = new RawClient(real.port())) {
                    Datasets.call(r, "DEBUG", "RELOAD", "NOSAVE");
                    assertThat(Datasets.call(r, "DEBUG", "DIGEST")).isEqualTo(digest);
                }
            }
        }
    }

    @Test
    void digestsMatchRealRedis() {
        try (RealRedis real = RealRedis.start(); RawClient r = new RawClient(real.port());
             TestNode node = TestNode.start(); RawClient h = node.client()) {
            assertThat(Datasets.call(h, "DEBUG", "DIGEST")).isEqualTo(Datasets.call(r, "DEBUG", "DIGEST"))
                .isEqualTo("0000000000000000000000000000000000000000");
            Datasets.fill(r, h);
            assertThat(Datasets.call(h, "DEBUG", "DIGEST")).isEqualTo(Datasets.call(r, "DEBUG", "DIGEST"));
            assertThat(h.call("DEBUG", "DIGEST-VALUE", "zset:small", "nokey", "hash:big", "list:small"))
                .isEqualTo(r.call("DEBUG", "DIGEST-VALUE", "zset:small", "nokey", "hash:big", "list:small"));
        }
    }

    @Test
    void unsupportedTypeStopsLoadingNamingTheType() throws Exception {
        try (RealRedis real = RealRedis.start(); RawClient r = new RawClient(real.port())) {
            Datasets.call(r, "SET", "k", "v");
            Datasets.call(r, "XADD", "stream", "1-1", "f", "v");
            Datasets.call(r, "SAVE");
            Files.copy(real.dir().resolve("dump.rdb"), dir.resolve("dump.rdb"));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestNode.start("dir", dir.toString(), "logfile",
            dir.resolve("node.log").toString())).isInstanceOf(RuntimeException.class);
        assertThat(Files.readString(dir.resolve("node.log")))
            .contains("The RDB file contains a stream key (value type 19), which Hashslot does not support yet")
            .contains("Fatal error loading the DB");
    }

    @Test
    void infoPersistenceHasRedisFieldsInRedisOrder() {
        for (String aof : new String[] {"no", "yes"}) {
            try (RealRedis real = RealRedis.start("--appendonly", aof); RawClient r = new RawClient(real.port());
                 TestNode node = TestNode.start("dir", dir.toString(), "appendonly", aof);
                 RawClient h = node.client()) {
                assertThat(fieldNames(Datasets.call(h, "INFO", "persistence")))
                    .isEqualTo(fieldNames(Datasets.call(r, "INFO", "persistence")));
            }
        }
    }

    private static java.util.List<String> fieldNames(String info) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String line : info.split("\r\n")) {
            names.add(line.contains(":") ? line.substring(0, line.indexOf(':')) : line);
        }
        return names;
    }

    static void awaitBgsave(RawClient c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (Datasets.call(c, "INFO", "persistence").contains("rdb_bgsave_in_progress:1")) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out + "\nexit=" + p.exitValue();
    }
}
