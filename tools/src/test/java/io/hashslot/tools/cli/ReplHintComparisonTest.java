package io.hashslot.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL's argument hints, tab completion and "help" output, typed into a JLine terminal over pipes, compared
 * with what real redis-cli 7.0 shows on a pseudo-terminal (util-linux script) for the same keystrokes against the
 * same real redis-server. Both screens are rendered by a VT100 emulator (JLine's ScreenTerminal) and the line being
 * edited is compared as text; help output is compared byte for byte, colors included.
 */
class ReplHintComparisonTest {
    private static final int COLS = 500;
    /** Keypad, mouse and bracketed-paste mode switches JLine sends around each line it reads. */
    private static final String MODES = "\u001b\\[\\?[0-9;]*[hl]|\u001b[=>]";
    private static RedisServerProcess server;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        RedisServerProcess.assumeAvailable();
        Assumptions.assumeTrue(runs("script", "--version") && runs("stty", "--version"),
            "util-linux script / stty missing; skipped");
        server = RedisServerProcess.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void argumentHintsMatchRedisCli() throws Exception {
        List<String> typed = List.of("set", "set ", "set k", "set k v ", "SET k v EX 10 ", "zadd k ", "getex k ",
            "config set ", "CONFIG get m", "client kill ", "georadius k 1 2 ", "object encoding ", "acl ", "nosuch ",
            "  get  ", "\"get\" ", "mset a 1 b 2 ");
        List<String> differences = new ArrayList<>();
        for (String t : typed) {
            String real = editedLine(redisCli(t));
            String ours = editedLine(ours(t));
            if (!real.equals(ours)) {
                differences.add("typed [" + t + "]\n  redis-cli: [" + real + "]\n  ours:      [" + ours + "]");
            }
        }
        // the reference really shows a hint (so equal lines are not just two empty prompts)
        assertThat(editedLine(redisCli("set "))).endsWith("> set key value [NX|XX] [GET] [EX seconds|PX "
            + "milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
        assertThat(differences).isEmpty();
    }

    @Test
    void tabCompletesCommandNamesLikeRedisCli() throws Exception {
        List<String> typed = List.of("incrbyf\t", "help getd\t", "config rese\t", "help @hyper\t");
        List<String> differences = new ArrayList<>();
        for (String t : typed) {
            String real = editedLine(redisCli(t));
            String ours = editedLine(ours(t));
            if (!real.equals(ours)) {
                differences.add("typed [" + t + "]\n  redis-cli: [" + real + "]\n  ours:      [" + ours + "]");
            }
        }
        assertThat(editedLine(redisCli("incrbyf\t"))).endsWith("> INCRBYFLOAT key increment");
        assertThat(differences).isEmpty();
    }

    @Test
    void helpOutputMatchesRedisCliByteForByte() throws Exception {
        for (String topic : List.of("set", "config", "client kill", "@hyperloglog", "nosuch")) {
            // both terminals turn each "\n" written into "\r\n" (ONLCR): undone to compare what the programs wrote
            String real = helpBlock(redisCli("help " + topic + "\r").replace("\r\n", "\n"), topic);
            String ours = helpBlock(ours("help " + topic + "\r", true).replaceAll(MODES, "").replace("\r\n", "\n"),
                topic);
            assertThat(ours).as("help " + topic).isEqualTo(real);
        }
        assertThat(helpBlock(redisCli("help set\r").replace("\r\n", "\n"), "set"))
            .startsWith("\r\n  \u001b[1mSET\u001b[0m \u001b[90mkey value [NX|XX]")
            .contains("\r\n  \u001b[33msummary:\u001b[0m Set the string value of a key\r\n");
    }

    // ---- terminals ----

    /** What redis-cli wrote to its pseudo-terminal after the keystrokes (typescript of util-linux script). */
    private static String redisCli(String keys) throws IOException, InterruptedException {
        Path ts = Files.createTempFile(home, "typescript", ".txt");
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec",
            "stty cols " + COLS + " rows 50; exec " + RedisServerProcess.CLI + " -p " + server.port(), ts.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("TERM", "xterm");
        env.put("HOME", home.toString());
        env.put("REDISCLI_HISTFILE", "/dev/null");
        Process p = pb.start();
        OutputStream in = p.getOutputStream();
        awaitQuiet(ts, 300, 5000);
        for (byte b : keys.getBytes(StandardCharsets.UTF_8)) {
            in.write(b);
            in.flush();
            RedisServerProcess.sleep(b < 0x20 ? 250 : 5);
        }
        String shown = awaitQuiet(ts, 300, 5000);
        in.write(new byte[] {0x15, 0x04});
        in.flush();
        in.close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        int nl = shown.indexOf('\n');
        return shown.startsWith("Script started") && nl >= 0 ? shown.substring(nl + 1) : shown;
    }

    /** Waits until the file stops growing for quietMs; returns its text. */
    private static String awaitQuiet(Path file, long quietMs, long maxMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
        long size = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = Files.size(file);
            if (now != size) {
                size = now;
                stableSince = System.nanoTime();
            } else if (size > 0 && System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(quietMs)) {
                break;
            }
            RedisServerProcess.sleep(20);
        }
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** What our REPL wrote to its JLine terminal once the keystrokes were typed (before it ends the session). */
    private static String ours(String keys) throws IOException {
        return ours(keys, false);
    }

    /** With whole: everything the session wrote until it ended at the end of the keystrokes. */
    private static String ours(String keys, boolean whole) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        String[] shown = new String[1];
        byte[] bytes = keys.getBytes(StandardCharsets.UTF_8);
        InputStream typing = new InputStream() {
            private int pos;

            @Override
            public int read() {
                if (pos >= bytes.length) {
                    if (shown[0] == null) {
                        RedisServerProcess.sleep(400);
                        synchronized (screen) {
                            shown[0] = screen.toString(StandardCharsets.UTF_8);
                        }
                    }
                    return -1;
                }
                if (pos == 0) {
                    awaitPrompt();
                }
                RedisServerProcess.sleep(bytes[pos] < 0x20 ? 250 : 5);
                return bytes[pos++] & 0xff;
            }

            /** Typing before the reader switched the terminal to raw mode would echo the keys before the prompt. */
            private void awaitPrompt() {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < deadline) {
                    synchronized (screen) {
                        if (screen.toString(StandardCharsets.UTF_8).contains("> ")) {
                            break;
                        }
                    }
                    RedisServerProcess.sleep(20);
                }
                RedisServerProcess.sleep(100);
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
        };
        OutputStream guarded = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (screen) {
                    screen.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (screen) {
                    screen.write(b, off, len);
                }
            }
        };
        Terminal terminal = TerminalBuilder.builder().system(false).streams(typing, guarded).type("xterm")
            .size(new Size(COLS, 50)).encoding(StandardCharsets.UTF_8).build();
        // replies go through the terminal too, as on a real one where both reach the same tty in program order
        CliIo io = new CliIo(InputStream.nullInputStream(), terminal.output(), new ByteArrayOutputStream(),
            Map.of("HOME", home.toString()), true, true);
        new Cli(terminal).run(new String[] {"-p", String.valueOf(server.port())}, io);
        terminal.close();
        return shown[0] != null && !whole ? shown[0] : screen.toString(StandardCharsets.UTF_8);
    }

    // ---- reading the screens ----

    /** The last non-blank line of the rendered screen: the prompt with the line being edited and its hint. */
    private static String editedLine(String raw) {
        ScreenTerminal vt = new ScreenTerminal(COLS, 50);
        vt.write(raw);
        String[] lines = vt.toString().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].stripTrailing();
            if (!l.isEmpty()) {
                return l;
            }
        }
        return "";
    }

    /** The bytes a "help" command printed: from the end of the echoed command line to the next prompt. */
    private static String helpBlock(String raw, String topic) {
        String prompt = "127.0.0.1:" + server.port() + "> ";
        int typed = raw.lastIndexOf("help " + topic);
        assertThat(typed).as("echo of help %s in %s", topic, raw).isGreaterThanOrEqualTo(0);
        int start = raw.indexOf("\n", typed) + 1;
        int end = raw.indexOf(prompt, start);
        assertThat(start).isPositive();
        return end < 0 ? raw.substring(start) : raw.substring(start, end);
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
