package io.hashslot.tools.cli;

import io.hashslot.common.ArgSplitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The interactive loop used when no command is given: reads lines (with JLine on a terminal, plainly from a piped
 * stdin), splits them like redis-cli, handles the local commands (quit, exit, connect, clear, :set, help, a leading
 * repeat count) and runs the rest through the {@link Session}.
 */
final class Repl {
    static final String HISTORY_ENV = "HASHSLOTCLI_HISTFILE";
    static final String HISTORY_FILE = ".hashslotcli_history";
    static final String RC_ENV = "HASHSLOTCLI_RCFILE";
    static final String RC_FILE = ".hashslotclirc";

    /** Where lines come from: a JLine reader or plain standard input. */
    interface LineSource {
        /** The next line as bytes, or null at end of input (Ctrl-D, Ctrl-C at the prompt, EOF). */
        byte[] readLine(String prompt);

        void clearScreen();
    }

    private final Session session;
    private final CliIo io;
    private boolean hints = true;

    Repl(Session session) {
        this.session = session;
        this.io = session.io();
    }

    boolean hintsEnabled() {
        return hints;
    }

    /** Runs until quit/exit or end of input; always ends with exit code 0 like redis-cli. */
    void run(LineSource source) {
        session.interactive(true);
        session.help().entries();
        byte[] line;
        while ((line = source.readLine(session.prompt())) != null) {
            if (line.length == 0) {
                continue;
            }
            List<byte[]> argv = ArgSplitter.split(line);
            if (argv == null) {
                io.print("Invalid argument(s)\n");
                io.flush();
                continue;
            }
            if (argv.isEmpty()) {
                continue;
            }
            long repeat = 1;
            int skip = 0;
            Long count = repeatCount(Session.word(argv.get(0)));
            if (argv.size() > 1 && count != null) {
                if (count <= 0) {
                    io.print("Invalid redis-cli repeat command option value.\n");
                    io.flush();
                    continue;
                }
                repeat = count;
                skip = 1;
            }
            String first = Session.word(argv.get(0));
            if (first.equalsIgnoreCase("quit") || first.equalsIgnoreCase("exit")) {
                throw new CliExit(0);
            } else if (first.startsWith(":")) {
                setPreference(argv, true);
            } else if (first.equalsIgnoreCase("restart")) {
                io.print("Use 'restart' only in Lua debugging mode.\n");
                io.flush();
            } else if (argv.size() == 3 && first.equalsIgnoreCase("connect")) {
                session.target(Session.word(argv.get(1)), CNumbers.atoi(Session.word(argv.get(2))));
                session.connect(true, false);
            } else if (argv.size() == 1 && first.equalsIgnoreCase("clear")) {
                source.clearScreen();
            } else {
                long start = System.nanoTime();
                session.issueCommand(argv.subList(skip, argv.size()), repeat);
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                if (elapsedMs >= 500 && session.options().output == OutputMode.STANDARD) {
                    io.print(String.format(Locale.ROOT, "(%.2fs)\n", elapsedMs / 1000.0));
                    io.flush();
                }
            }
        }
        throw new CliExit(0);
    }

    /** strtol semantics of redis-cli's "N command" prefix: the count, or null when the word is not a number. */
    static Long repeatCount(String w) {
        if (w.isEmpty()) {
            return 0L;
        }
        if (!w.matches("[ \\t\\n\\x0B\\f\\r]*[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Long.parseLong(w.strip().replace("+", ""));
        } catch (NumberFormatException overflow) {
            return -1L;
        }
    }

    /** ":set hints" / ":set nohints", from the prompt or from the rc file. */
    void setPreference(List<byte[]> argv, boolean interactive) {
        String origin = interactive ? "" : RC_FILE + ": ";
        String first = Session.word(argv.get(0));
        if (first.equalsIgnoreCase(":set") && argv.size() >= 2) {
            String what = Session.word(argv.get(1));
            if (what.equalsIgnoreCase("hints")) {
                hints = true;
            } else if (what.equalsIgnoreCase("nohints")) {
                hints = false;
            } else {
                io.print(origin + "unknown hashslot-cli preference '" + what + "'\n");
            }
        } else {
            io.print(origin + "unknown hashslot-cli internal command '" + first + "'\n");
        }
        io.flush();
    }

    /** Reads the rc file (HASHSLOTCLI_RCFILE or ~/.hashslotclirc) if there is one. */
    void loadPreferences() {
        Path rc = dotfile(io, RC_ENV, RC_FILE);
        if (rc == null || !Files.isReadable(rc)) {
            return;
        }
        try {
            for (String l : Files.readAllLines(rc, StandardCharsets.ISO_8859_1)) {
                List<byte[]> argv = ArgSplitter.split(l.getBytes(StandardCharsets.ISO_8859_1));
                if (argv != null && !argv.isEmpty()) {
                    setPreference(argv, false);
                }
            }
        } catch (IOException e) {
            // an unreadable rc file is ignored, like redis-cli
        }
    }

    /** The path named by the environment variable, else ~/name; null for /dev/null or no home. */
    static Path dotfile(CliIo io, String env, String name) {
        String p = io.env(env);
        if (p != null && !p.isEmpty()) {
            return p.equals("/dev/null") ? null : Path.of(p);
        }
        String home = io.env("HOME");
        return home == null || home.isEmpty() ? null : Path.of(home, name);
    }

    /** Commands kept out of the history file because they carry passwords. */
    static boolean isSensitive(List<byte[]> argv) {
        int argc = argv.size();
        if (argc == 0) {
            return false;
        }
        String a0 = Session.word(argv.get(0));
        if (a0.equalsIgnoreCase("auth")) {
            return true;
        }
        if (argc > 1 && a0.equalsIgnoreCase("acl") && Session.word(argv.get(1)).equalsIgnoreCase("setuser")) {
            return true;
        }
        if (argc > 2 && a0.equalsIgnoreCase("config") && Session.word(argv.get(1)).equalsIgnoreCase("set")) {
            String p = Session.word(argv.get(2));
            return p.equalsIgnoreCase("masterauth") || p.equalsIgnoreCase("masteruser")
                || p.equalsIgnoreCase("requirepass");
        }
        if (argc > 4 && a0.equalsIgnoreCase("hello")) {
            for (int j = 2; j < argc; j++) {
                int more = argc - 1 - j;
                String a = Session.word(argv.get(j));
                if (a.equalsIgnoreCase("auth") && more >= 2) {
                    return true;
                } else if (a.equalsIgnoreCase("setname") && more > 0) {
                    j++;
                } else {
                    return false;
                }
            }
            return false;
        }
        if (argc > 7 && a0.equalsIgnoreCase("migrate")) {
            for (int j = 6; j < argc; j++) {
                int more = argc - 1 - j;
                String a = Session.word(argv.get(j));
                if (a.equalsIgnoreCase("auth") && more > 0) {
                    return true;
                } else if (a.equalsIgnoreCase("auth2") && more >= 2) {
                    return true;
                } else if (a.equalsIgnoreCase("keys") && more > 0) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Lines from a non-terminal stdin: no prompt, no history, no editing; read byte by byte, never past '\n'. */
    static LineSource plain(CliIo io) {
        return new LineSource() {
            @Override
            public byte[] readLine(String prompt) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                try {
                    int b;
                    while ((b = io.in().read()) >= 0 && b != '\n') {
                        line.write(b);
                    }
                    if (b < 0 && line.size() == 0) {
                        return null;
                    }
                } catch (IOException e) {
                    return null;
                }
                byte[] bytes = line.toByteArray();
                int len = bytes.length;
                if (len > 0 && bytes[len - 1] == '\r') {
                    len--;
                }
                return java.util.Arrays.copyOf(bytes, len);
            }

            @Override
            public void clearScreen() {
                io.print("\u001b[H\u001b[2J");
                io.flush();
            }
        };
    }
}
