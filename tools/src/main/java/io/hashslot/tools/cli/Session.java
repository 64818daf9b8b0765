package io.hashslot.tools.cli;

import io.hashslot.protocol.RespValue;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The client session behind every mode: the connection and what redis-cli tracks about it (address, selected and
 * wanted db, MULTI state, cluster redirections), connecting with AUTH/SELECT/HELLO 3, sending a command with
 * repeat and interval, reading and printing its reply, and following MOVED/ASK in cluster mode.
 */
final class Session {
    private final CliOptions opts;
    private final CliIo io;
    private final ReplyFormatter formatter;
    private final HelpCatalog help;
    private Connection conn;
    private String host;
    private int port;
    private int dbnum;
    private int inputDb;
    private boolean inMulti;
    private int preMultiDb;
    private boolean interactive;
    private boolean reissue;
    private boolean sendAsking;
    private boolean shutdown;
    private boolean monitorMode;
    private boolean pubsubMode;
    private volatile boolean blockingAborted;
    private RespValue lastReply;
    private String lastError;

    Session(CliOptions opts, CliIo io) {
        this.opts = opts;
        this.io = io;
        this.formatter = new ReplyFormatter(io, opts.mbDelim, opts.cmdDelim);
        this.help = new HelpCatalog(this, io);
        this.host = opts.host;
        this.port = opts.port;
        this.inputDb = opts.dbnum;
    }

    CliOptions options() {
        return opts;
    }

    CliIo io() {
        return io;
    }

    HelpCatalog help() {
        return help;
    }

    Connection connection() {
        return conn;
    }

    void interactive(boolean on) {
        this.interactive = on;
    }

    /** Points the session at another node (the REPL's "connect host port"). */
    void target(String newHost, int newPort) {
        this.host = newHost;
        this.port = newPort;
    }

    /** The REPL prompt: address, [db] when not 0, (TX) inside MULTI. */
    String prompt() {
        if (conn == null) {
            return "not connected> ";
        }
        StringBuilder sb = new StringBuilder();
        if (opts.socket != null) {
            sb.append("redis ").append(opts.socket);
        } else {
            sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port);
        }
        if (dbnum != 0) {
            sb.append('[').append(dbnum).append(']');
        }
        if (inMulti) {
            sb.append("(TX)");
        }
        return sb.append("> ").toString();
    }

    /**
     * Connects unless connected (or always with {@code force}), then AUTH, SELECT and HELLO 3 as configured.
     * Returns false on failure; a connection whose AUTH or SELECT failed stays open, like redis-cli's.
     */
    boolean connect(boolean force, boolean quiet) {
        if (conn != null && !force) {
            return true;
        }
        if (conn != null) {
            conn.close();
            conn = null;
            dbnum = 0;
            inMulti = false;
        }
        try {
            conn = opts.socket != null && !(opts.clusterMode && reissue)
                ? Connection.unix(opts.socket) : Connection.tcp(host, port);
        } catch (IOException e) {
            if (!quiet) {
                String where = opts.socket != null && !(opts.clusterMode && reissue) ? opts.socket
                    : host + ":" + port;
                io.eprint("Could not connect to Redis at " + where + ": " + e.getMessage() + "\n");
            }
            conn = null;
            return false;
        }
        lastError = null;
        return auth() && select() && switchProtocol();
    }

    private boolean auth() {
        if (opts.auth == null) {
            return true;
        }
        RespValue r = setupCall(opts.user == null ? new String[] {"AUTH", opts.auth}
            : new String[] {"AUTH", opts.user, opts.auth});
        if (r == null) {
            return false;
        }
        if (r instanceof RespValue.Error e) {
            io.eprint("AUTH failed: " + e.text() + "\n");
            return false;
        }
        return true;
    }

    private boolean select() {
        if (inputDb == dbnum) {
            return true;
        }
        RespValue r = setupCall("SELECT", String.valueOf(inputDb));
        if (r == null) {
            return false;
        }
        if (r instanceof RespValue.Error e) {
            io.eprint("SELECT " + inputDb + " failed: " + e.text() + "\n");
            return false;
        }
        dbnum = inputDb;
        return true;
    }

    private boolean switchProtocol() {
        if (!opts.wantsResp3()) {
            return true;
        }
        RespValue r = setupCall("HELLO", "3");
        if (r == null) {
            return false;
        }
        if (r instanceof RespValue.Error e) {
            io.eprint("HELLO 3 failed: " + e.text() + "\n");
            return opts.resp3 != 1;
        }
        return true;
    }

    private RespValue setupCall(String... words) {
        try {
            return conn.call(words);
        } catch (IOException e) {
            lastError = Connection.describe(e);
            io.eprint("\nI/O error\n");
            return null;
        }
    }

    /** redis-cli's issueCommandRepeat: help is answered locally; otherwise (re)connect, send, follow redirects. */
    boolean issueCommand(List<byte[]> argv, long repeat) {
        String name = word(argv.get(0));
        if (name.equalsIgnoreCase("help") || name.equals("?")) {
            help.output(argv.subList(1, argv.size()));
            return true;
        }
        while (true) {
            if (reissue || conn == null) {
                if (!connect(true, false)) {
                    printContextError();
                    reissue = false;
                    return false;
                }
            }
            reissue = false;
            if (sendAsking && !asking()) {
                printContextError();
                return false;
            }
            if (!sendCommand(argv, repeat)) {
                printContextError();
                if (conn != null) {
                    conn.close();
                }
                conn = null;
                return false;
            }
            if (opts.clusterMode && reissue) {
                continue;
            }
            return true;
        }
    }

    private boolean asking() {
        sendAsking = false;
        if (conn == null) {
            return false;
        }
        RespValue r = setupCall("ASKING");
        if (r == null) {
            return false;
        }
        if (r instanceof RespValue.Error e) {
            io.eprint("ASKING failed: " + e.text() + "\n");
            return false;
        }
        return true;
    }

    private void printContextError() {
        if (conn != null) {
            io.eprint("Error: " + (lastError == null ? "" : lastError) + "\n");
        }
    }

    /** redis-cli's cliSendCommand: sends {@code repeat} times (forever when negative), printing each reply. */
    private boolean sendCommand(List<byte[]> argv, long repeat) {
        if (conn == null) {
            return false;
        }
        String cmd = word(argv.get(0));
        int argc = argv.size();
        boolean outputRaw = rawOutputCommand(argv);
        if (cmd.equalsIgnoreCase("shutdown")) {
            shutdown = true;
        }
        if (cmd.equalsIgnoreCase("monitor")) {
            monitorMode = true;
        }
        if (cmd.equalsIgnoreCase("subscribe") || cmd.equalsIgnoreCase("psubscribe")
            || cmd.equalsIgnoreCase("ssubscribe")) {
            pubsubMode = true;
        }
        while (repeat < 0 || repeat-- > 0) {
            try {
                conn.send(argv);
            } catch (IOException e) {
                return ioFailure(e);
            }
            if (monitorMode) {
                do {
                    if (!readReply(outputRaw)) {
                        printContextError();
                        throw new CliExit(1);
                    }
                    io.flush();
                    if (lastReply instanceof RespValue.Error) {
                        monitorMode = false;
                    }
                } while (monitorMode);
                return true;
            }
            if (pubsubMode) {
                if (opts.output != OutputMode.RAW) {
                    io.print("Reading messages... (press Ctrl-C to quit)\n");
                }
                while (pubsubMode) {
                    if (!readReply(outputRaw)) {
                        printContextError();
                        throw new CliExit(1);
                    }
                    io.flush();
                    if (lastReply instanceof RespValue.Error) {
                        pubsubMode = false;
                    }
                }
                continue;
            }
            if (!readReply(outputRaw)) {
                return false;
            }
            trackState(cmd, argv, argc);
            if (reissue) {
                break;
            }
            if (opts.intervalUs > 0) {
                sleepMicros(opts.intervalUs);
            }
            io.flush();
        }
        return true;
    }

    private void trackState(String cmd, List<byte[]> argv, int argc) {
        boolean error = lastReply instanceof RespValue.Error;
        if (cmd.equalsIgnoreCase("select") && argc == 2 && !error) {
            inputDb = dbnum = CNumbers.atoi(word(argv.get(1)));
        } else if (cmd.equalsIgnoreCase("auth") && (argc == 2 || argc == 3)) {
            select();
        } else if (cmd.equalsIgnoreCase("multi") && argc == 1 && !error) {
            inMulti = true;
            preMultiDb = dbnum;
        } else if (cmd.equalsIgnoreCase("exec") && argc == 1 && inMulti) {
            inMulti = false;
            if (error || lastReply instanceof RespValue.Null) {
                inputDb = dbnum = preMultiDb;
            }
        } else if (cmd.equalsIgnoreCase("discard") && argc == 1 && !error) {
            inMulti = false;
            inputDb = dbnum = preMultiDb;
        } else if (cmd.equalsIgnoreCase("reset") && argc == 1 && !error) {
            inMulti = false;
            dbnum = 0;
            inputDb = 0;
            opts.resp3 = 0;
        }
    }

    /**
     * Reads one reply (printing pushes that arrive before it) and prints it; handles MOVED/ASK in cluster mode and
     * -e. Returns false on a lost connection in interactive mode; elsewhere an I/O error ends the program.
     */
    boolean readReply(boolean outputRaw) {
        RespValue r;
        try {
            r = readSkippingPushes();
        } catch (IOException e) {
            if (blockingAborted) {
                blockingAborted = false;
                monitorMode = false;
                pubsubMode = false;
                return connect(true, false);
            }
            if (shutdown) {
                conn.close();
                conn = null;
                return true;
            }
            return ioFailure(e);
        }
        lastReply = r;
        boolean output = true;
        ClusterRedirect redirect = opts.clusterMode && r instanceof RespValue.Error e
            ? ClusterRedirect.parse(e.text()) : null;
        if (redirect != null) {
            output = false;
            host = redirect.host();
            port = redirect.port();
            if (interactive) {
                io.print(redirect.message());
            }
            reissue = true;
            if (redirect.ask()) {
                sendAsking = true;
            }
        } else if (!interactive && opts.setErrcode && r instanceof RespValue.Error e) {
            io.eprint(e.text() + "\n");
            throw new CliExit(1);
        }
        if (output) {
            io.print(formatter.format(r, opts.output, outputRaw));
            io.flush();
        }
        return true;
    }

    /** Handles a failed read or write: returns false (interactive, connection lost) or exits 1 with the error. */
    private boolean ioFailure(IOException e) {
        lastError = Connection.describe(e);
        boolean lost = e instanceof EOFException || e instanceof SocketException;
        if (interactive && lost) {
            return false;
        }
        io.eprint("Error: " + lastError + "\n");
        throw new CliExit(1);
    }

    private RespValue readSkippingPushes() throws IOException {
        while (true) {
            RespValue r = conn.read();
            if (!pubsubMode && r instanceof RespValue.Array a && a.type() == '>') {
                if (opts.pushOutput) {
                    io.print(formatter.formatPush(r, opts.output));
                    io.flush();
                }
                continue;
            }
            return r;
        }
    }

    /** Ctrl-C during MONITOR or SUBSCRIBE: drop the connection so the blocked read ends, then reconnect. */
    boolean abortBlocking() {
        if ((monitorMode || pubsubMode) && conn != null) {
            blockingAborted = true;
            conn.close();
            return true;
        }
        return false;
    }

    /**
     * Sends a command for the --stat and --latency loops, reconnecting (once a second, showing
     * "Reconnecting... N") while the server cannot be reached.
     */
    RespValue reconnectingCall(String... words) {
        int tries = 0;
        while (true) {
            if (conn != null) {
                try {
                    RespValue r = conn.call(words);
                    if (tries > 0) {
                        io.print("\r\u001b[0K");
                        io.flush();
                    }
                    return r;
                } catch (IOException e) {
                    conn.close();
                    conn = null;
                }
            }
            while (conn == null) {
                io.print("\r\u001b[0K");
                io.print("Reconnecting... " + ++tries + "\r");
                io.flush();
                try {
                    conn = Connection.tcp(host, port);
                } catch (IOException e) {
                    conn = null;
                }
                sleepMicros(1_000_000);
            }
        }
    }

    /** Drops the connection (used when a reply could not be read in an interactive session). */
    void disconnect() {
        if (conn != null) {
            conn.close();
            conn = null;
        }
    }

    /** INFO, CLIENT LIST and the like print their text as is (redis-cli's output_raw list). */
    static boolean rawOutputCommand(List<byte[]> argv) {
        String c = word(argv.get(0));
        int argc = argv.size();
        String a1 = argc >= 2 ? word(argv.get(1)) : "";
        return c.equalsIgnoreCase("info") || c.equalsIgnoreCase("lolwut")
            || (argc >= 2 && c.equalsIgnoreCase("debug") && (a1.equalsIgnoreCase("htstats")
                || a1.equalsIgnoreCase("htstats-key") || a1.equalsIgnoreCase("client-eviction")))
            || (argc >= 2 && c.equalsIgnoreCase("memory") && (a1.equalsIgnoreCase("malloc-stats")
                || a1.equalsIgnoreCase("doctor")))
            || (argc == 2 && c.equalsIgnoreCase("cluster") && (a1.equalsIgnoreCase("nodes")
                || a1.equalsIgnoreCase("info")))
            || (argc >= 2 && c.equalsIgnoreCase("client") && (a1.equalsIgnoreCase("list")
                || a1.equalsIgnoreCase("info")))
            || (argc == 3 && c.equalsIgnoreCase("latency") && a1.equalsIgnoreCase("graph"))
            || (argc == 2 && c.equalsIgnoreCase("latency") && a1.equalsIgnoreCase("doctor"))
            || (argc >= 2 && c.equalsIgnoreCase("proxy") && a1.equalsIgnoreCase("info"));
    }

    static String word(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static void sleepMicros(long us) {
        try {
            Thread.sleep(us / 1000, (int) (us % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
