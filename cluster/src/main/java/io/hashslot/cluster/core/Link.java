package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.FrameDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * One bus connection as the core sees it (Redis's {@code clusterLink}). Outbound links are created by the core
 * (it asks the driver to connect); inbound links by the driver when it accepts a connection. An inbound link learns
 * its node from the first message of a known sender.
 */
public final class Link {
    final long id;
    final boolean inbound;
    final long ctime;
    KnownNode node;
    /** Outbound: the TCP connection is established. Inbound links are connected from the start. */
    boolean connected;
    /** Our own address on this socket (getsockname), once known; used to learn our IP from MEETs. */
    String localIp;
    /** The peer's address (getpeername); used when a sender does not announce its IP. */
    String peerIp;
    /** Messages queued on an outbound link that is still connecting (Redis's send buffer). */
    final List<OutgoingMessage> pending = new ArrayList<>();
    /** Frame cutter for {@link ClusterNode#onBytes}; created on first use. */
    FrameDecoder decoder;

    Link(long id, boolean inbound, KnownNode node, long ctime) {
        this.id = id;
        this.inbound = inbound;
        this.node = node;
        this.ctime = ctime;
        this.connected = inbound;
    }

    public long id() {
        return id;
    }

    public boolean inbound() {
        return inbound;
    }

    public long ctime() {
        return ctime;
    }

    /** The node this link belongs to, or null for an inbound link that has not identified itself yet. */
    public KnownNode node() {
        return node;
    }

    public boolean connected() {
        return connected;
    }
}
