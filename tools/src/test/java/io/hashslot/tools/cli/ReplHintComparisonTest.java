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
        List<String> real = redisCli(typed);
        List<String> ours = ours(typed);
        // the reference really shows a hint (so equal lines are not just two empty prompts)
        assertThat(editedLine(real.get(1))).endsWith("> set key value [NX|XX] [GET] [EX seconds|PX "
            + "milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]");
        assertThat(differences(typed, real, ours)).isEmpty();
    }

    @Test
    void tabCompletesAndCyclesLikeRedisCli() throws Exception {
        // one candidate; several: each Tab shows the next, then the typed text again, then the first again; none
        List<String> typed = List.of("incrbyf\t", "help getd\t", "config rese\t", "help @hyper\t", "lpus\t",
            "lpus\t\t", "lpus\t\t\t", "lpus\t\t\t\t", "get\t", "nosuchcmd\t", "incrbyf\t fl", "getr\t k ");
        List<String> real = redisCli(typed);
        assertThat(editedLine(real.get(0))).endsWith("> INCRBYFLOAT key increment");
        assertThat(differences(typed, real, ours(typed))).isEmpty();
    }

    @Test
    void helpOutputMatchesRedisCliByteForByte() throws Exception {
        List<String> topics = List.of("set", "config", "client kill", "@hyperloglog", "nosuch");
        List<String> typed = topics.stream().map(t -> "help " + t + "\r").toList();
        List<String> real = redisCli(typed);
        List<String> ours = ours(typed);
        for (int i = 0; i < topics.size(); i++) {
            // both terminals turn each "\n" written into "\r\n" (ONLCR): undone to compare what the programs wrote
            String r = helpBlock(real.get(i).replace("\r\n", "\n"), topics.get(i));
            String o = helpBlock(ours.get(i).replaceAll(MODES, "").replace("\r\n", "\n"), topics.get(i));
            assertThat(o).as("help " + topics.get(i)).isEqualTo(r);
        }
        assertThat(helpBlock(real.get(0).replace("\r\n", "\n"), "set"))
            .startsWith("\r\n  \u001b[1mSET\u001b[0m \u001b[90mkey value [NX|XX]")
            .contains("\r\n  \u001b[33msummary:\u001b[0m Set the string value of a key\r\n");
    }

    private static List<String> differences(List<String> typed, List<String> real, List<String> ours) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < typed.size(); i++) {
            String r = editedLine(real.get(i));
            String o = editedLine(ours.get(i));
            if (!r.equals(o)) {
                out.add("typed [" + typed.get(i) + "]\n  redis-cli: [" + r + "]\n  ours:      [" + o + "]");
            }
        }
        return out;
    }

    // ---- terminals ----

    /**
     * Types each case into one redis-cli session on a pseudo-terminal (util-linux script), clearing the line with
     * Ctrl-U after each; returns what the terminal had received once each case was typed.
     */
    private static List<String> redisCli(List<String> cases) throws IOException, InterruptedException {
        Path ts = Files.createTempFile(home, "typescript", ".txt");
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec",
            "stty cols " + COLS + " rows 50; exec " + RedisServerProcess.CLI + " -p " + server.port(), ts.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("TERM", "xterm");
        env.put("HOME", home.toString());
        env.put("REDISCLI_HISTFILE", "/dev/null");
        Process p = pb.start();
        List<String> shown = new ArrayList<>();
        try (OutputStream in = p.getOutputStream()) {
            awaitQuiet(() -> Files.size(ts));
            for (String keys : cases) {
                for (byte b : keys.getBytes(StandardCharsets.UTF_8)) {
                    in.write(b);
                    in.flush();
                    RedisServerProcess.sleep(5); // each case ends with a wait for the screen to settle
                }
                awaitQuiet(() -> Files.size(ts));
                String text = Files.readString(ts, StandardCharsets.ISO_8859_1);
                int nl = text.indexOf('\n');
                shown.add(text.startsWith("Script started") && nl >= 0 ? text.substring(nl + 1) : text);
                in.write(0x15);
                in.flush();
            }
            in.write(0x04);
            in.flush();
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return shown;
    }

    private enum Step { QUIET, RECORD }

    /** How many bytes a terminal received so far. */
    interface OutputSize {
        long get() throws IOException;
    }

    /** Waits until the output stops growing for 250 ms (at most 5 s). */
    private static void awaitQuiet(OutputSize size) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = size.get();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(250)) {
                return;
            }
            RedisServerProcess.sleep(20);
        }
    }

    /**
     * Types each case into one session of our REPL on a JLine terminal over pipes, Ctrl-U after each, the same way;
     * returns what the terminal had received once each case was typed.
     */
    private static List<String> ours(List<String> cases) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<String> shown = new ArrayList<>();
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
        OutputSize size = () -> {
            synchronized (screen) {
                return screen.size();
            }
        };
        // the keystrokes, with marks where the screen is recorded (after a case) or awaited (before typing)
        List<Object> steps = new ArrayList<>();
        steps.add(Step.QUIET); // typing before the reader put the terminal in raw mode would echo before the prompt
        for (String c : cases) {
            for (byte b : c.getBytes(StandardCharsets.UTF_8)) {
                steps.add(b);
            }
            steps.add(Step.RECORD);
            steps.add((byte) 0x15);
        }
        InputStream typing = new InputStream() {
            private int next;

            @Override
            public int read() throws IOException {
                while (next < steps.size()) {
                    Object step = steps.get(next++);
                    if (step instanceof Byte b) {
                        RedisServerProcess.sleep(5); // each case ends with a wait for the screen to settle
                        return b & 0xff;
                    }
                    awaitQuiet(size);
                    if (step == Step.RECORD) {
                        synchronized (screen) {
                            shown.add(screen.toString(StandardCharsets.UTF_8));
                        }
                    }
                }
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
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
        Terminal terminal = TerminalBuilder.builder().system(false).streams(typing, guarded).type("xterm")
            .size(new Size(COLS, 50)).encoding(StandardCharsets.UTF_8).build();
        // replies go through the terminal too, as on a real one where both reach the same tty in program order
        CliIo io = new CliIo(InputStream.nullInputStream(), terminal.output(), new ByteArrayOutputStream(),
            Map.of("HOME", home.toString()), true, true);
        new Cli(terminal).run(new String[] {"-p", String.valueOf(server.port())}, io);
        terminal.close();
        assertThat(shown).hasSize(cases.size());
        return shown;
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
