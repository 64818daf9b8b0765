package io.hashslot.server.migrate;

import io.hashslot.commands.MigrateTransport;
import io.hashslot.common.Clock;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * MIGRATE's cached target connections (Redis's migrate_cached_sockets): blocking sockets keyed by "host:port", at
 * most 64 (a random one is dropped to make room), each closed after 10 s without use by {@link #closeIdle}, which
 * the server calls once a second. Used only from the execution thread.
 */
public final class MigrateSockets implements MigrateTransport {
    static final int MAX_ITEMS = 64;
    static final long TTL_MILLIS = 10_000;

    private final Clock clock;
    private final java.util.function.Supplier<io.hashslot.server.NodeLinkFilter> filter;
    private final Map<String, CachedLink> links = new LinkedHashMap<>();
    private final SplittableRandom random = new SplittableRandom();

    public MigrateSockets(Clock clock) {
        this(clock, () -> io.hashslot.server.NodeLinkFilter.ALLOW_ALL);
    }

    /** With a test hook deciding which targets are reachable (see NodeLinkFilter). */
    public MigrateSockets(Clock clock, java.util.function.Supplier<io.hashslot.server.NodeLinkFilter> filter) {
        this.clock = clock;
        this.filter = filter;
    }

    @Override
    public Link link(String host, String port, long timeoutMillis) {
        String name = host + ":" + port;
        CachedLink cached = links.get(name);
        if (cached != null) {
            cached.lastUse = clock.currentTimeMillis();
            return cached;
        }
        if (links.size() == MAX_ITEMS) {
            List<String> names = new ArrayList<>(links.keySet());
            links.remove(names.get(random.nextInt(names.size()))).closeQuietly();
        }
        if (!filter.get().allowLinkTo(host, parsePort(port))) {
            return null; // unreachable across a partition: as a connect that timed out ("IOERR ... connecting")
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, parsePort(port)), (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
            s.setTcpNoDelay(true);
        } catch (ConnectException e) {
            // Redis's non-blocking connect reports a refused connection only at the first write ("writing" IOERR)
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            RefusedLink refused = new RefusedLink();
            return refused;
        } catch (IOException | IllegalArgumentException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            return null;
        }
        try {
            cached = new CachedLink(s, clock.currentTimeMillis());
        } catch (IOException e) {
            return null;
        }
        links.put(name, cached);
        return cached;
    }

    private static int parsePort(String port) {
        // atoi: leading digits
        int v = 0;
        for (int i = 0; i < port.length() && Character.isDigit(port.charAt(i)) && v < 100_000; i++) {
            v = v * 10 + port.charAt(i) - '0';
        }
        return v;
    }

    @Override
    public void close(String host, String port) {
        CachedLink l = links.remove(host + ":" + port);
        if (l != null) {
            l.closeQuietly();
        }
    }

    /** Closes the links unused for more than 10 seconds. */
    public void closeIdle() {
        long now = clock.currentTimeMillis();
        links.values().removeIf(l -> {
            if (now - l.lastUse > TTL_MILLIS) {
                l.closeQuietly();
                return true;
            }
            return false;
        });
    }

    @Override
    public int cachedLinks() {
        return links.size();
    }

    /** Closes the cached links to targets the filter no longer lets this node reach. */
    public void closeRefused(io.hashslot.server.NodeLinkFilter f) {
        links.entrySet().removeIf(e -> {
            String name = e.getKey();
            int colon = name.lastIndexOf(':');
            if (f.allowLinkTo(name.substring(0, colon), parsePort(name.substring(colon + 1)))) {
                return false;
            }
            e.getValue().closeQuietly();
            return true;
        });
    }

    public void closeAll() {
        for (CachedLink l : links.values()) {
            l.closeQuietly();
        }
        links.clear();
    }

    /** A connection the target refused: every write fails, as the first write on Redis's socket does. */
    private static final class RefusedLink implements Link {
        @Override
        public long lastDbid() {
            return -1;
        }

        @Override
        public void setLastDbid(long dbid) {
        }

        @Override
        public void write(byte[] data, long timeoutMillis) throws IOException {
            throw new IOException("Connection refused");
        }

        @Override
        public String readLine(long timeoutMillis) throws IOException {
            throw new IOException("Connection refused");
        }
    }

    /** One cached socket with its read buffer and last selected db. */
    private static final class CachedLink implements Link {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private long lastDbid = -1;
        long lastUse;

        CachedLink(Socket socket, long now) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
            this.lastUse = now;
        }

        @Override
        public long lastDbid() {
            return lastDbid;
        }

        @Override
        public void setLastDbid(long dbid) {
            this.lastDbid = dbid;
        }

        @Override
        public void write(byte[] data, long timeoutMillis) throws IOException {
            for (int pos = 0; pos < data.length; pos += 64 * 1024) {
                out.write(data, pos, Math.min(64 * 1024, data.length - pos));
            }
            out.flush();
        }

        @Override
        public String readLine(long timeoutMillis) throws IOException {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMillis)));
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b;
                try {
                    b = in.read();
                } catch (SocketTimeoutException e) {
                    throw new MigrateTransport.Timeout("timeout reading from target");
                }
                if (b < 0) {
                    throw new EOFException("connection closed by target");
                }
                if (b == '\n') {
                    break;
                }
                line.write(b);
            }
            byte[] bytes = line.toByteArray();
            int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
