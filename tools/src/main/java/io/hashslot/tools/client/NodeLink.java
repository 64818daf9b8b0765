package io.hashslot.tools.client;

import io.hashslot.protocol.RespReader;
import io.hashslot.protocol.RespValue;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** One blocking RESP connection to a cluster node, with a connect and read timeout. */
final class NodeLink implements Closeable {
    private final Socket socket;
    private final OutputStream out;
    private final RespReader reader;

    NodeLink(NodeAddress address, int timeoutMillis) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address.host(), address.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        reader = new RespReader(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
    }

    /** Sends the commands as one pipeline and reads one reply per command. */
    RespValue[] call(List<List<byte[]>> commands) throws IOException {
        for (List<byte[]> argv : commands) {
            out.write(RespReader.command(argv));
        }
        out.flush();
        RespValue[] replies = new RespValue[commands.size()];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = reader.read();
        }
        return replies;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken link
        }
    }
}
