package io.hashslot.tools.cli;

import io.hashslot.protocol.RespValue;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * --pipe: mass insertion. Streams the RESP read from stdin to the server while a reader counts the replies; after
 * the input ends, an ECHO of 20 random bytes marks the last reply. Prints redis-cli's messages and
 * "errors: N, replies: M", exiting 1 when any reply was an error.
 */
final class PipeMode {
    private static final int CHUNK = 16 * 1024;

    private final Session session;
    private final CliIo io;
    private final byte[] magic = new byte[20];
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private volatile boolean eof;
    private volatile boolean done;
    private volatile long lastReadNanos = System.nanoTime();
    private volatile String writeError;
    private volatile boolean failed;

    PipeMode(Session session) {
        this.session = session;
        this.io = session.io();
    }

    void run() {
        Connection conn = session.connection();
        new SecureRandom().nextBytes(magic);
        Thread writer = new Thread(() -> writeAll(conn.output()), "hashslot-cli-pipe-writer");
        writer.setDaemon(true);
        Thread reader = new Thread(() -> readAll(conn), "hashslot-cli-pipe-reader");
        reader.setDaemon(true);
        writer.start();
        reader.start();
        int timeout = session.options().pipeTimeout;
        try {
            while (!done && !failed && writeError == null) {
                reader.join(200);
                if (eof && timeout > 0 && !done
                    && System.nanoTime() - lastReadNanos > timeout * 1_000_000_000L) {
                    io.eprint("No replies for " + timeout + " seconds: exiting.\n");
                    errors.incrementAndGet();
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writeError != null) {
            io.eprint("Error writing to the server: " + writeError + "\n");
            throw new CliExit(1);
        }
        if (failed) {
            throw new CliExit(1);
        }
        conn.close();
        io.print("errors: " + errors.get() + ", replies: " + replies.get() + "\n");
        io.flush();
        throw new CliExit(errors.get() > 0 ? 1 : 0);
    }

    private void writeAll(OutputStream out) {
        InputStream in = io.in();
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    io.eprint("Error reading from stdin: " + e.getMessage() + "\n");
                    failed = true;
                    return;
                }
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
            }
            eof = true;
            io.print("All data transferred. Waiting for the last reply...\n");
            io.flush();
            byte[] head = "\r\n*2\r\n$4\r\nECHO\r\n$20\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(head);
            out.write(magic);
            out.write(new byte[] {'\r', '\n'});
            out.flush();
        } catch (IOException e) {
            writeError = Connection.describe(e);
        }
    }

    private void readAll(Connection conn) {
        try {
            while (!done) {
                RespValue r = conn.read();
                lastReadNanos = System.nanoTime();
                if (r instanceof RespValue.Error e) {
                    io.eprint(e.text() + "\n");
                    errors.incrementAndGet();
                } else if (eof && r instanceof RespValue.Bulk b && Arrays.equals(b.bytes(), magic)) {
                    io.print("Last reply received from server.\n");
                    io.flush();
                    done = true;
                    replies.decrementAndGet();
                }
                replies.incrementAndGet();
            }
        } catch (EOFException e) {
            failed = true;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Protocol error")) {
                io.eprint("Error reading replies from server\n");
            }
            failed = true;
        }
    }
}
