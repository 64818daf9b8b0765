package io.hashslot.server.cluster;

import io.hashslot.cluster.core.ClusterAction;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.view.ClusterLinksReply;
import io.hashslot.commands.script.BusyGate;
import io.hashslot.common.Clock;
import io.hashslot.common.LogLevel;
import io.hashslot.common.NodeLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cluster bus transport of one node: the listener on the cluster port, outbound connections the core asks
 * for, and the per-link sockets, all on the node's event loop (the thread that runs commands). It feeds the
 * {@link ClusterNode} its inputs (accepted links, connects, bytes, closes), ticks it every 100 ms, runs its
 * beforeSleep once after each batch of events and carries out the link actions it emits (Connect, Send,
 * CloseLink); every other action goes to the node-side consumer given at construction.
 */
public final class ClusterBus {
    private final EventLoop loop;
    private final BusyGate gate;
    private final Clock clock;
    private final NodeLog log;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final Class<? extends Channel> channelClass;
    private final Consumer<ClusterAction> nodeActions;
    private final ClusterNode core;
    /** Live sockets by the core's link id; removed before a close the core asked for, so it is not reported. */
    private final Map<Long, Channel> channels = new HashMap<>();
    private final Set<Channel> unflushed = new LinkedHashSet<>();
    private final List<Channel> listeners = new ArrayList<>();
    private ScheduledFuture<?> cron;
    private boolean beforeSleepPending;
    private volatile long sendBufferLimit;
    private boolean closed;
    /** Node-side work after each cron tick (redirecting blocked clients). */
    private Runnable afterTick = () -> { };
    /** Test hook cutting the bus to some peers (embedded cluster partitions); passes everything by default. */
    private volatile BusPeerFilter peerFilter = BusPeerFilter.ALLOW_ALL;

    ClusterBus(EventLoop loop, BusyGate gate, Clock clock, NodeLog log, Class<? extends ServerChannel> serverChannel,
               Class<? extends Channel> channel, ClusterNode core, Consumer<ClusterAction> nodeActions) {
        this.loop = loop;
        this.gate = gate;
        this.clock = clock;
        this.log = log;
        this.serverChannelClass = serverChannel;
        this.channelClass = channel;
        this.core = core;
        this.nodeActions = nodeActions;
    }

    void setAfterTick(Runnable task) {
        this.afterTick = task;
    }

    void setPeerFilter(BusPeerFilter filter) {
        this.peerFilter = filter == null ? BusPeerFilter.ALLOW_ALL : filter;
    }

    /** Whether the peer filter drops messages on this link (links not yet tied to a node pass). */
    private boolean filtered(long linkId) {
        BusPeerFilter f = peerFilter;
        if (f == BusPeerFilter.ALLOW_ALL) {
            return false;
        }
        for (io.hashslot.cluster.core.Link l : core.links()) {
            if (l.id() == linkId) {
                return l.node() != null && !f.allowSendTo(l.node().name());
            }
        }
        return false;
    }

    void setSendBufferLimit(long bytes) {
        this.sendBufferLimit = bytes;
    }

    /** Binds the bus port on each address (must be called off the event loop: binding waits). */
    void listen(List<String> addresses, int cport) throws IOException {
        ServerBootstrap b = new ServerBootstrap()
            .group(loop)
            .channel(serverChannelClass)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_BACKLOG, 511)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new LinkHandler(-1));
                }
            });
        for (String addr : addresses) {
            try {
                listeners.add(b.bind(addr, cport).sync().channel());
            } catch (Exception e) {
                for (Channel ch : listeners) {
                    ch.close();
                }
                listeners.clear();
                // as Redis logs it before exiting (the address as configured: "*" for all IPv4 addresses)
                String shown = addr.equals("0.0.0.0") ? "*" : addr.equals("::") ? "::*" : addr;
                log.warning("Warning: Could not create server TCP listening socket " + shown + ":" + cport + ": "
                    + (e.getMessage() == null ? e : e.getMessage()));
                log.warning("Failed listening on port " + cport + " (cluster), aborting.");
                BindException be = new BindException("Could not create server TCP listening socket " + addr + ":"
                    + cport + ": " + (e.getMessage() == null ? e : e.getMessage()));
                be.initCause(e);
                throw be;
            }
        }
    }

    /** Starts the 100 ms cron (clusterCron) and runs the first beforeSleep. */
    void start() {
        cron = loop.scheduleAtFixedRate(() -> gate.runOrDefer(this::tick), 100, 100, TimeUnit.MILLISECONDS);
        loop.execute(() -> gate.run(this::kick));
    }

    private void tick() {
        if (closed) {
            return;
        }
        core.tick(clock.currentTimeMillis());
        kick();
        afterTick.run();
    }

    /**
     * After an input to the core (on the event loop): carries out its actions now and makes sure beforeSleep runs
     * once the current batch of events is done.
     */
    public void kick() {
        drain();
        if (!beforeSleepPending && !closed) {
            beforeSleepPending = true;
            loop.execute(() -> gate.run(this::beforeSleep));
        }
    }

    private void beforeSleep() {
        beforeSleepPending = false;
        if (closed) {
            return;
        }
        core.beforeSleep(clock.currentTimeMillis());
        drain();
    }

    private void drain() {
        if (closed) {
            return;
        }
        List<ClusterAction> actions = core.takeActions();
        while (!actions.isEmpty()) {
            for (ClusterAction a : actions) {
                perform(a);
            }
            actions = core.takeActions();
        }
        List<Channel> toFlush = new ArrayList<>(unflushed);
        unflushed.clear();
        for (Channel ch : toFlush) {
            ch.flush();
        }
    }

    private void perform(ClusterAction a) {
        long now = clock.currentTimeMillis();
        if (a instanceof ClusterAction.Send s) {
            Channel ch = channels.get(s.linkId());
            if (ch == null || !ch.isActive() || filtered(s.linkId())) {
                return;
            }
            ch.write(Unpooled.wrappedBuffer(s.message().bytes()), ch.voidPromise());
            unflushed.add(ch);
            long limit = sendBufferLimit;
            if (limit > 0) {
                ChannelOutboundBuffer ob = ch.unsafe().outboundBuffer();
                long used = ob == null ? 0 : ob.totalPendingWriteBytes();
                if (used > limit) {
                    channels.remove(s.linkId());
                    unflushed.remove(ch);
                    ch.close();
                    core.onSendBufferLimitExceeded(s.linkId(), used, now);
                }
            }
        } else if (a instanceof ClusterAction.Connect c) {
            connect(c, now);
        } else if (a instanceof ClusterAction.CloseLink c) {
            Channel ch = channels.remove(c.linkId());
            if (ch != null) {
                unflushed.remove(ch);
                ch.close();
            }
        } else {
            nodeActions.accept(a);
        }
    }

    private void connect(ClusterAction.Connect c, long now) {
        long id = c.linkId();
        int timeout = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, core.settings().nodeTimeout()));
        ChannelFuture f;
        try {
            f = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeout)
                .handler(new LinkHandler(id))
                .connect(new InetSocketAddress(c.ip(), c.cport()));
        } catch (RuntimeException e) {
            core.onConnectError(id, now);
            return;
        }
        if (f.isDone() && !f.isSuccess()) {
            core.onConnectError(id, now);
            return;
        }
        channels.put(id, f.channel());
        f.addListener(done -> gate.run(() -> {
            if (channels.get(id) != f.channel()) {
                f.channel().close();
                return;
            }
            long t = clock.currentTimeMillis();
            if (done.isSuccess()) {
                core.onLinkConnected(id, localIp(f.channel()), t);
            } else {
                channels.remove(id);
                core.onLinkClosed(id, t);
            }
            kick();
        }));
    }

    private static String localIp(Channel ch) {
        return ch.localAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
    }

    private static String peerIp(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
    }

    /** What CLUSTER LINKS shows of the sockets. */
    ClusterLinksReply.Buffers buffers() {
        return new ClusterLinksReply.Buffers() {
            @Override
            public String events(long linkId) {
                Channel ch = channels.get(linkId);
                if (ch == null) {
                    return "";
                }
                ChannelOutboundBuffer ob = ch.unsafe().outboundBuffer();
                return ob != null && ob.totalPendingWriteBytes() > 0 ? "rw" : "r";
            }

            @Override
            public long sendBufferAllocated(long linkId) {
                return sendBufferUsed(linkId);
            }

            @Override
            public long sendBufferUsed(long linkId) {
                Channel ch = channels.get(linkId);
                ChannelOutboundBuffer ob = ch == null ? null : ch.unsafe().outboundBuffer();
                return ob == null ? 0 : ob.totalPendingWriteBytes();
            }
        };
    }

    /** Number of open bus sockets (INFO cluster_connections). */
    int connections() {
        return channels.size();
    }

    /** Closes the listener and every link; the core is not told (the node is stopping). */
    void close() {
        closed = true;
        if (cron != null) {
            cron.cancel(false);
        }
        for (Channel ch : listeners) {
            ch.close();
        }
        for (Channel ch : channels.values()) {
            ch.close();
        }
        channels.clear();
    }

    /** One bus socket: feeds the core, under the node's busy gate like client connections. */
    private final class LinkHandler extends ChannelInboundHandlerAdapter {
        private long id;

        LinkHandler(long id) {
            this.id = id;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (id < 0) {
                gate.run(() -> {
                    if (closed) {
                        ctx.close();
                        return;
                    }
                    id = core.onInboundAccepted(peerIp(ctx.channel()), localIp(ctx.channel()),
                        clock.currentTimeMillis());
                    channels.put(id, ctx.channel());
                    kick();
                });
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                gate.run(() -> {
                    if (closed || channels.get(id) != ctx.channel()) {
                        return;
                    }
                    try {
                        core.onBytes(id, bytes, 0, bytes.length, clock.currentTimeMillis());
                    } catch (RuntimeException e) {
                        // a frame the core could not digest must not take the node down: drop the link
                        log.log(LogLevel.WARNING, "Closing cluster bus link after a bad message: " + e);
                        channels.remove(id);
                        ctx.close();
                        core.onLinkClosed(id, clock.currentTimeMillis());
                    }
                    kick();
                });
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            gate.run(() -> {
                if (id >= 0 && channels.get(id) == ctx.channel()) {
                    channels.remove(id);
                    unflushed.remove(ctx.channel());
                    core.onLinkClosed(id, clock.currentTimeMillis());
                    kick();
                }
            });
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
