package io.hashslot.tools.cli;

import io.hashslot.common.ArgSplitter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;

/**
 * The command line options of hashslot-cli, parsed the redis-cli way: options come first, each matched exactly;
 * the first word that does not start with '-' begins the command; an unknown option, or one missing its value,
 * ends the program with "Unrecognized option or bad number of args for: '...'".
 *
 * <p>Hand-parsed rather than with picocli: redis-cli's syntax (stop at the first non-option, "-h" alone meaning
 * help, values taken with atoi/atof leniency, no option bundling) does not map onto a picocli model cleanly.
 */
final class CliOptions {
    static final String AUTH_ENV = "HASHSLOTCLI_AUTH";
    static final int DEFAULT_PIPE_TIMEOUT = 30;
    /**
     * How the JVM decoded the command line (sun.jnu.encoding); encoding arguments back with it gives the bytes the
     * user typed, as redis-cli sends them.
     */
    static final Charset ARG_CHARSET = argCharset();

    String host = "127.0.0.1";
    int port = 6379;
    String socket;
    long repeat = 1;
    /** Microseconds between repeated commands (and per cycle of --scan, --stat...). */
    long intervalUs;
    int dbnum;
    String auth;
    String user;
    boolean askpass;
    boolean noAuthWarning;
    OutputMode output;
    boolean pushOutput;
    String mbDelim = "\n";
    String cmdDelim = "\n";
    boolean stdinLastArg;
    String stdinTag;
    boolean quotedInput;
    boolean clusterMode;
    boolean setErrcode;
    boolean resp2;
    /** 0: not asked, 1: -3, 2: implied by --json. */
    int resp3;
    boolean latency;
    boolean latencyHistory;
    boolean stat;
    boolean scan;
    byte[] pattern;
    /** SCAN COUNT for --scan/--bigkeys/--memkeys (an extension over redis-cli 7.0); 0 means not given. */
    long count;
    boolean bigkeys;
    boolean memkeys;
    long memkeysSamples;
    boolean pipe;
    int pipeTimeout = DEFAULT_PIPE_TIMEOUT;
    boolean intrinsicLatency;
    int intrinsicLatencySeconds;
    String eval;
    boolean verbose;
    /** Index in the argument array of the first command word (args.length when there is none). */
    int firstArg;

    private CliOptions() {
    }

    private static Charset argCharset() {
        try {
            String name = System.getProperty("sun.jnu.encoding");
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** A command line argument as the bytes the user gave. */
    static byte[] argBytes(String arg) {
        return arg.getBytes(ARG_CHARSET);
    }

    /** Parses the options; prints help/version/errors and throws {@link CliExit} where redis-cli exits. */
    static CliOptions parse(String[] args, CliIo io) {
        CliOptions o = new CliOptions();
        boolean tty = io.stdoutTty() || io.env("FAKETTY") != null;
        o.output = tty ? OutputMode.STANDARD : OutputMode.RAW;
        o.pushOutput = tty;
        int i;
        for (i = 0; i < args.length; i++) {
            String a = args[i];
            boolean last = i == args.length - 1;
            boolean hasValue = !last;
            if (a.equals("-h") && hasValue) {
                o.host = args[++i];
            } else if (a.equals("-h") || a.equals("--help")) {
                Usage.print(io, false);
                throw new CliExit(0);
            } else if (a.equals("-v") || a.equals("--version")) {
                io.print(Usage.versionLine() + "\n");
                io.flush();
                throw new CliExit(0);
            } else if (a.equals("-x")) {
                o.stdinLastArg = true;
            } else if (a.equals("-X") && hasValue) {
                o.stdinTag = args[++i];
            } else if (a.equals("-p") && hasValue) {
                o.port = CNumbers.atoi(args[++i]);
            } else if (a.equals("-s") && hasValue) {
                o.socket = args[++i];
            } else if (a.equals("-r") && hasValue) {
                o.repeat = CNumbers.strtol(args[++i]);
            } else if (a.equals("-i") && hasValue) {
                o.intervalUs = (long) (CNumbers.atof(args[++i]) * 1_000_000);
            } else if (a.equals("-n") && hasValue) {
                o.dbnum = CNumbers.atoi(args[++i]);
            } else if (a.equals("--no-auth-warning")) {
                o.noAuthWarning = true;
            } else if (a.equals("--askpass")) {
                o.askpass = true;
            } else if ((a.equals("-a") || a.equals("--pass")) && hasValue) {
                o.auth = args[++i];
            } else if (a.equals("--user") && hasValue) {
                o.user = args[++i];
            } else if (a.equals("-u") && hasValue) {
                RedisUri.apply(args[++i], o, io);
            } else if (a.equals("--raw")) {
                o.output = OutputMode.RAW;
            } else if (a.equals("--no-raw")) {
                o.output = OutputMode.STANDARD;
            } else if (a.equals("--quoted-input")) {
                o.quotedInput = true;
            } else if (a.equals("--csv")) {
                o.output = OutputMode.CSV;
            } else if (a.equals("--json") || a.equals("--quoted-json")) {
                if (o.resp3 == 0) {
                    o.resp3 = 2;
                }
                o.output = a.equals("--json") ? OutputMode.JSON : OutputMode.QUOTED_JSON;
            } else if (a.equals("--latency")) {
                o.latency = true;
            } else if (a.equals("--latency-history")) {
                o.latency = true;
                o.latencyHistory = true;
            } else if (a.equals("--stat")) {
                o.stat = true;
            } else if (a.equals("--scan")) {
                o.scan = true;
            } else if (a.equals("--pattern") && hasValue) {
                o.pattern = argBytes(args[++i]);
            } else if (a.equals("--quoted-pattern") && hasValue) {
                o.pattern = unquote(args[++i]);
                if (o.pattern == null) {
                    io.eprint("Invalid quoted string specified for --quoted-pattern.\n");
                    throw new CliExit(1);
                }
            } else if (a.equals("--count") && hasValue) {
                o.count = CNumbers.strtol(args[++i]);
            } else if (a.equals("--intrinsic-latency") && hasValue) {
                o.intrinsicLatency = true;
                o.intrinsicLatencySeconds = CNumbers.atoi(args[++i]);
            } else if (a.equals("--pipe")) {
                o.pipe = true;
            } else if (a.equals("--pipe-timeout") && hasValue) {
                o.pipeTimeout = CNumbers.atoi(args[++i]);
            } else if (a.equals("--bigkeys")) {
                o.bigkeys = true;
            } else if (a.equals("--memkeys")) {
                o.memkeys = true;
                o.memkeysSamples = 0;
            } else if (a.equals("--memkeys-samples") && hasValue) {
                o.memkeys = true;
                o.memkeysSamples = CNumbers.strtol(args[++i]);
            } else if (a.equals("--eval") && hasValue) {
                o.eval = args[++i];
            } else if (a.equals("-c")) {
                o.clusterMode = true;
            } else if (a.equals("-d") && hasValue) {
                o.mbDelim = args[++i];
            } else if (a.equals("-D") && hasValue) {
                o.cmdDelim = args[++i];
            } else if (a.equals("-e")) {
                o.setErrcode = true;
            } else if (a.equals("--verbose")) {
                o.verbose = true;
            } else if (a.equals("-2")) {
                o.resp2 = true;
            } else if (a.equals("-3")) {
                o.resp3 = 1;
            } else if (a.equals("--show-pushes") && hasValue) {
                String v = args[++i];
                if (v.regionMatches(true, 0, "n", 0, 1)) {
                    o.pushOutput = false;
                } else if (v.regionMatches(true, 0, "y", 0, 1)) {
                    o.pushOutput = true;
                } else {
                    io.eprint("Unknown --show-pushes value '" + v + "' (valid: '[y]es', '[n]o')\n");
                }
            } else if (a.startsWith("-")) {
                io.eprint("Unrecognized option or bad number of args for: '" + a + "'\n");
                throw new CliExit(1);
            } else {
                break;
            }
        }
        o.firstArg = i;
        o.validate(io);
        String envAuth = io.env(AUTH_ENV);
        if (envAuth != null && o.auth == null) {
            o.auth = envAuth;
        }
        return o;
    }

    private void validate(CliIo io) {
        if (socket != null && clusterMode) {
            io.eprint("Options -c and -s are mutually exclusive.\n");
            throw new CliExit(1);
        }
        if (resp2 && resp3 == 1) {
            io.eprint("Options -2 and -3 are mutually exclusive.\n");
            throw new CliExit(1);
        }
        if (!noAuthWarning && auth != null) {
            io.eprint("Warning: Using a password with '-a' or '-u' option on the command line interface may not be"
                + " safe.\n");
        }
        if (stdinLastArg && stdinTag != null) {
            io.eprint("Options -x and -X are mutually exclusive.\n");
            throw new CliExit(1);
        }
    }

    /** The command words given after the options, as bytes (dequoted with --quoted-input); null if invalid. */
    List<byte[]> commandArgs(String[] args) {
        String[] words = Arrays.copyOfRange(args, firstArg, args.length);
        byte[][] out = new byte[words.length][];
        for (int j = 0; j < words.length; j++) {
            out[j] = quotedInput ? unquote(words[j]) : argBytes(words[j]);
            if (out[j] == null) {
                return null;
            }
        }
        return new java.util.ArrayList<>(Arrays.asList(out));
    }

    /** Dequotes one argument the way redis-cli's --quoted-input does: it must split into exactly one word. */
    static byte[] unquote(String s) {
        List<byte[]> parts = ArgSplitter.split(argBytes(s));
        return parts != null && parts.size() == 1 ? parts.get(0) : null;
    }

    /** Whether RESP3 is to be negotiated with HELLO 3 on connect. */
    boolean wantsResp3() {
        return resp3 != 0 && !resp2;
    }
}
