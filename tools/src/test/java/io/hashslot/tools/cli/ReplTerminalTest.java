package io.hashslot.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive prompt driven through a JLine terminal over pipes, against a real redis-server: prompts with
 * [db] and (TX), the history file (without AUTH lines), help from COMMAND DOCS, tab completion, argument hints,
 * reconnecting after the server went away.
 */
class ReplTerminalTest {
    private static RedisServerProcess server;

    @TempDir
    Path home;

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

    /** Runs the REPL with the typed text as terminal input until it ends; returns what the terminal showed. */
    static Result runRepl(String typed, Map<String, String> env, String... args) throws IOException {
        return runRepl(typed, env, t -> { }, args);
    }

    /** Like {@link #runRepl(String, Map, String...)}, running {@code meanwhile} on another thread. */
    static Result runRepl(String typed, Map<String, String> env, java.util.function.Consumer<Terminal> meanwhile,
                          String... args) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        InputStream keys = new Keystrokes(typed.getBytes(StandardCharsets.UTF_8));
        Terminal terminal = TerminalBuilder.builder().system(false).streams(keys, screen).type("xterm")
            .size(new Size(300, 40)).encoding(StandardCharsets.UTF_8).build();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo io = new CliIo(InputStream.nullInputStream(), screen, err, env, true, true);
        Thread side = new Thread(() -> meanwhile.accept(terminal));
        side.start();
        int code = new Cli(terminal).run(args, io);
        try {
            side.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        terminal.close();
        return new Result(screen.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
    }

    record Result(String screen, String err, int code) {
    }

    /**
     * Typed input: one byte per read, pausing before Enter, Tab and control keys so the screen gets redrawn; a NUL
     * is not typed but waits most of a second.
     */
    static final class Keystrokes extends InputStream {
        private final byte[] bytes;
        private int pos;

        Keystrokes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            if (pos >= bytes.length) {
                return -1;
            }
            while (pos < bytes.length && bytes[pos] == 0) {
                RedisServerProcess.sleep(800);
                pos++;
            }
            if (pos >= bytes.length) {
                return -1;
            }
            byte b = bytes[pos];
            RedisServerProcess.sleep(b < 0x20 ? 150 : 2);
            pos++;
            return b & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        return env;
    }

    @Test
    void promptFollowsSelectAndMultiAndHistoryIsWritten() throws IOException {
        String p = "127.0.0.1:" + server.port();
        Result r = runRepl(String.join("\r", "set greeting hello", "get greeting", "select 2", "multi", "incr n",
            "exec", "auth secretpw", "select 0", "lrange nosuch 0 -1", "") + "\u0004", env(), "-p",
            String.valueOf(server.port()));
        assertThat(r.code()).isZero();
        assertThat(r.screen()).contains(p + "> ").contains(p + "[2]> ").contains(p + "[2](TX)> ")
            .contains("\"hello\"").contains("QUEUED").contains("1) (integer) 1").contains("(empty array)");
        assertThat(r.screen().indexOf(p + "[2](TX)> ")).isGreaterThan(r.screen().indexOf(p + "[2]> "));
        Path history = home.resolve(".hashslotcli_history");
        List<String> lines = Files.readAllLines(history);
        assertThat(lines).containsExactly("set greeting hello", "get greeting", "select 2", "multi", "incr n",
            "exec", "select 0", "lrange nosuch 0 -1");

        Path custom = home.resolve("custom-history");
        Map<String, String> env = env();
        env.put("HASHSLOTCLI_HISTFILE", custom.toString());
        runRepl("ping\r\u0004", env, "-p", String.valueOf(server.port()));
        assertThat(Files.readAllLines(custom)).containsExactly("ping");
        // the history is loaded again: the up arrow brings back the last line
        Result again = runRepl("\u001bOA\r\u0004", env, "-p", String.valueOf(server.port()));
        assertThat(again.screen()).contains("PONG");
    }

    @Test
    void helpCompletionAndHints() throws IOException {
        Result r = runRepl("help get\rhelp @hyperloglog\rhelp getd\t\r\u0004", env(), "-p",
            String.valueOf(server.port()));
        assertThat(r.screen()).contains("\u001b[1mGET\u001b[0m \u001b[90mkey\u001b[0m")
            .contains("\u001b[33msummary:\u001b[0m Get the value of a key")
            .contains("\u001b[33mgroup:\u001b[0m string")
            .contains("\u001b[1mPFMERGE\u001b[0m \u001b[90mdestkey sourcekey [sourcekey ...]\u001b[0m")
            .contains("\u001b[1mGETDEL\u001b[0m \u001b[90mkey\u001b[0m");

        Result hints = runRepl("set k\u0015\u0004", env(), "-p", String.valueOf(server.port()));
        assertThat(hints.screen()).contains("value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT");
        Result off = runRepl(":set nohints\rset k\u0015\u0004", env(), "-p", String.valueOf(server.port()));
        assertThat(off.screen()).doesNotContain("value [NX|XX]");

        Result completed = runRepl("incrbyf\t fl 1.5\r\u0004", env(), "-p", String.valueOf(server.port()));
        assertThat(completed.screen()).contains("INCRBYFLOAT").contains("\"1.5\"");
        // a second Tab shows the next candidate in place, as redis-cli does: LPUSHX on a missing key replies 0
        // (LPUSH, the first candidate, would create it and reply 1)
        Result cycled = runRepl("lpus\t\t cyclekey v\r\u0004", env(), "-p", String.valueOf(server.port()));
        assertThat(cycled.screen()).contains("(integer) 0").doesNotContain("(integer) 1");
    }

    @Test
    void reconnectsAfterTheServerWentAway() throws IOException {
        try (RedisServerProcess victim = RedisServerProcess.start()) {
            String p = "127.0.0.1:" + victim.port();
            Result r = runRepl("ping\rclient kill type normal\rping\rping\r\u0004", env(), "-p",
                String.valueOf(victim.port()));
            assertThat(r.screen()).contains(p + "> ").contains("PONG");
            // after the server closed the connection the next command reconnects and works
            int firstPong = r.screen().indexOf("PONG");
            assertThat(r.screen().indexOf("PONG", firstPong + 1)).isGreaterThan(firstPong);
        }
        int closed = RedisServerProcess.freePort();
        Result down = runRepl("ping\r\u0004", env(), "-p", String.valueOf(closed));
        assertThat(down.screen()).contains("not connected> ");
        assertThat(down.err()).contains("Could not connect to Redis at 127.0.0.1:" + closed + ": Connection refused");
        assertThat(down.code()).isZero();
    }

    @Test
    void ctrlCEndsSubscribeAndTheSessionGoesOn() throws Exception {
        Result r = runRepl("select 1\rsubscribe news\r\0\0\0ping\r\u0004", env(), terminal -> {
            RedisServerProcess.sleep(1100);
            try {
                server.call("PUBLISH news flash");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            RedisServerProcess.sleep(400);
            terminal.raise(Terminal.Signal.INT);
        }, "-p", String.valueOf(server.port()));
        String p = "127.0.0.1:" + server.port();
        assertThat(r.screen()).contains("Reading messages... (press Ctrl-C to quit)").contains("3) \"flash\"");
        int flash = r.screen().indexOf("3) \"flash\"");
        assertThat(r.screen().indexOf("PONG", flash)).isPositive();
        assertThat(r.screen().indexOf(p + "[1]> ", flash)).as("db re-selected after reconnect").isPositive();
        assertThat(r.code()).isZero();
    }

    @Test
    void connectCommandSwitchesServer() throws IOException {
        try (RedisServerProcess other = RedisServerProcess.start()) {
            List<String> typed = new ArrayList<>(List.of("set where first", "connect 127.0.0.1 " + other.port(),
                "set where second", "get where"));
            Result r = runRepl(String.join("\r", typed) + "\r\u0004", env(), "-p", String.valueOf(server.port()));
            assertThat(r.screen()).contains("127.0.0.1:" + other.port() + "> ").contains("\"second\"");
            assertThat(other.call("GET where")).isEqualTo("$6\r\n");
            assertThat(server.call("GET where")).isEqualTo("$5\r\n");
        }
    }
}
