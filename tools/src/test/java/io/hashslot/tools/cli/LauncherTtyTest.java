package io.hashslot.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hashslot-cli as a separate process (CliMain, System.exit): raw output when stdout is a pipe, the formatted
 * output on a real pseudo-terminal (made with util-linux's script), compared with redis-cli run the same way.
 */
class LauncherTtyTest {
    private static RedisServerProcess server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        RedisServerProcess.assumeAvailable();
        server = RedisServerProcess.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> ourCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED", "-XX:+IgnoreUnrecognizedVMOptions", "-cp",
            System.getProperty("java.class.path"), CliMain.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> redisCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(RedisServerProcess.CLI));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static CliRun run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        byte[] err = p.getErrorStream().readAllBytes();
        byte[] out = p.getInputStream().readAllBytes();
        return new CliRun(out, err, p.waitFor());
    }

    /** Runs the command on a pseudo-terminal; returns what the terminal received (CRLF line ends). */
    private CliRun onTty(List<String> cmd) throws IOException, InterruptedException {
        Path typescript = tmp.resolve("typescript-" + System.nanoTime());
        StringBuilder line = new StringBuilder();
        for (String c : cmd) {
            line.append('\'').append(c.replace("'", "'\\''")).append("' ");
        }
        Process p = new ProcessBuilder("script", "-qfec", line.toString(), typescript.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        int code = p.waitFor();
        String text = Files.readString(typescript, StandardCharsets.ISO_8859_1);
        int nl = text.indexOf('\n');
        String body = text.substring(nl + 1);
        int footer = body.lastIndexOf("\nScript done");
        if (footer >= 0) {
            body = body.substring(0, footer);
        }
        return new CliRun(body.getBytes(StandardCharsets.ISO_8859_1), new byte[0], code);
    }

    private static boolean scriptAvailable() {
        try {
            return new ProcessBuilder("script", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void pipedStdoutGetsRawRepliesAndExitCodes() throws Exception {
        String port = String.valueOf(server.port());
        run(redisCommand("-p", port, "rpush", "launch", "a", "b c"));
        CliRun ours = run(ourCommand("-p", port, "lrange", "launch", "0", "-1"));
        assertThat(ours.out()).isEqualTo("a\nb c\n");
        assertThat(ours.exitCode()).isZero();
        CliRun err = run(ourCommand("-p", port, "-e", "incr", "launch"));
        CliRun redisErr = run(redisCommand("-p", port, "-e", "incr", "launch"));
        assertThat(err.exitCode()).isEqualTo(redisErr.exitCode()).isEqualTo(1);
        assertThat(err.err()).isEqualTo(redisErr.err());
        CliRun refused = run(ourCommand("-p", String.valueOf(RedisServerProcess.freePort()), "ping"));
        assertThat(refused.exitCode()).isEqualTo(1);
        CliRun version = run(ourCommand("--version"));
        assertThat(version.out()).startsWith("hashslot-cli ");
    }

    @Test
    void terminalStdoutGetsTheFormattedRepliesLikeRedisCli() throws Exception {
        Assumptions.assumeTrue(scriptAvailable(), "util-linux script not installed");
        String port = String.valueOf(server.port());
        run(redisCommand("-p", port, "del", "tty"));
        run(redisCommand("-p", port, "rpush", "tty", "a", "b\u0001", "c\td"));
        for (String[] args : new String[][] {{"lrange", "tty", "0", "-1"}, {"get", "nosuch"}, {"llen", "tty"},
            {"incr", "tty"}, {"--raw", "lrange", "tty", "0", "-1"}}) {
            List<String> full = new ArrayList<>(List.of("-p", port));
            full.addAll(List.of(args));
            CliRun expected = onTty(redisCommand(full.toArray(new String[0])));
            CliRun actual = onTty(ourCommand(full.toArray(new String[0])));
            assertThat(actual.out()).isEqualTo(expected.out());
        }
        assertThat(onTty(ourCommand("-p", port, "lrange", "tty", "0", "-1")).out())
            .isEqualTo("1) \"a\"\r\n2) \"b\\x01\"\r\n3) \"c\\td\"\r\n");
    }
}
