package io.hashslot.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashslot.testkit.FreePorts;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A broken AOF manifest stops the start: redis-server and Hashslot log the same FATAL block with the reason once
 * (Redis's own suite counts those lines), and no "Fatal error loading the DB" line after it.
 */
class AofManifestErrorTest {
    private static final String[][] CASES = {
        {"file appendonly.aof.2.incr.aof seq 2 type i\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
            "Found a non-monotonic sequence number"},
        {"file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.2.base.rdb seq 2 type b\n",
            "Found duplicate base file information"},
        {"file appendonly.aof.1.base.rdb seq 1 type x\n", "Unknown AOF file type"},
        {"nonsense\n", "Invalid AOF manifest file format"},
        {"\n", "Invalid AOF manifest file format"},
        {"", "Found an empty AOF manifest"},
        {"file appendonly.aof.1.incr.aof seq 1 type i", "The AOF manifest file contains too long line"},
        {"file appendonly.aof.1.incr.aof seq 1 type i " + "x ".repeat(600) + "\n",
            "The AOF manifest file contains too long line"},
        {"# comment\n  file  appendonly.aof.1.incr.aof seq 1 type z  \t\r\n", "Unknown AOF file type"},
    };

    private static Path dirWith(String manifest) throws Exception {
        Path dir = Files.createTempDirectory("hashslot-manifest-");
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), manifest, StandardCharsets.ISO_8859_1);
        return dir;
    }

    private static String redisLog(String manifest) throws Exception {
        Path dir = dirWith(manifest);
        Path log = dir.resolve("redis.log");
        Process p = new ProcessBuilder(RealRedis.BINARY, "--port", String.valueOf(FreePorts.find()), "--dir",
            dir.toString(), "--appendonly", "yes", "--logfile", log.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        return Files.readString(log);
    }

    private static String hashslotLog(String manifest) throws Exception {
        Path dir = dirWith(manifest);
        Path log = dir.resolve("node.log");
        assertThatThrownBy(() -> TestNode.start("dir", dir.toString(), "appendonly", "yes", "logfile",
            log.toString())).isInstanceOf(RuntimeException.class);
        return Files.readString(log);
    }

    /** The "at line N" and ">>> 'line'" parts of the FATAL block, without the log prefixes. */
    private static java.util.List<String> quoted(String log) {
        return log.lines().filter(l -> l.contains("Reading the manifest file") || l.contains(">>> '"))
            .map(l -> l.substring(l.indexOf(l.contains(">>>") ? ">>>" : "Reading"))).toList();
    }

    private static long lines(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).count();
    }

    @Test
    void brokenManifestsAreReportedOnceAsRedisDoes() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        for (String[] c : CASES) {
            String real = redisLog(c[0]);
            String ours = hashslotLog(c[0]);
            assertThat(lines(real, c[1])).as(c[1] + " in redis-server's log").isEqualTo(1);
            assertThat(lines(ours, c[1])).as(c[1] + " in Hashslot's log:\n" + ours).isEqualTo(1);
            assertThat(lines(ours, "FATAL AOF MANIFEST FILE ERROR"))
                .isEqualTo(lines(real, "FATAL AOF MANIFEST FILE ERROR"));
            assertThat(quoted(ours)).as(c[1]).isEqualTo(quoted(real));
            assertThat(lines(ours, "Fatal error loading the DB")).isEqualTo(lines(real, "Fatal error loading the DB"))
                .isZero();
        }
    }
}
