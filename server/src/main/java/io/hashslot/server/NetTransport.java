package io.hashslot.server;

import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty transport a node's event loop uses: epoll where the machine has it, else NIO; the JVM system property
 * {@code hashslot.nio=true} forces NIO. INFO's multiplexing_api shows the choice.
 */
enum NetTransport {
    EPOLL("epoll") {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        Class<? extends SocketChannel> socketChannel() {
            return EpollSocketChannel.class;
        }

        @Override
        void keepAlive(SocketChannel ch, int seconds) {
            ch.config().setOption(EpollChannelOption.TCP_KEEPIDLE, seconds);
            ch.config().setOption(EpollChannelOption.TCP_KEEPINTVL, Math.max(1, seconds / 3));
            ch.config().setOption(EpollChannelOption.TCP_KEEPCNT, 3);
        }
    },
    NIO("nio") {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        Class<? extends SocketChannel> socketChannel() {
            return NioSocketChannel.class;
        }

        @Override
        void keepAlive(SocketChannel ch, int seconds) {
            // NIO offers no per-socket probe timing: the system's defaults apply
        }
    };

    private final String apiName;

    NetTransport(String apiName) {
        this.apiName = apiName;
    }

    abstract IoHandlerFactory ioHandlerFactory();

    abstract Class<? extends ServerChannel> serverChannel();

    abstract Class<? extends SocketChannel> socketChannel();

    /** TCP keepalive probes after {@code seconds} idle (tcp-keepalive), as Redis's anetKeepAlive sets them. */
    abstract void keepAlive(SocketChannel ch, int seconds);

    /** INFO server's multiplexing_api. */
    String apiName() {
        return apiName;
    }

    static NetTransport select() {
        return Epoll.isAvailable() && !Boolean.getBoolean("hashslot.nio") ? EPOLL : NIO;
    }
}
