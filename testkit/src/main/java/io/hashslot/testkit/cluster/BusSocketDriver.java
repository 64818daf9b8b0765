package io.hashslot.testkit.cluster;

import io.hashslot.cluster.bus.BusCodec;
import io.hashslot.cluster.bus.DecodeResult;
import io.hashslot.cluster.bus.FrameDecoder;
import io.hashslot.cluster.core.ClusterAction;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.ClusterSettings;
import io.hashslot.cluster.core.DataProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A test harness that runs one {@link ClusterNode} core on real sockets: a bus listener on 127.0.0.1, outbound
 * connections on request, the 100 ms cron, all on one thread with java.nio. It lets tests put the core in a cluster
 * of real redis-server 7.0 nodes. Not the production transport (that is the server module's job).
 */
public final class BusSocketDriver implements AutoCloseable {
    private final ClusterNode core;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final Map<Long, SocketChannel> channels = new HashMap<>();
    private final Map<SocketChannel, Long> ids = new HashMap<>();
    private final Map<Long, ArrayDeque<ByteBuffer>> outQueues = new HashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<byte[]> received = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private volatile String lastConfig;
    private volatile boolean running = true;
    private long lastTick;

    private BusSocketDriver(ClusterSettings settings, long seed) throws IOException {
        long now = System.currentTimeMillis();
        this.core = ClusterNode.fresh(settings, new SplittableRandom(seed), DataProbe.EMPTY, now);
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", settings.cport()));
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::loop, "bus-driver-" + settings.port());
        thread.setDaemon(true);
    }

    /** Starts a core whose client port is {@code port} (bus port + 10000) with these settings. */
    public static BusSocketDriver start(ClusterSettings settings, long seed) {
        try {
            BusSocketDriver d = new BusSocketDriver(settings, seed);
            d.thread.start();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code f} on the driver thread (between events) and returns its result. */
    public <T> T call(Function<ClusterNode, T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(f.apply(core));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        selector.wakeup();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("driver thread did not answer", e);
        }
    }

    /** Every complete frame received so far (copies). */
    public List<byte[]> receivedFrames() {
        return call(c -> new ArrayList<>(received));
    }

    public List<String> logLines() {
        return call(c -> new ArrayList<>(logLines));
    }

    /** The last nodes.conf content the core asked to save. */
    public String lastSavedConfig() {
        return lastConfig;
    }

    private void loop() {
        Map<Long, FrameDecoder> tapDecoders = new HashMap<>();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (running) {
            try {
                selector.select(10);
                long now = System.currentTimeMillis();
                for (SelectionKey key : new ArrayList<>(selector.selectedKeys())) {
                    selector.selectedKeys().remove(key);
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel ch = server.accept();
                        if (ch != null) {
                            ch.configureBlocking(false);
                            String peer = ((InetSocketAddress) ch.getRemoteAddress()).getAddress().getHostAddress();
                            String local = ((InetSocketAddress) ch.getLocalAddress()).getAddress().getHostAddress();
                            long id = core.onInboundAccepted(peer, local, now);
                            register(id, ch, SelectionKey.OP_READ);
                        }
                        continue;
                    }
                    SocketChannel ch = (SocketChannel) key.channel();
                    Long id = ids.get(ch);
                    if (id == null) {
                        key.cancel();
                        continue;
                    }
                    if (key.isConnectable()) {
                        try {
                            ch.finishConnect();
                            key.interestOps(SelectionKey.OP_READ | writeInterest(id));
                            String local = ((InetSocketAddress) ch.getLocalAddress()).getAddress().getHostAddress();
                            core.onLinkConnected(id, local, now);
                        } catch (IOException e) {
                            drop(id, true, now);
                        }
                        continue;
                    }
                    if (key.isReadable()) {
                        buf.clear();
                        int n;
                        try {
                            n = ch.read(buf);
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            drop(id, true, now);
                            continue;
                        }
                        FrameDecoder tap = tapDecoders.computeIfAbsent(id, k -> new FrameDecoder());
                        tap.feed(buf.array(), 0, n);
                        for (FrameDecoder.Result r = tap.next(); r instanceof FrameDecoder.Frame f; r = tap.next()) {
                            received.add(f.bytes());
                        }
                        core.onBytes(id, buf.array(), 0, n, now);
                    }
                    if (key.isValid() && key.isWritable()) {
                        flush(id, ch, key, now);
                    }
                }
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                if (now - lastTick >= 100) {
                    lastTick = now;
                    core.tick(now);
                }
                core.beforeSleep(now);
                for (ClusterAction a : core.takeActions()) {
                    perform(a, now);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private int writeInterest(long id) {
        ArrayDeque<ByteBuffer> q = outQueues.get(id);
        return q != null && !q.isEmpty() ? SelectionKey.OP_WRITE : 0;
    }

    private void register(long id, SocketChannel ch, int ops) throws IOException {
        channels.put(id, ch);
        ids.put(ch, id);
        outQueues.put(id, new ArrayDeque<>());
        ch.register(selector, ops);
    }

    private void perform(ClusterAction a, long now) throws IOException {
        if (a instanceof ClusterAction.Connect c) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            try {
                boolean done = ch.connect(new InetSocketAddress(c.ip(), c.cport()));
                register(c.linkId(), ch, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
                if (done) {
                    core.onLinkConnected(c.linkId(), "127.0.0.1", now);
                }
            } catch (IOException | RuntimeException e) {
                ch.close();
                core.onConnectError(c.linkId(), now);
            }
        } else if (a instanceof ClusterAction.Send s) {
            SocketChannel ch = channels.get(s.linkId());
            if (ch != null) {
                outQueues.get(s.linkId()).add(ByteBuffer.wrap(s.message().bytes()));
                SelectionKey key = ch.keyFor(selector);
                if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_CONNECT) == 0) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                }
            }
        } else if (a instanceof ClusterAction.CloseLink c) {
            drop(c.linkId(), false, now);
        } else if (a instanceof ClusterAction.SaveConfig s) {
            lastConfig = s.content();
        } else if (a instanceof ClusterAction.Log l) {
            logLines.add(l.level().mark() + " " + l.line());
        }
    }

    private void flush(long id, SocketChannel ch, SelectionKey key, long now) {
        ArrayDeque<ByteBuffer> q = outQueues.get(id);
        try {
            while (!q.isEmpty()) {
                ByteBuffer b = q.peek();
                ch.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                q.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            drop(id, true, now);
        }
    }

    private void drop(long id, boolean tellCore, long now) {
        SocketChannel ch = channels.remove(id);
        outQueues.remove(id);
        if (ch != null) {
            ids.remove(ch);
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (tellCore) {
            core.onLinkClosed(id, now);
        }
    }

    /** Decodes a frame for assertions. */
    public static DecodeResult decode(byte[] frame) {
        return BusCodec.decode(frame);
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
            for (SocketChannel ch : channels.values()) {
                ch.close();
            }
            server.close();
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
