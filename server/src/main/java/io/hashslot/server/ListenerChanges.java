package io.hashslot.server;

import io.hashslot.common.config.ConfigException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * CONFIG SET port / bind on a running node, as Redis's changeListenPort and changeBindAddr do: the new addresses
 * are tried first (with plain sockets, because the command runs on the event loop that would have to complete a
 * Netty bind), and only when they can be bound are the old listeners closed and the new ones opened. A refusal
 * leaves the old listeners in place and becomes the CONFIG SET error.
 */
final class ListenerChanges {
    static final String PORT_ERROR = "Unable to listen on this port. Check server logs.";
    static final String BIND_ERROR = "Failed to bind to specified addresses.";

    private final NodeLogger log;
    private final List<Channel> listeners;

    ListenerChanges(NodeLogger log, List<Channel> listeners) {
        this.log = log;
        this.listeners = listeners;
    }

    /** The port the listeners are bound to, or -1 when there is none. */
    int boundPort() {
        for (Channel ch : listeners) {
            if (ch.localAddress() instanceof InetSocketAddress a) {
                return a.getPort();
            }
        }
        return -1;
    }

    /**
     * Bind entries in the order to bind them: Java cannot make an IPv6 listener IPv6-only, so for "* ::*" the
     * IPv6 wildcard goes first and, being dual-stack, serves IPv4 too (the IPv4 wildcard is then skipped). Redis
     * gets the same effect with two IPv6-only and IPv4 sockets; either way nothing else can take the port.
     */
    static List<String> ordered(List<String> binds) {
        List<String> out = new ArrayList<>();
        for (String b : binds) {
            if (b.equals("::*") || b.equals("-::*")) {
                out.add(b);
            }
        }
        for (String b : binds) {
            if (!b.equals("::*") && !b.equals("-::*")) {
                out.add(b);
            }
        }
        return out;
    }

    static String host(String addr) {
        String host = addr.startsWith("-") ? addr.substring(1) : addr;
        return host.equals("*") ? "0.0.0.0" : host.equals("::*") ? "::" : host;
    }

    /** Whether {@code addr} (a bind entry) could be bound on {@code port}; optional entries always pass. */
    private boolean probe(String addr, int port, boolean othersBound) {
        boolean optional = addr.startsWith("-") || (addr.equals("::*") && othersBound);
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host(addr)), port));
            return true;
        } catch (IOException | RuntimeException e) {
            if (!optional) {
                log.warning("Warning: Could not create server TCP listening socket " + addr + ":" + port + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            return optional;
        }
    }

    private void closeAll() {
        for (Channel ch : listeners) {
            ch.close();
        }
        listeners.clear();
    }

    private void open(ServerBootstrap b, int port, List<String> binds) {
        boolean ipv6Wildcard = false;
        for (String addr : ordered(binds)) {
            String plain = addr.startsWith("-") ? addr.substring(1) : addr;
            if (plain.equals("*") && ipv6Wildcard) {
                continue;
            }
            ipv6Wildcard |= plain.equals("::*");
            ChannelFuture f = b.bind(host(addr), port);
            listeners.add(f.channel());
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    listeners.remove(f.channel());
                    if (!addr.startsWith("-") && !addr.equals("::*")) {
                        log.warning("Warning: Could not create server TCP listening socket " + addr + ":" + port
                            + ": " + done.cause());
                    }
                }
            });
        }
    }

    /** Applies a new port: 0 closes the listeners, as in Redis. */
    void changePort(ServerBootstrap b, int port, List<String> binds) throws ConfigException {
        if (port == boundPort()) {
            return;
        }
        if (port == 0) {
            closeAll();
            return;
        }
        boolean any = false;
        for (String addr : binds) {
            if (!probe(addr, port, any)) {
                throw new ConfigException(PORT_ERROR);
            }
            any = true;
        }
        closeAll();
        open(b, port, binds);
    }

    /** Applies new bind addresses on the current port. */
    void changeBind(ServerBootstrap b, int port, List<String> binds) throws ConfigException {
        int probePort = 0;
        boolean any = false;
        for (String addr : binds) {
            if (!probe(addr, probePort, any)) {
                log.warning("Failed to bind");
                throw new ConfigException(BIND_ERROR);
            }
            any = true;
        }
        closeAll();
        if (port != 0) {
            open(b, port, new ArrayList<>(binds));
        }
    }
}
