package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusHeader;
import io.hashslot.cluster.bus.BusMessage;
import io.hashslot.cluster.bus.MessageBody;
import io.hashslot.cluster.bus.MessageFlags;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.common.LogLevel;

/**
 * clusterProcessPacket: what a received message does, in Redis's order. Header bookkeeping for every type
 * (sender lookup, liveness, epochs, replication offset), then PING/PONG/MEET (own IP, MEET from strangers, the
 * PONG reply, handshake completion, roles, slots, epoch collisions, gossip) and the other types.
 */
final class PacketProcessor {
    private final ClusterNode c;

    PacketProcessor(ClusterNode c) {
        this.c = c;
    }

    /** getNodeFromLinkAndMsg: the link's node, or the named sender (binding an anonymous inbound link to it). */
    private KnownNode sender(Link link, BusHeader h) {
        if (link.node != null && !link.node.inHandshake()) {
            return link.node;
        }
        KnownNode sender = c.table.lookup(h.sender());
        if (sender != null && link.node == null) {
            c.links.bindInbound(sender, link);
        }
        return sender;
    }

    /** Processes one message; returns false when the link was freed while doing so. */
    boolean process(Link link, BusMessage m, long now) {
        BusHeader h = m.header();
        int type = h.type();
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        KnownNode sender = sender(link, h);
        long senderConfigEpoch = 0;
        if (sender != null) {
            sender.dataReceived = now;
        }
        if (sender != null && !sender.inHandshake()) {
            senderConfigEpoch = h.configEpoch();
            if (Long.compareUnsigned(h.currentEpoch(), t.currentEpoch) > 0) {
                t.currentEpoch = h.currentEpoch();
                // Redis saves this later with the next change; we save it now so a crash cannot take a node's
                // currentEpoch back (the simulator checks that it never goes backwards)
                c.out.todo(Outbox.TODO_SAVE_CONFIG);
            }
            // A replica's header carries its master's config epoch. Redis credits it to the sender even when we
            // still hold the sender for a master serving slots (its role change only comes with its next PING);
            // that stale master then has the new owner's epoch and blocks its claim. We wait for the role change.
            boolean staleMaster = sender.isMaster() && h.slaveof() != null;
            if (Long.compareUnsigned(senderConfigEpoch, sender.configEpoch) > 0 && !staleMaster) {
                sender.configEpoch = senderConfigEpoch;
                c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_FSYNC_CONFIG);
            }
            sender.replOffset = h.offset();
            sender.replOffsetTime = now;
            FailoverState f = c.failover;
            if (f.mfEnd != 0 && myself.isReplica() && myself.master == sender
                && (h.mflags() & MessageFlags.PAUSED) != 0 && f.mfMasterOffset == -1) {
                f.mfMasterOffset = sender.replOffset;
                c.out.todo(Outbox.TODO_HANDLE_MANUALFAILOVER);
                c.out.log(LogLevel.WARNING, "Received replication offset for paused master manual failover: "
                    + f.mfMasterOffset);
            }
        }

        if (type == MessageType.PING || type == MessageType.MEET) {
            if ((type == MessageType.MEET || myself.ip.isEmpty()) && c.settings.announceIp() == null) {
                String ip = link.localIp;
                if (ip != null && !ip.equals(myself.ip)) {
                    myself.ip = ip;
                    c.out.log(LogLevel.WARNING, "IP address for this node updated to " + myself.ip);
                    c.out.todo(Outbox.TODO_SAVE_CONFIG);
                }
            }
            if (sender == null && type == MessageType.MEET) {
                KnownNode n = new KnownNode(c.randomName(), NodeFlags.HANDSHAKE, now);
                n.ip = HandshakeRules.ipOf(link, h.myip());
                n.port = h.port();
                n.pport = h.pport();
                n.cport = h.cport();
                t.add(n);
                c.out.todo(Outbox.TODO_SAVE_CONFIG);
                c.gossip.processGossip(m, link, now);
            }
            c.messages.sendPing(link, MessageType.PONG, now);
        }

        if (MessageType.isPingLike(type)) {
            return processPingLike(link, m, sender, senderConfigEpoch, now);
        }
        switch (type) {
            case MessageType.FAIL -> onFail(sender, h, (MessageBody.Fail) m.body(), now);
            case MessageType.PUBLISH, MessageType.PUBLISHSHARD -> {
                if (sender != null) {
                    MessageBody.Publish p = (MessageBody.Publish) m.body();
                    c.out.add(new ClusterAction.DeliverPublish(p.channel(), p.message(),
                        type == MessageType.PUBLISHSHARD));
                }
            }
            case MessageType.FAILOVER_AUTH_REQUEST -> {
                if (sender != null) {
                    c.failover.voteIfNeeded(sender, h, now);
                }
            }
            case MessageType.FAILOVER_AUTH_ACK -> {
                if (sender != null) {
                    c.failover.onAuthAck(sender, h);
                }
            }
            case MessageType.MFSTART -> c.failover.onMfStart(sender, link, now);
            case MessageType.UPDATE -> {
                if (sender != null) {
                    c.slotUpdates.onUpdate((MessageBody.Update) m.body(), now);
                }
            }
            case MessageType.MODULE -> {
                if (sender != null) {
                    MessageBody.Module mod = (MessageBody.Module) m.body();
                    c.out.add(new ClusterAction.DeliverModuleMessage(sender.name, mod.moduleId(), mod.moduleType(),
                        mod.payload()));
                }
            }
            default -> c.out.log(LogLevel.WARNING, "Received unknown packet type: " + type);
        }
        return true;
    }

    private boolean processPingLike(Link link, BusMessage m, KnownNode sender, long senderConfigEpoch, long now) {
        BusHeader h = m.header();
        int type = h.type();
        NodeTable t = c.table;
        if (c.out.logEnabled(LogLevel.DEBUG)) {
            c.out.log(LogLevel.DEBUG, MessageType.name(type) + " packet received: "
                + (link.node != null ? link.node.name : "NULL"));
        }
        if (!link.inbound) {
            KnownNode ln = link.node;
            if (ln.inHandshake()) {
                if (sender != null) {
                    c.out.log(LogLevel.VERBOSE, "Handshake: we already know node " + sender.name
                        + ", updating the address if needed.");
                    if (c.handshake.updateAddressIfNeeded(sender, link, h)) {
                        c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
                    }
                    t.delete(ln, now);
                    return false;
                }
                if (!NodeTable.validName(h.sender())) {
                    // Redis would rename the node to it (and assert on the next such rename); we drop the packet
                    c.out.log(LogLevel.VERBOSE, "Handshake PONG with a malformed sender name ignored.");
                    return true;
                }
                t.rename(ln, h.sender());
                c.out.log(LogLevel.DEBUG, "Handshake with node " + ln.name + " completed.");
                ln.flags &= ~NodeFlags.HANDSHAKE;
                ln.flags |= h.flags() & (NodeFlags.MASTER | NodeFlags.SLAVE);
                c.out.todo(Outbox.TODO_SAVE_CONFIG);
            } else if (!ln.name.equals(h.sender())) {
                c.out.log(LogLevel.DEBUG, "PONG contains mismatching sender ID. About node " + ln.name + " added "
                    + (int) (now - ln.ctime) + " ms ago, having flags " + ln.flags);
                ln.flags |= NodeFlags.NOADDR;
                ln.ip = "";
                ln.port = 0;
                ln.pport = 0;
                ln.cport = 0;
                c.links.free(link, true);
                c.out.todo(Outbox.TODO_SAVE_CONFIG);
                return false;
            }
        }
        if (sender != null) {
            sender.flags = (sender.flags & ~NodeFlags.NOFAILOVER) | (h.flags() & NodeFlags.NOFAILOVER);
        }
        if (sender != null && type == MessageType.PING && !sender.inHandshake()
            && c.handshake.updateAddressIfNeeded(sender, link, h)) {
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
        }
        if (!link.inbound && type == MessageType.PONG) {
            KnownNode n = link.node;
            n.pongReceived = now;
            n.pingSent = 0;
            if (n.timedOut()) {
                n.flags &= ~NodeFlags.PFAIL;
                c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
            } else if (n.failed()) {
                c.failures.clearFailureIfNeeded(n, now);
            }
        }
        if (sender == null) {
            return true;
        }
        updateRole(sender, h);

        KnownNode senderMaster = sender.isMaster() ? sender : sender.master;
        boolean dirtySlots = senderMaster != null && !senderMaster.slots.equals(h.myslots());
        if (sender.isMaster() && dirtySlots) {
            c.slotUpdates.updateSlotsConfigWith(sender, senderConfigEpoch, h.myslots());
        }
        if (dirtySlots) {
            c.slotUpdates.sendUpdateIfStale(sender, senderConfigEpoch, h.myslots());
        }
        if (t.myself.isMaster() && sender.isMaster() && senderConfigEpoch == t.myself.configEpoch) {
            c.epochs.handleCollision(sender);
        }
        c.gossip.processGossip(m, link, now);
        c.gossip.processExtensions(m, link);
        return true;
    }

    /** Role switch: an all-zero slaveof makes the sender a master, else a replica of the named node. */
    private void updateRole(KnownNode sender, BusHeader h) {
        NodeTable t = c.table;
        if (h.slaveof() == null) {
            t.setNodeAsMaster(sender);
            return;
        }
        KnownNode master = t.lookup(h.slaveof());
        if (sender.isMaster()) {
            t.delNodeSlots(sender);
            sender.flags &= ~(NodeFlags.MASTER | NodeFlags.MIGRATE_TO);
            sender.flags |= NodeFlags.SLAVE;
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
        }
        if (master != null && sender.master != master) {
            if (sender.master != null) {
                t.removeReplica(sender.master, sender);
            }
            t.addReplica(master, sender);
            sender.master = master;
            c.out.todo(Outbox.TODO_SAVE_CONFIG);
        }
    }

    private void onFail(KnownNode sender, BusHeader h, MessageBody.Fail body, long now) {
        if (sender == null) {
            c.out.log(LogLevel.NOTICE, "Ignoring FAIL message from unknown node " + h.sender() + " about "
                + body.nodeName());
            return;
        }
        KnownNode failing = c.table.lookup(body.nodeName());
        if (failing != null && (failing.flags & (NodeFlags.FAIL | NodeFlags.MYSELF)) == 0) {
            c.out.log(LogLevel.NOTICE, "FAIL message received from " + h.sender() + " about " + body.nodeName());
            failing.flags |= NodeFlags.FAIL;
            failing.failTime = now;
            failing.flags &= ~NodeFlags.PFAIL;
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
        }
    }
}
