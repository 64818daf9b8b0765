package io.hashslot.testkit;

import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain blocking RESP client for tests: sends commands, returns replies raw or parsed. */
public final class RawClient implements AutoCloseable {
    /** What {@link #drain} appends when the server closed the connection (FIN or reset: both mean closed). */
    public static final String CLOSED = "<closed>";

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final RespReader reader;

    public RawClient(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
            reader = new RespReader(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawClient(int port) {
        this("127.0.0.1", port);
    }

    /** The server's port this client is connected to. */
    public int port() {
        return socket.getPort();
    }

    public static List<byte[]> args(String... args) {
        List<byte[]> l = new ArrayList<>();
        for (String a : args) {
            l.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return l;
    }

    public void send(List<byte[]> args) {
        sendRaw(RespReader.command(args));
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] readRaw() {
        try {
            return reader.readRaw();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RespValue read() {
        try {
            return reader.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command and returns its reply's exact bytes. */
    public byte[] callRaw(List<byte[]> args) {
        send(args);
        return readRaw();
    }

    public String callRawString(String... args) {
        return new String(callRaw(args(args)), StandardCharsets.ISO_8859_1);
    }

    public RespValue call(String... args) {
        send(args(args));
        return read();
    }

    /** Half-closes: the server reads end-of-stream (and closes, after writing what it owes) but can still reply. */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads everything until the server closes the connection ({@link #CLOSED} is appended; a reset counts as a
     * close, since a server that closes with unread input sends one) or sends nothing for {@code quietMillis}.
     * Unparsed: protocol errors and garbage replies are compared byte for byte.
     */
    public byte[] drain(int quietMillis) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        setTimeout(quietMillis);
        try {
            byte[] buf = new byte[8192];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    got.writeBytes(CLOSED.getBytes(StandardCharsets.US_ASCII));
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // quiet
        } catch (SocketException e) {
            got.writeBytes(CLOSED.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            got.writeBytes(("<" + e.getClass().getSimpleName() + ">").getBytes(StandardCharsets.US_ASCII));
        } finally {
            if (!socket.isClosed()) {
                setTimeout(30_000);
            }
        }
        return got.toByteArray();
    }

    public void setTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
