package io.hashslot.server;

import io.hashslot.commands.ClientConnection;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** A client's TCP connection as the command layer sees it. */
final class NettyClientConnection implements ClientConnection {
    private final Channel channel;
    private final ClientChannelHandler handler;
    private final int fd;

    NettyClientConnection(Channel channel, ClientChannelHandler handler, int fd) {
        this.channel = channel;
        this.handler = handler;
        this.fd = fd;
    }

    static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            // inet_ntop's compressed IPv6 form ("::1"), as Redis prints peer addresses
            String host = i.getAddress() == null ? i.getHostString()
                : io.netty.util.NetUtil.toAddressString(i.getAddress());
            int pct = host.indexOf('%');
            if (pct >= 0) {
                host = host.substring(0, pct);
            }
            // anetFormatAddr: IPv6 addresses in brackets
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    @Override
    public String remoteAddress() {
        return format(channel.remoteAddress());
    }

    @Override
    public String localAddress() {
        return format(channel.localAddress());
    }

    @Override
    public boolean isLocal() {
        SocketAddress a = channel.remoteAddress();
        return a instanceof InetSocketAddress i && i.getAddress() != null && i.getAddress().isLoopbackAddress();
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void requestFlush() {
        handler.requestFlush();
    }

    @Override
    public void closeAfterFlush() {
        handler.closeAfterFlush();
    }

    @Override
    public void resume() {
        channel.eventLoop().execute(handler::resume);
    }

    @Override
    public long pendingOutputBytes() {
        io.netty.channel.ChannelOutboundBuffer ob = channel.unsafe().outboundBuffer();
        return ob == null ? 0 : ob.totalPendingWriteBytes();
    }

    @Override
    public void closeNow() {
        channel.close();
    }

    @Override
    public void setReading(boolean reading) {
        channel.config().setAutoRead(reading);
    }
}
