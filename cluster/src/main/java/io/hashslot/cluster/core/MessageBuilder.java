package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusHeader;
import io.hashslot.cluster.bus.BusMessage;
import io.hashslot.cluster.bus.GossipEntry;
import io.hashslot.cluster.bus.MessageBody;
import io.hashslot.cluster.bus.MessageFlags;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.bus.PingExtension;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and sends this node's messages: the header (clusterBuildMessageHdr), PING/PONG/MEET with Redis's gossip
 * selection (clusterSendPing), broadcasts, FAIL, UPDATE, PUBLISH and the failover messages.
 */
final class MessageBuilder {
    static final int BROADCAST_ALL = 0;
    static final int BROADCAST_LOCAL_REPLICAS = 1;

    private final ClusterNode c;
    /** cluster_pings_sent: numbers each PING so a node is gossiped at most once per packet. */
    private long pingsSent;

    MessageBuilder(ClusterNode c) {
        this.c = c;
    }

    BusHeader header(int type) {
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        KnownNode master = myself.isReplica() && myself.master != null ? myself.master : myself;
        String announce = c.settings.announceIp();
        String myip = announce == null ? "" : announce.length() > 45 ? announce.substring(0, 45) : announce;
        int mflags = myself.isMaster() && c.failover.mfEnd != 0 ? MessageFlags.PAUSED : 0;
        return new BusHeader(type, c.settings.port(), t.currentEpoch, master.configEpoch, c.probe.replicationOffset(),
            myself.name, master.slots.copy(), myself.master != null ? myself.master.name : null, myip,
            c.settings.pport(), c.settings.cport(), myself.flags & 0xffff, c.state, mflags);
    }

    static GossipEntry gossipEntry(KnownNode n) {
        return new GossipEntry(n.name, (n.pingSent / 1000) & 0xffffffffL, (n.pongReceived / 1000) & 0xffffffffL,
            n.ip, n.port & 0xffff, n.cport & 0xffff, n.flags & 0xffff, n.pport & 0xffff);
    }

    /** clusterSendPing: a PING, PONG or MEET on {@code link} with about a tenth of the nodes as gossip. */
    void sendPing(Link link, int type, long now) {
        pingsSent++;
        NodeTable t = c.table;
        int freshnodes = t.size() - 2;
        int wanted = t.size() / 10;
        if (wanted < 3) {
            wanted = 3;
        }
        if (wanted > freshnodes) {
            wanted = freshnodes;
        }
        long pfailWanted = c.stats.pfailNodes;
        if (!link.inbound && type == MessageType.PING) {
            link.node.pingSent = now;
        }
        BusHeader header = header(type);
        List<GossipEntry> gossip = new ArrayList<>();
        int maxIterations = wanted * 3;
        while (freshnodes > 0 && gossip.size() < wanted && maxIterations-- > 0) {
            KnownNode n = t.random(c.random);
            if (n == t.myself) {
                continue;
            }
            if ((n.flags & NodeFlags.PFAIL) != 0) {
                continue;
            }
            if ((n.flags & (NodeFlags.HANDSHAKE | NodeFlags.NOADDR)) != 0 || (n.link == null && n.numSlots == 0)) {
                freshnodes--;
                continue;
            }
            if (n.lastInPingGossip == pingsSent) {
                continue;
            }
            gossip.add(gossipEntry(n));
            n.lastInPingGossip = pingsSent;
            freshnodes--;
        }
        if (pfailWanted > 0) {
            for (KnownNode n : t.all()) {
                if (pfailWanted <= 0) {
                    break;
                }
                if ((n.flags & (NodeFlags.HANDSHAKE | NodeFlags.NOADDR)) != 0 || (n.flags & NodeFlags.PFAIL) == 0) {
                    continue;
                }
                gossip.add(gossipEntry(n));
                pfailWanted--;
            }
        }
        List<PingExtension> exts = t.myself.hostname.isEmpty() ? List.of()
            : List.of(PingExtension.hostname(t.myself.hostname));
        c.links.send(link, new OutgoingMessage(new BusMessage(header, new MessageBody.Gossip(gossip, exts))));
    }

    /** clusterBroadcastPong: a PONG on every outbound link (of all nodes, or of my shard's replicas). */
    void broadcastPong(int target, long now) {
        KnownNode myself = c.table.myself;
        for (KnownNode n : c.table.snapshot()) {
            if (n.link == null || n == myself || n.inHandshake()) {
                continue;
            }
            if (target == BROADCAST_LOCAL_REPLICAS) {
                boolean localReplica = n.isReplica() && n.master != null
                    && (n.master == myself || n.master == myself.master);
                if (!localReplica) {
                    continue;
                }
            }
            sendPing(n.link, MessageType.PONG, now);
        }
    }

    /** clusterBroadcastMessage: the same message on the outbound link of every node but myself and handshakes. */
    void broadcast(OutgoingMessage m) {
        for (KnownNode n : c.table.snapshot()) {
            if ((n.flags & (NodeFlags.MYSELF | NodeFlags.HANDSHAKE)) != 0) {
                continue;
            }
            c.links.send(n.link, m);
        }
    }

    void broadcastFail(String nodeName) {
        broadcast(new OutgoingMessage(new BusMessage(header(MessageType.FAIL), new MessageBody.Fail(nodeName))));
    }

    /** clusterSendUpdate: {@code node}'s epoch and slots, minus the slots it no longer claims. */
    void sendUpdate(Link link, KnownNode node) {
        if (link == null) {
            return;
        }
        MessageBody.Update body = new MessageBody.Update(node.configEpoch, node.name,
            node.slots.andNot(c.table.ownerNotClaiming));
        c.links.send(link, new OutgoingMessage(new BusMessage(header(MessageType.UPDATE), body)));
    }

    /** clusterPropagatePublish: PUBLISH to everybody, or PUBLISHSHARD to the other nodes of my shard. */
    void publish(byte[] channel, byte[] message, boolean sharded) {
        if (!sharded) {
            broadcast(new OutgoingMessage(new BusMessage(header(MessageType.PUBLISH),
                new MessageBody.Publish(channel, message))));
            return;
        }
        OutgoingMessage m = new OutgoingMessage(new BusMessage(header(MessageType.PUBLISHSHARD),
            new MessageBody.Publish(channel, message)));
        for (KnownNode n : c.table.shardOf(c.table.myself)) {
            if ((n.flags & (NodeFlags.MYSELF | NodeFlags.HANDSHAKE)) != 0) {
                continue;
            }
            c.links.send(n.link, m);
        }
    }

    /** A message whose body is only the header (FAILOVER_AUTH_REQUEST/ACK, MFSTART). */
    OutgoingMessage headerOnly(int type, int extraMflags) {
        BusHeader h = header(type);
        return new OutgoingMessage(new BusMessage(h.withMflags(h.mflags() | extraMflags), new MessageBody.Empty()));
    }

    /** MODULE message to one node's link, or to everybody when {@code link} is null. */
    void sendModule(Link link, long moduleId, int type, byte[] payload) {
        OutgoingMessage m = new OutgoingMessage(new BusMessage(header(MessageType.MODULE),
            new MessageBody.Module(moduleId, type, payload)));
        if (link != null) {
            c.links.send(link, m);
        } else {
            broadcast(m);
        }
    }
}
