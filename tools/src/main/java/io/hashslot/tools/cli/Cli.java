package io.hashslot.tools.cli;

import io.hashslot.tools.cluster.ClusterCli;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;

/**
 * hashslot-cli, a redis-cli 7.0 work-alike: parses the options, then runs one mode (--latency, --pipe, --bigkeys,
 * --memkeys, --stat, --scan, --intrinsic-latency), the command given on the command line, or the interactive
 * prompt. Returns the exit code instead of exiting, so it can run inside tests.
 */
final class Cli {
    /** Interactive terminal to use instead of the system one (tests), or null. */
    private final Terminal terminal;

    Cli() {
        this(null);
    }

    Cli(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Runs with this process's standard streams and environment. */
    int run(String[] args) {
        if (ClusterCli.wants(args)) {
            return ClusterCli.run(args, System.in, System.out, System.err, System.getenv(), true);
        }
        CliIo io = new CliIo(System.in, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            new FileOutputStream(FileDescriptor.err), System.getenv(), TtyProbe.isTty(SystemStream.Input),
            TtyProbe.isTty(SystemStream.Output));
        return run(args, io);
    }

    int run(String[] args, CliIo io) {
        try {
            runModes(args, io);
            return 0;
        } catch (CliExit e) {
            return e.code();
        } catch (UncheckedIOException e) {
            return 1;
        } finally {
            try {
                io.flush();
            } catch (UncheckedIOException e) {
                // stdout closed (e.g. piped into head): nothing more to say
            }
        }
    }

    private void runModes(String[] args, CliIo io) {
        CliOptions o = CliOptions.parse(args, io);
        if (o.askpass) {
            o.auth = askPassword(io, "Please input password: ");
        }
        Session session = new Session(o, io);
        if (o.latency) {
            connectOrExit(session);
            LatencyMode.run(session);
        }
        if (o.pipe) {
            connectOrExit(session);
            new PipeMode(session).run();
        }
        if (o.bigkeys) {
            connectOrExit(session);
            new BigKeysMode(session, false).run();
        }
        if (o.memkeys) {
            connectOrExit(session);
            new BigKeysMode(session, true).run();
        }
        if (o.stat) {
            connectOrExit(session);
            StatMode.run(session, 0);
        }
        if (o.scan) {
            connectOrExit(session);
            ScanMode.run(session);
        }
        if (o.intrinsicLatency) {
            LatencyMode.intrinsic(io, o.intrinsicLatencySeconds);
        }
        List<byte[]> command = o.commandArgs(args);
        if (command != null && command.isEmpty() && o.eval == null) {
            session.connect(false, false);
            repl(session, io);
        }
        if (o.eval != null) {
            connectOrExit(session);
            throw new CliExit(eval(session, o, command));
        }
        session.connect(false, true);
        throw new CliExit(oneShot(session, o, io, command));
    }

    private static void connectOrExit(Session session) {
        if (!session.connect(false, false)) {
            throw new CliExit(1);
        }
    }

    private static int oneShot(Session session, CliOptions o, CliIo io, List<byte[]> argv) {
        if (argv == null) {
            io.print("Invalid quoted string\n");
            return 1;
        }
        if (o.stdinLastArg) {
            argv.add(readStdin(io));
        } else if (o.stdinTag != null) {
            byte[] tag = CliOptions.argBytes(o.stdinTag);
            int at = -1;
            for (int i = 0; i < argv.size() && at < 0; i++) {
                if (java.util.Arrays.equals(argv.get(i), tag)) {
                    at = i;
                }
            }
            if (at < 0) {
                io.eprint("Using -X option but stdin tag not match.\n");
                return 1;
            }
            argv.set(at, readStdin(io));
        }
        return session.issueCommand(argv, o.repeat) ? 0 : 1;
    }

    private static byte[] readStdin(CliIo io) {
        try {
            return io.in().readAllBytes();
        } catch (IOException e) {
            io.eprint("Reading from standard input: " + e.getMessage() + "\n");
            throw new CliExit(1);
        }
    }

    /** --eval file key1 key2 , arg1 arg2: EVAL with the file's script. */
    private static int eval(Session session, CliOptions o, List<byte[]> args) {
        byte[] script;
        try {
            script = Files.readAllBytes(Path.of(o.eval));
        } catch (IOException e) {
            session.io().eprint("Can't open file '" + o.eval + "': No such file or directory\n");
            throw new CliExit(1);
        }
        List<byte[]> argv = new ArrayList<>();
        argv.add("EVAL".getBytes(StandardCharsets.US_ASCII));
        argv.add(script);
        argv.add(null);
        boolean comma = false;
        int keys = 0;
        for (byte[] a : args == null ? List.<byte[]>of() : args) {
            if (!comma && a.length == 1 && a[0] == ',') {
                comma = true;
                continue;
            }
            argv.add(a);
            if (!comma) {
                keys++;
            }
        }
        argv.set(2, String.valueOf(keys).getBytes(StandardCharsets.US_ASCII));
        return session.issueCommand(argv, o.repeat) ? 0 : 1;
    }

    private void repl(Session session, CliIo io) {
        Repl repl = new Repl(session);
        if (!io.stdinTty() && terminal == null) {
            repl.run(Repl.plain(io));
            return;
        }
        repl.loadPreferences();
        Terminal t = terminal != null ? terminal : systemTerminal();
        t.handle(Terminal.Signal.INT, s -> {
            // Ctrl-C while a command runs: ends MONITOR/SUBSCRIBE, otherwise ends the program like redis-cli
            if (!session.abortBlocking() && terminal == null) {
                io.flush();
                Runtime.getRuntime().halt(1);
            }
        });
        TerminalLineSource source = new TerminalLineSource(t, session.help(), repl,
            Repl.dotfile(io, Repl.HISTORY_ENV, Repl.HISTORY_FILE));
        try {
            repl.run(source);
        } finally {
            try {
                source.reader().getHistory().save();
            } catch (IOException e) {
                // history is best effort
            }
        }
    }

    private static Terminal systemTerminal() {
        try {
            return TerminalBuilder.builder().system(true).nativeSignals(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** --askpass: reads the password with a masked prompt on a terminal, or as one line of piped stdin. */
    private String askPassword(CliIo io, String prompt) {
        if (terminal == null && !io.stdinTty()) {
            byte[] line = Repl.plain(io).readLine(prompt);
            return line == null ? "" : new String(line, CliOptions.ARG_CHARSET);
        }
        Terminal t = terminal != null ? terminal : systemTerminal();
        try {
            return LineReaderBuilder.builder().terminal(t).build().readLine(prompt, '*');
        } catch (UserInterruptException | EndOfFileException e) {
            return "";
        }
    }
}
