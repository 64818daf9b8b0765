package io.hashslot.cluster.core;

import io.hashslot.common.LogLevel;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The node's bus links by id, and the bookkeeping Redis does in createClusterLink / freeClusterLink. */
final class LinkTable {
    private final Map<Long, Link> links = new LinkedHashMap<>();
    private final Outbox out;
    private final BusStats stats;
    private long nextId = 1;

    LinkTable(Outbox out, BusStats stats) {
        this.out = out;
        this.stats = stats;
    }

    Link get(long id) {
        return links.get(id);
    }

    Collection<Link> all() {
        return Collections.unmodifiableCollection(links.values());
    }

    /** Creates the outbound link of {@code node} and asks the driver to connect it. */
    Link createOutbound(KnownNode node, long now) {
        Link link = new Link(nextId++, false, node, now);
        links.put(link.id, link);
        node.link = link;
        out.add(new ClusterAction.Connect(link.id, node.name, node.ip, node.cport));
        return link;
    }

    Link createInbound(String peerIp, String localIp, long now) {
        Link link = new Link(nextId++, true, null, now);
        link.peerIp = peerIp;
        link.localIp = localIp;
        links.put(link.id, link);
        return link;
    }

    /**
     * Forgets a link and detaches it from its node. {@code tellDriver} is false when the driver reported the
     * closing itself.
     */
    void free(Link link, boolean tellDriver) {
        if (links.remove(link.id) == null) {
            return;
        }
        if (link.node != null) {
            if (link.node.link == link) {
                link.node.link = null;
            } else if (link.node.inboundLink == link) {
                link.node.inboundLink = null;
            }
        }
        link.pending.clear();
        if (tellDriver) {
            out.add(new ClusterAction.CloseLink(link.id));
        }
    }

    /** Binds an inbound link to the node that spoke on it, replacing an older inbound link of that node. */
    void bindInbound(KnownNode node, Link link) {
        if (node.inboundLink != null) {
            out.log(LogLevel.DEBUG, "Replacing inbound link " + node.inboundLink.id + " from node " + node.name
                + " with " + link.id);
            free(node.inboundLink, true);
        }
        node.inboundLink = link;
        link.node = node;
    }

    /** Queues a message on a link (counting it as sent, as Redis does when it fills the send buffer). */
    void send(Link link, OutgoingMessage m) {
        if (link == null) {
            return;
        }
        int type = m.type();
        if (type < stats.sent.length) {
            stats.sent[type]++;
        }
        if (link.connected) {
            out.add(new ClusterAction.Send(link.id, m));
        } else {
            link.pending.add(m);
        }
    }

    /** The outbound link connected: flush what was queued while connecting. */
    void flushPending(Link link) {
        for (OutgoingMessage m : link.pending) {
            out.add(new ClusterAction.Send(link.id, m));
        }
        link.pending.clear();
    }
}
