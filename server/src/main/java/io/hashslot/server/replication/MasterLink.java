package io.hashslot.server.replication;

import io.hashslot.commands.ClientConnection;
import io.hashslot.protocol.ParserLimits;
import io.hashslot.protocol.ProtocolException;
import io.hashslot.protocol.RequestParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A replica's link to its master, on a thread of its own doing blocking socket I/O: connect, the handshake (PING,
 * AUTH, REPLCONF, PSYNC), the RDB of a full sync ({@code $<len>} or {@code $EOF:<mark>}) and then the command
 * stream, parsed here and applied on the node's execution thread. A failure at any point drops the connection and
 * the link tries again a second later, as Redis's replication cron does.
 */
final class MasterLink {
    /** One command of the master's stream and the exact bytes it took (they count in the offset). */
    record Command(byte[][] argv, byte[] raw) {
    }

    private static final int MAX_LINE = 64 * 1024;

    private final Replication repl;
    private final String host;
    private final int port;
    private final Thread thread;
    private final Object writeLock = new Object();
    private final Semaphore inflight = new Semaphore(512);
    private volatile boolean closed;
    private volatile Socket socket;
    private volatile OutputStream out;
    private volatile String state = "connect";
    private volatile boolean connected;
    private volatile long lastIoMillis;
    private volatile long readOffset;
    private volatile boolean transferring;
    private volatile long transferSize;
    private volatile long transferRead;

    MasterLink(Replication repl, String host, int port) {
        this.repl = repl;
        this.host = host;
        this.port = port;
        this.thread = new Thread(this::run, "hashslot-master-link-" + repl.node.port());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Whether {@link #close()} ended the link. */
    boolean isClosed() {
        return closed;
    }

    /** Ends the link for good (REPLICAOF elsewhere or NO ONE, node stopping). */
    void close() {
        closed = true;
        connected = false;
        dropConnection();
        thread.interrupt();
    }

    /**
     * Drops the current connection; the link reconnects unless closed. Batches already read stay queued and are
     * applied unless the master client is gone by then (CLIENT KILL of the master drops it at once).
     */
    void dropConnection() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    boolean connected() {
        return connected;
    }

    /** The execution thread dropped the connection itself (CLIENT KILL of the master): it is down from now on. */
    void markDisconnected() {
        connected = false;
    }

    /** Called on the execution thread once the dataset is in sync and the stream may be applied. */
    void setConnected() {
        connected = true;
        state = "connected";
    }

    /** ROLE's state: connect, connecting, handshake, sync, connected. */
    String roleState() {
        return state;
    }

    long lastIoMillis() {
        return lastIoMillis;
    }

    long readOffset() {
        return readOffset;
    }

    boolean transferring() {
        return transferring;
    }

    long transferSize() {
        return transferSize;
    }

    long transferRead() {
        return transferRead;
    }

    ClientConnection clientConnection() {
        Socket s = socket;
        String remote = s == null ? host + ":" + port : format(s.getRemoteSocketAddress());
        String local = s == null ? "" : format(s.getLocalSocketAddress());
        return repl.stream.connection(this, remote, local);
    }

    private static String format(java.net.SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    /** REPLCONF ACK <offset> (once a second, after a full sync, on GETACK). */
    void sendAck(long offset) {
        if (!connected) {
            return;
        }
        send(false, "REPLCONF", "ACK", Long.toString(offset));
    }

    void cronAck() {
        sendAck(repl.offset);
    }

    private void send(boolean throwing, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        writeRaw(Replication.encode(argv), throwing);
    }

    private void writeRaw(byte[] b, boolean throwing) {
        OutputStream o = out;
        if (o == null) {
            return;
        }
        synchronized (writeLock) {
            try {
                o.write(b);
                o.flush();
            } catch (IOException e) {
                if (throwing) {
                    throw new LinkFailure("I/O error writing to MASTER: " + e.getMessage());
                }
                dropConnection();
            }
        }
    }

    /** Ends a session with a log line already chosen. */
    private static final class LinkFailure extends RuntimeException {
        LinkFailure(String message) {
            super(message, null, false, false);
        }
    }

    private void run() {
        while (!closed) {
            boolean[] wasConnected = {false};
            try {
                session(wasConnected);
            } catch (LinkFailure e) {
                if (!closed) {
                    repl.log.warning(e.getMessage());
                }
            } catch (SocketTimeoutException e) {
                if (!closed) {
                    repl.log.warning(state.equals("sync") ? "Timeout receiving bulk data from MASTER... If the "
                        + "problem persists try to set the 'repl-timeout' parameter in redis.conf to a larger value."
                        : state.equals("connected") ? "MASTER timeout: no data nor PING received..."
                        : "Timeout connecting to the MASTER...");
                }
            } catch (IOException e) {
                if (!closed && !wasConnected[0]) {
                    repl.log.warning("I/O error trying to sync with MASTER: " + (e.getMessage() == null
                        ? "connection lost" : e.getMessage()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                dropConnection();
                socket = null;
                out = null;
                connected = false;
                transferring = false;
                state = "connect";
                boolean was = wasConnected[0];
                onLoopLater(() -> repl.linkDown(this, was));
            }
            if (closed) {
                break;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void onLoopLater(Runnable r) {
        try {
            repl.node.execute(r);
        } catch (RuntimeException e) {
            // the node is stopping
        }
    }

    private <T> T onLoop(Callable<T> task) throws InterruptedException, IOException {
        CompletableFuture<T> f = new CompletableFuture<>();
        onLoopLater(() -> {
            try {
                f.complete(task.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IOException("replication step failed: " + e.getCause(), e.getCause());
        }
    }

    private void session(boolean[] wasConnected) throws IOException, InterruptedException {
        repl.log.notice("Connecting to MASTER " + host + ":" + port);
        state = "connecting";
        repl.log.notice("MASTER <-> REPLICA sync started");
        Socket s = new Socket();
        socket = s;
        if (closed) {
            return;
        }
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, repl.server.config().getLong("repl-timeout") * 1000);
        if (!repl.node.linkFilter().allowLinkTo(host, port)) {
            throw new SocketTimeoutException("connect timed out"); // unreachable across a partition (test hook)
        }
        try {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
        } catch (ConnectException e) {
            repl.log.warning("Error condition on socket for SYNC: Connection refused");
            return;
        } catch (java.net.UnknownHostException e) {
            repl.log.warning("Unable to connect to MASTER: Name or service not known");
            return;
        }
        repl.log.notice("Non blocking connect for SYNC fired the event.");
        s.setSoTimeout(timeoutMs);
        s.setTcpNoDelay(!repl.server.config().getBool("repl-disable-tcp-nodelay"));
        InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = s.getOutputStream();
        lastIoMillis = repl.now();
        state = "handshake";
        send(true, "PING");
        String r = readLine(in);
        if (r.startsWith("-") && !r.startsWith("-NOAUTH") && !r.startsWith("-NOPERM")
            && !r.startsWith("-ERR operation not permitted")) {
            repl.log.warning("Error reply to PING from master: '" + r.substring(1) + "'");
            return;
        }
        repl.log.notice("Master replied to PING, replication can continue...");
        handshake(in);
        String[] ps = onLoop(repl::psyncArgs);
        if (ps[0].equals("?")) {
            repl.log.notice("Partial resynchronization not possible (no cached master)");
        } else {
            repl.log.notice("Trying a partial resynchronization (request " + ps[0] + ":" + ps[1] + ").");
        }
        send(true, "PSYNC", ps[0], ps[1]);
        r = readLineSkippingKeepalives(in);
        if (r.startsWith("+FULLRESYNC")) {
            String[] parts = r.split(" ");
            if (parts.length != 3 || parts[1].length() != 40) {
                throw new LinkFailure("Master replied with wrong +FULLRESYNC syntax.");
            }
            long off = parseLong(parts[2], "Master replied with wrong +FULLRESYNC syntax.");
            repl.log.notice("Full resync from master: " + parts[1] + ":" + off);
            Boolean disklessLoad = onLoop(repl::fullSyncStarting);
            RdbSink.Payload rdb = receiveRdb(in, disklessLoad);
            Boolean ok;
            try {
                io.hashslot.persistence.RdbLoader.Result[] loaded = new io.hashslot.persistence.RdbLoader.Result[1];
                ok = new io.hashslot.server.persistence.LoadRun<Boolean>(repl.server, repl.node.persistence().loading(),
                    repl.node::execute, repl.node::isStopping).run(() -> repl.beginLoad(this), rdb.size(),
                        pacer -> loaded[0] = repl.loadRdb(rdb, pacer), () -> repl.loadAbandoned(this),
                        failure -> repl.finishLoad(this, failure == null ? loaded[0] : null,
                            failure == null ? null : String.valueOf(failure.getMessage()), parts[1], off));
            } finally {
                rdb.discard();
            }
            if (ok == null) {
                ok = false;
            }
            transferring = false;
            if (!ok) {
                return;
            }
            readOffset = off;
        } else if (r.startsWith("+CONTINUE")) {
            String id = r.length() > 10 ? r.substring(10).trim() : null;
            if (id != null && id.length() != 40) {
                id = null;
            }
            String newId = id;
            repl.log.notice("Successful partial resynchronization with master.");
            onLoop(() -> {
                repl.continued(this, newId);
                return null;
            });
            repl.log.notice("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
            readOffset = Long.parseLong(ps[1]) - 1;
        } else if (r.startsWith("-NOMASTERLINK") || r.startsWith("-LOADING")) {
            repl.log.notice("Master is currently unable to PSYNC but should be in the future: " + r);
            return;
        } else {
            repl.log.warning("Unexpected reply to PSYNC from master: " + r);
            return;
        }
        wasConnected[0] = true;
        stream(in);
    }

    private void handshake(InputStream in) throws IOException {
        String auth = repl.server.config().getString("masterauth");
        String user = repl.server.config().getString("masteruser");
        String announceIp = repl.server.config().getString("replica-announce-ip");
        int announcePort = repl.server.config().getInt("replica-announce-port");
        boolean withAuth = auth != null && !auth.isEmpty();
        boolean withIp = announceIp != null && !announceIp.isEmpty();
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        if (withAuth) {
            batch.writeBytes(user != null && !user.isEmpty() ? encode("AUTH", user, auth) : encode("AUTH", auth));
        }
        batch.writeBytes(encode("REPLCONF", "listening-port",
            Integer.toString(announcePort != 0 ? announcePort : repl.node.port())));
        if (withIp) {
            batch.writeBytes(encode("REPLCONF", "ip-address", announceIp));
        }
        batch.writeBytes(encode("REPLCONF", "capa", "eof", "capa", "psync2"));
        writeRaw(batch.toByteArray(), true);
        if (withAuth) {
            String r = readLine(in);
            if (r.startsWith("-")) {
                throw new LinkFailure("Unable to AUTH to MASTER: " + r);
            }
        }
        String r = readLine(in);
        if (r.startsWith("-")) {
            repl.log.notice("(Non critical) Master does not understand REPLCONF listening-port: " + r);
        }
        if (withIp) {
            r = readLine(in);
            if (r.startsWith("-")) {
                repl.log.notice("(Non critical) Master does not understand REPLCONF ip-address: " + r);
            }
        }
        r = readLine(in);
        if (r.startsWith("-")) {
            repl.log.notice("(Non critical) Master does not understand REPLCONF capa: " + r);
        }
    }

    private static byte[] encode(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return Replication.encode(argv);
    }

    private static long parseLong(String s, String error) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new LinkFailure(error);
        }
    }

    /**
     * Reads the bulk header and the RDB payload into a temp file (or memory with diskless load), answering with a
     * newline keepalive once a second.
     */
    private RdbSink.Payload receiveRdb(InputStream in, boolean disklessLoad) throws IOException {
        state = "sync";
        transferring = true;
        transferSize = -1;
        transferRead = 0;
        String h = readLineSkippingKeepalives(in);
        if (h.startsWith("-")) {
            throw new LinkFailure("MASTER aborted replication with an error: " + h.substring(1));
        }
        if (!h.startsWith("$")) {
            throw new LinkFailure("Bad protocol from MASTER, the first byte is not '$' (we received '" + h
                + "'), are you sure the host and port are right?");
        }
        boolean eof = h.startsWith("$EOF:") && h.length() == 45;
        long len = 0;
        if (!eof) {
            len = parseLong(h.substring(1), "Bad protocol from MASTER, the first byte is not '$' (we received '" + h
                + "'), are you sure the host and port are right?");
            if (len < 0) {
                throw new LinkFailure("Bad protocol from MASTER: invalid RDB length " + len);
            }
        }
        Path file = null;
        if (!disklessLoad) {
            file = Path.of(repl.server.config().getString("dir")).resolve("temp-" + repl.now() / 1000 + "."
                + ProcessHandle.current().pid() + "." + repl.node.port() + ".rdb");
        }
        RdbSink sink;
        try {
            sink = RdbSink.open(eof ? h.substring(5).getBytes(StandardCharsets.ISO_8859_1) : null, file);
        } catch (IOException e) {
            throw new LinkFailure("Opening the temp file needed for MASTER <-> REPLICA synchronization: "
                + e.getMessage());
        }
        String target = disklessLoad ? "to parser" : "to disk";
        boolean ok = false;
        try {
            long lastKeepalive = repl.now();
            byte[] buf = new byte[64 * 1024];
            if (eof) {
                repl.log.notice("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF " + target);
                transferSize = 0;
                while (!sink.complete()) {
                    int n = in.read(buf);
                    if (n < 0) {
                        throw new IOException("connection lost during the transfer");
                    }
                    sink.write(buf, 0, n);
                    transferRead += n;
                    lastKeepalive = keepalive(lastKeepalive);
                }
            } else {
                repl.log.notice("MASTER <-> REPLICA sync: receiving " + len + " bytes from master " + target);
                transferSize = len;
                while (transferRead < len) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, len - transferRead));
                    if (n < 0) {
                        throw new IOException("connection lost during the transfer");
                    }
                    sink.write(buf, 0, n);
                    transferRead += n;
                    lastKeepalive = keepalive(lastKeepalive);
                }
            }
            RdbSink.Payload payload = sink.finish();
            ok = true;
            return payload;
        } finally {
            if (!ok) {
                sink.abandon();
            }
        }
    }

    private long keepalive(long last) {
        long now = repl.now();
        lastIoMillis = now;
        if (now - last >= 1000) {
            writeRaw(new byte[] {'\n'}, true);
            return now;
        }
        return last;
    }

    /** Applies the stream until the connection fails or times out. */
    private void stream(InputStream in) throws IOException, InterruptedException {
        ParserLimits limits = new ParserLimits() {
            @Override
            public long maxBulkLength() {
                return Long.MAX_VALUE / 4;
            }

            @Override
            public long maxQueryBuffer() {
                return Long.MAX_VALUE / 4;
            }
        };
        RequestParser parser = new RequestParser(limits);
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (!closed) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("connection lost");
            }
            lastIoMillis = repl.now();
            readOffset += n;
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            List<Command> batch = new ArrayList<>();
            while (bb.hasRemaining()) {
                int before = bb.position();
                byte[][] argv;
                try {
                    argv = parser.next(bb, false);
                } catch (ProtocolException e) {
                    throw new LinkFailure("Protocol error from MASTER (" + e.getMessage() + "): dropping the link");
                }
                raw.write(buf, before, bb.position() - before);
                if (argv == null) {
                    break;
                }
                batch.add(new Command(argv, raw.toByteArray()));
                raw.reset();
            }
            if (!batch.isEmpty()) {
                inflight.acquire();
                onLoopLater(() -> {
                    try {
                        repl.apply(this, batch);
                    } finally {
                        inflight.release();
                    }
                });
            }
        }
    }

    private String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection lost");
            }
            lastIoMillis = repl.now();
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new LinkFailure("Bad protocol from MASTER: line too long");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** A reply line; bare newlines before it are the master's keepalives. */
    private String readLineSkippingKeepalives(InputStream in) throws IOException {
        while (true) {
            String s = readLine(in);
            if (!s.isEmpty()) {
                return s;
            }
        }
    }
}
