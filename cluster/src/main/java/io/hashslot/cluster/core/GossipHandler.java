package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusLayout;
import io.hashslot.cluster.bus.BusMessage;
import io.hashslot.cluster.bus.GossipEntry;
import io.hashslot.cluster.bus.MessageBody;
import io.hashslot.cluster.bus.PingExtension;
import io.hashslot.common.LogLevel;

/**
 * The gossip section and ping extensions of a received PING/PONG/MEET (clusterProcessGossipSection,
 * clusterProcessPingExtensions): failure reports from masters, pong times, address fixes, nodes learned from
 * known senders, and the sender's announced hostname.
 */
final class GossipHandler {
    private static final int FAILING = NodeFlags.FAIL | NodeFlags.PFAIL;

    private final ClusterNode c;

    GossipHandler(ClusterNode c) {
        this.c = c;
    }

    void processGossip(BusMessage m, Link link, long now) {
        NodeTable t = c.table;
        KnownNode sender = link.node != null ? link.node : t.lookup(m.header().sender());
        for (GossipEntry g : m.gossip().entries()) {
            int flags = g.flags();
            if (c.out.logEnabled(LogLevel.DEBUG)) {
                c.out.log(LogLevel.DEBUG, "GOSSIP " + g.nodeName() + " " + g.ip() + ":" + g.port() + "@" + g.cport()
                    + " " + NodeFlags.describe(flags));
            }
            KnownNode node = t.lookup(g.nodeName());
            if (node != null) {
                if (sender != null && sender.isMaster() && node != t.myself) {
                    if ((flags & FAILING) != 0) {
                        if (t.addFailureReport(node, sender, now)) {
                            c.out.log(LogLevel.VERBOSE, "Node " + sender.name + " reported node " + node.name
                                + " as not reachable.");
                        }
                        c.failures.markFailingIfNeeded(node, now);
                    } else if (t.delFailureReport(node, sender, now)) {
                        c.out.log(LogLevel.VERBOSE, "Node " + sender.name + " reported node " + node.name
                            + " is back online.");
                    }
                }
                if ((flags & FAILING) == 0 && node.pingSent == 0 && t.failureReportsCount(node, now) == 0) {
                    long pongTime = g.pongReceivedSeconds() * 1000;
                    if (pongTime <= now + 500 && pongTime > node.pongReceived) {
                        node.pongReceived = pongTime;
                    }
                }
                if ((node.flags & FAILING) != 0 && (flags & NodeFlags.NOADDR) == 0 && (flags & FAILING) == 0
                    && (!node.ip.equalsIgnoreCase(g.ip()) || node.port != g.port() || node.cport != g.cport())) {
                    if (node.link != null) {
                        c.links.free(node.link, true);
                    }
                    node.ip = g.ip();
                    node.port = g.port();
                    node.pport = g.pport();
                    node.cport = g.cport();
                    node.flags &= ~NodeFlags.NOADDR;
                }
            } else if (sender != null && (flags & NodeFlags.NOADDR) == 0 && NodeTable.validName(g.nodeName())
                && !t.blacklisted(g.nodeName(), now)) {
                // Redis adds even a malformed name once (and asserts on the second); we skip malformed names. It
                // also keeps a gossiped MYSELF bit, which would make its own nodes.conf unloadable; we drop it.
                KnownNode n = new KnownNode(g.nodeName(), flags & ~NodeFlags.MYSELF, now);
                n.ip = g.ip();
                n.port = g.port();
                n.pport = g.pport();
                n.cport = g.cport();
                t.add(n);
            }
        }
    }

    /** The sender's hostname becomes the HOSTNAME extension's value, or "" when the message has none. */
    void processExtensions(BusMessage m, Link link) {
        KnownNode sender = link.node != null ? link.node : c.table.lookup(m.header().sender());
        MessageBody.Gossip g = m.gossip();
        String hostname = null;
        for (PingExtension e : g.extensions()) {
            if (e.type() == BusLayout.EXT_TYPE_HOSTNAME) {
                hostname = e.cString();
            } else {
                c.out.log(LogLevel.WARNING, "Received unknown extension type " + e.type());
            }
        }
        if (sender != null) {
            sender.hostname = hostname == null ? "" : hostname;
        }
    }
}
