package io.hashslot.server;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.ServerContext;
import io.hashslot.protocol.ProtocolException;
import io.hashslot.protocol.ReplyBuffer;
import io.hashslot.protocol.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;

/**
 * One client connection: parses requests as bytes arrive, runs them on the node's event loop (the node's single
 * execution thread, as in Redis) and writes the replies of a read batch with one flush.
 */
final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private final HashslotServer node;
    private final ServerContext server;
    private final CommandProcessor processor;
    private final RequestParser parser;
    private ChannelHandlerContext ctx;
    private Client client;
    /** Input left over while the client cannot run commands (blocked, paused). */
    private ByteBuf pending;
    private boolean flushScheduled;
    private boolean closing;

    ClientChannelHandler(HashslotServer node) {
        this.node = node;
        this.server = node.context();
        this.processor = node.processor();
        this.parser = new RequestParser(node.parserLimits());
    }

    Client client() {
        return client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long maxClients = server.config().getLong("maxclients");
        if (server.clients().size() >= maxClients) {
            server.stats().rejectedConnections++;
            reject(ctx, "-ERR max number of clients reached\r\n");
            return;
        }
        long id = server.clients().nextId();
        NettyClientConnection conn = new NettyClientConnection(ctx.channel(), this, (int) (id + 7));
        client = new Client(id, server, conn);
        if (server.config().getBool("protected-mode") && !server.authRequired() && !conn.isLocal()) {
            server.stats().rejectedConnections++;
            client = null;
            reject(ctx, ProtectedMode.DENIED);
            return;
        }
        server.clients().add(client);
        server.stats().connectionsReceived++;
        server.log().verbose("Accepted " + conn.remoteAddress());
    }

    private static void reject(ChannelHandlerContext ctx, String text) {
        ByteBuf b = Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.ISO_8859_1);
        ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (client == null || closing) {
            in.release();
            return;
        }
        server.stats().netInputBytes += in.readableBytes();
        server.stats().readsProcessed++;
        if (pending != null) {
            pending.writeBytes(in);
            in.release();
            in = pending;
            pending = null;
        }
        try {
            consume(in);
        } finally {
            if (in.isReadable() && !closing) {
                pending = ctx.alloc().heapBuffer(in.readableBytes());
                pending.writeBytes(in);
            }
            in.release();
        }
    }

    /** Runs every complete request in {@code in} while the client may run commands. */
    private void consume(ByteBuf in) {
        // like Redis's query buffer, the bytes of the whole batch stay counted while its commands run
        client.setQueryBufferBytes(in.readableBytes());
        try {
            consumeBatch(in);
        } finally {
            client.setQueryBufferBytes(in.readableBytes());
        }
    }

    private void consumeBatch(ByteBuf in) {
        while (in.isReadable() && !closing && runnable()) {
            ByteBuffer nio = in.nioBuffer();
            int before = nio.position();
            byte[][] argv;
            try {
                argv = parser.next(nio, !client.authenticated());
            } catch (ProtocolException e) {
                in.skipBytes(nio.position() - before);
                protocolError(e);
                return;
            }
            in.skipBytes(nio.position() - before);
            if (argv == null) {
                return;
            }
            if (argv.length == 0) {
                continue;
            }
            processor.process(client, argv);
            if (client.hasFlag(Client.FLAG_CLOSE_AFTER_REPLY)) {
                closeAfterFlush();
                return;
            }
        }
    }

    private boolean runnable() {
        return !client.hasFlag(Client.FLAG_BLOCKED);
    }

    /** Called when a blocked or paused client may run again: processes input that waited. */
    void resume() {
        if (client == null || closing || !runnable()) {
            return;
        }
        byte[][] waiting = client.pendingArgv();
        if (waiting != null) {
            client.setPendingArgv(null);
            processor.process(client, waiting);
            if (client.hasFlag(Client.FLAG_CLOSE_AFTER_REPLY)) {
                closeAfterFlush();
                return;
            }
        }
        if (pending != null && runnable()) {
            ByteBuf in = pending;
            pending = null;
            try {
                consume(in);
            } finally {
                if (in.isReadable() && !closing) {
                    pending = ctx.alloc().heapBuffer(in.readableBytes());
                    pending.writeBytes(in);
                }
                in.release();
            }
        }
        requestFlush();
    }

    private void protocolError(ProtocolException e) {
        if (e.getMessage() == null) {
            server.stats().clientQueryBufferLimitDisconnections++;
            server.log().warning("Closing client that reached max query buffer length: " + describe());
            closing = true;
            flush();
            ctx.close();
            return;
        }
        if (server.log().enabled(io.hashslot.common.LogLevel.VERBOSE)) {
            server.log().verbose("Protocol error (" + e.reason() + ") from client: " + describe());
        }
        client.error(e.getMessage());
        closeAfterFlush();
    }

    private String describe() {
        return "id=" + client.id() + " addr=" + client.connection().remoteAddress();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
    }

    void requestFlush() {
        if (!flushScheduled && ctx != null) {
            flushScheduled = true;
            ctx.channel().eventLoop().execute(() -> server.busyGate().run(() -> {
                flushScheduled = false;
                flush();
            }));
        }
    }

    void closeAfterFlush() {
        if (closing) {
            return;
        }
        closing = true;
        flush();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes everything the client's reply buffer holds, with one flush. */
    void flush() {
        if (client == null) {
            return;
        }
        ReplyBuffer out = client.output();
        if (out.isEmpty()) {
            return;
        }
        long[] written = {0};
        out.drain((array, off, len, owned) -> {
            ByteBuf b;
            if (owned) {
                b = Unpooled.wrappedBuffer(array, off, len);
            } else {
                b = ctx.alloc().directBuffer(len);
                b.writeBytes(array, off, len);
            }
            written[0] += len;
            ctx.write(b, ctx.voidPromise());
        });
        ctx.flush();
        out.trim(16 * 1024);
        server.stats().netOutputBytes += written[0];
        server.stats().writesProcessed++;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (client != null) {
            node.clientClosed(client);
            server.log().verbose("Client closed connection " + describe());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (client != null && !(cause instanceof java.io.IOException)) {
            server.log().warning("Error on client connection " + describe() + ": " + cause);
        }
        ctx.close();
    }
}
