package io.hashslot.tools.cluster;

import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin tool's RESP connection to one node: blocking request/reply over TCP with keep-alive, commands given as
 * text words or raw byte arguments.
 */
final class AdminConnection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RespReader reader;

    private AdminConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.reader = new RespReader(in);
    }

    /** Connects; the exception message is hiredis's wording ("Connection refused"). */
    static AdminConnection open(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
        } catch (IOException | IllegalArgumentException e) {
            s.close();
            String m = e.getMessage() == null ? "" : e.getMessage();
            throw new IOException(m.contains("refused") ? "Connection refused" : m, e);
        }
        return new AdminConnection(s);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    RespValue call(String... words) throws IOException {
        List<byte[]> args = new ArrayList<>(words.length);
        for (String w : words) {
            args.add(bytes(w));
        }
        return call(args);
    }

    RespValue call(List<byte[]> args) throws IOException {
        out.write(RespReader.command(args));
        out.flush();
        return reader.read();
    }

    /** Sends every command before reading any reply (one round trip); the replies in order. */
    List<RespValue> callAll(List<List<byte[]>> commands) throws IOException {
        for (List<byte[]> c : commands) {
            out.write(RespReader.command(c));
        }
        out.flush();
        List<RespValue> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(reader.read());
        }
        return replies;
    }

    /** Raw input for the SYNC payload of backup. */
    InputStream input() {
        return in;
    }

    OutputStream rawOutput() {
        return out;
    }

    RespReader reader() {
        return reader;
    }

    void sendRaw(List<byte[]> args) throws IOException {
        out.write(RespReader.command(args));
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
