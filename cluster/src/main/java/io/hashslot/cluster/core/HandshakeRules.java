package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusHeader;
import io.hashslot.cluster.util.IpAddresses;
import io.hashslot.common.LogLevel;

/**
 * Meeting nodes: CLUSTER MEET's handshake node (clusterStartHandshake), the sender address rules (nodeIp2String)
 * and address changes seen on PINGs (nodeUpdateAddressIfNeeded). Completing a handshake on the first PONG is in
 * {@link PacketProcessor}; deleting stale handshake nodes in {@link ClusterCron}.
 */
final class HandshakeRules {
    /** What clusterStartHandshake did. */
    enum Outcome { STARTED, IN_PROGRESS, INVALID }

    private final ClusterNode c;

    HandshakeRules(ClusterNode c) {
        this.c = c;
    }

    /** The sender's IP: the one it announces, else the link's peer address (null when unknown). */
    static String ipOf(Link link, String announcedIp) {
        if (!announcedIp.isEmpty()) {
            return announcedIp.length() > 45 ? announcedIp.substring(0, 45) : announcedIp;
        }
        return link.peerIp;
    }

    boolean handshakeInProgress(String ip, int port, int cport) {
        for (KnownNode n : c.table.all()) {
            if (n.inHandshake() && n.ip.equalsIgnoreCase(ip) && n.port == port && n.cport == cport) {
                return true;
            }
        }
        return false;
    }

    /** clusterStartHandshake: a node with a random name, HANDSHAKE|MEET, that cron will connect to. */
    Outcome startHandshake(String ip, int port, int cport, long now) {
        String normalized = IpAddresses.normalize(ip);
        if (normalized == null) {
            return Outcome.INVALID;
        }
        if (port <= 0 || port > 65535 || cport <= 0 || cport > 65535) {
            return Outcome.INVALID;
        }
        if (handshakeInProgress(normalized, port, cport)) {
            return Outcome.IN_PROGRESS;
        }
        KnownNode n = new KnownNode(c.randomName(), NodeFlags.HANDSHAKE | NodeFlags.MEET, now);
        n.ip = normalized;
        n.port = port;
        n.cport = cport;
        c.table.add(n);
        return Outcome.STARTED;
    }

    /**
     * nodeUpdateAddressIfNeeded: on a message from {@code node} received on another link than its outbound one,
     * adopt the address it is reachable at if it changed (dropping the outbound link to reconnect there).
     */
    boolean updateAddressIfNeeded(KnownNode node, Link link, BusHeader h) {
        if (link == node.link) {
            return false;
        }
        String ip = ipOf(link, h.myip());
        if (ip == null) {
            return false;
        }
        if (node.port == h.port() && node.cport == h.cport() && node.pport == h.pport() && ip.equals(node.ip)) {
            return false;
        }
        node.ip = ip;
        node.port = h.port();
        node.pport = h.pport();
        node.cport = h.cport();
        if (node.link != null) {
            c.links.free(node.link, true);
        }
        node.flags &= ~NodeFlags.NOADDR;
        c.out.log(LogLevel.WARNING, "Address updated for node " + node.name + ", now " + node.ip + ":" + node.port);
        KnownNode myself = c.table.myself;
        if (myself.isReplica() && myself.master == node) {
            c.out.add(new ClusterAction.ReplicateFrom(node.name, node.ip, node.port));
        }
        return true;
    }
}
