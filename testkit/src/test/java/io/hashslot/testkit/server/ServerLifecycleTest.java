package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.FreePorts;
import io.hashslot.testkit.RawClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hashslot-server as a process: startup and shutdown log lines, pidfile, SIGTERM, daemonize. */
class ServerLifecycleTest {
    @TempDir
    Path dir;

    private static boolean pingOk(int port) {
        try (RawClient c = new RawClient(port)) {
            return c.callRawString("PING").equals("+PONG\r\n");
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void startsLogsLikeRedisAndStopsOnSigterm() throws Exception {
        int port = FreePorts.find();
        Path log = dir.resolve("node.log");
        List<String> cmd = ServerProcess.hashslotCommand("--port", String.valueOf(port), "--logfile", log.toString(),
            "--pidfile", dir.resolve("node.pid").toString());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(new File(dir.resolve("stdout").toString())).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> pingOk(port));
            String text = Files.readString(log);
            assertThat(text).contains("# oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
            assertThat(text).containsPattern("\\d+:M \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} "
                + "# Server initialized");
            assertThat(text).contains("* Ready to accept connections");
            String pid = Files.readString(dir.resolve("node.pid")).strip();
            assertThat(Long.parseLong(pid)).isEqualTo(p.pid());
            new ProcessBuilder("kill", "-TERM", pid).start().waitFor();
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            String after = Files.readString(log);
            assertThat(after).contains("# Received SIGTERM scheduling shutdown...");
            assertThat(after).contains("* Removing the pid file.");
            assertThat(after).contains("# Redis is now ready to exit, bye bye...");
            assertThat(dir.resolve("node.pid")).doesNotExist();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void daemonizeDetachesAndWritesThePidfile() throws Exception {
        int port = FreePorts.find();
        Path pidfile = dir.resolve("d.pid");
        ServerProcess.Outcome parent = ServerProcess.run(ServerProcess.hashslotCommand("--port", String.valueOf(port),
            "--daemonize", "yes", "--pidfile", pidfile.toString(), "--logfile", dir.resolve("d.log").toString()),
            dir.toFile());
        assertThat(parent.exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> pingOk(port));
        long pid = Long.parseLong(Files.readString(pidfile).strip());
        try (RawClient c = new RawClient(port)) {
            c.callRawString("SHUTDOWN", "NOSAVE");
        } catch (RuntimeException e) {
            // the connection closes as the node exits
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertThat(Files.readString(dir.resolve("d.log"))).contains("User requested shutdown...");
    }
}
