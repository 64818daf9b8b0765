package io.hashslot.testkit;

import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain blocking RESP client for tests: sends commands, returns replies raw or parsed. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final RespReader reader;

    public RawClient(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            reader = new RespReader(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawClient(int port) {
        this("127.0.0.1", port);
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
