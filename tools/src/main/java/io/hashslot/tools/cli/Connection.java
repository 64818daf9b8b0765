package io.hashslot.tools.cli;

import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection to a node over TCP or a Unix socket: sends commands as RESP multi-bulk requests and reads
 * replies with {@link RespReader} (refusing the reply types hiredis refuses). I/O failures surface as
 * {@link IOException}s whose {@link #describe} text is what hiredis reports ("Server closed the connection"...).
 */
final class Connection implements Closeable {
    private final Closeable closer;
    private final InputStream in;
    private final OutputStream out;
    private final RespReader reader;

    private Connection(Closeable closer, InputStream in, OutputStream out) {
        this.closer = closer;
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.reader = new RespReader(this.in).strictTypes(true);
    }

    /** Connects over TCP; the exception message is hiredis's text for the failure. */
    static Connection tcp(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port));
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
        } catch (UnknownHostException e) {
            s.close();
            throw new IOException("Name or service not known", e);
        } catch (IllegalArgumentException e) {
            s.close();
            throw new IOException("Connection refused", e);
        } catch (IOException e) {
            s.close();
            throw new IOException(describe(e), e);
        }
        return new Connection(s, s.getInputStream(), s.getOutputStream());
    }

    /** Connects to a Unix domain socket. */
    static Connection unix(String path) throws IOException {
        if (!Files.exists(Path.of(path))) {
            throw new IOException("No such file or directory");
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            ch.close();
            throw new IOException(describe(e), e);
        }
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
        return new Connection(ch, in, out);
    }

    /** hiredis's wording for an I/O failure. */
    static String describe(IOException e) {
        if (e instanceof EOFException) {
            return "Server closed the connection";
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof ConnectException) {
            return m.contains("refused") || m.isEmpty() ? "Connection refused" : m;
        }
        if (e instanceof NoRouteToHostException) {
            return "No route to host";
        }
        if (e instanceof SocketTimeoutException) {
            return "Resource temporarily unavailable";
        }
        if (e instanceof SocketException) {
            if (m.contains("reset")) {
                return "Connection reset by peer";
            }
            if (m.contains("Broken pipe")) {
                return "Broken pipe";
            }
        }
        return m;
    }

    /** Queues one command (not flushed). */
    void append(List<byte[]> args) throws IOException {
        out.write(RespReader.command(args));
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Sends one command and flushes. */
    void send(List<byte[]> args) throws IOException {
        append(args);
        out.flush();
    }

    RespValue read() throws IOException {
        return reader.read();
    }

    /** Sends a command given as text words and reads its reply. */
    RespValue call(String... words) throws IOException {
        List<byte[]> args = new ArrayList<>(words.length);
        for (String w : words) {
            args.add(CliOptions.argBytes(w));
        }
        send(args);
        return read();
    }

    RespValue call(List<byte[]> args) throws IOException {
        send(args);
        return read();
    }

    OutputStream output() {
        return out;
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
