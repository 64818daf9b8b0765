package io.hashslot.embedded;

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

/**
 * A plain blocking RESP connection to one node, for the cluster's own administration (CLUSTER commands, DUMP/RESTORE
 * during a reshard). Replies come back as Java values: simple and bulk strings as String (bulk payloads that are not
 * text can be read with {@link #callRaw}), integers as Long, arrays as List, nil as null; an error reply throws
 * {@link EmbeddedClusterException} with the node's text.
 */
final class NodeConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final RespReader in;

    NodeConnection(String host, int port, int timeoutMillis) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new RespReader(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** Sends one command (string arguments) and returns its reply as a Java value. */
    Object call(String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) {
            argv.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return toJava(callRaw(argv));
    }

    /** Sends one command and returns the raw reply (an error reply is returned, not thrown). */
    RespValue callRaw(List<byte[]> argv) {
        try {
            out.write(RespReader.command(argv));
            out.flush();
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException("connection to port " + socket.getPort() + " failed", e);
        }
    }

    static Object toJava(RespValue v) {
        if (v instanceof RespValue.Error e) {
            throw new EmbeddedClusterException(e.text());
        } else if (v instanceof RespValue.Simple s) {
            return s.text();
        } else if (v instanceof RespValue.Bulk b) {
            return b.text();
        } else if (v instanceof RespValue.Int i) {
            return i.value();
        } else if (v instanceof RespValue.Array a) {
            List<Object> items = new ArrayList<>();
            for (RespValue item : a.items()) {
                items.add(item instanceof RespValue.Error ? item : toJava(item));
            }
            return items;
        } else if (v instanceof RespValue.Null) {
            return null;
        }
        return v.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket of a node that is gone
        }
    }
}
