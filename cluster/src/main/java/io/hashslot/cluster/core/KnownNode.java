package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.SlotBitmap;
import io.hashslot.cluster.route.NodeEndpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One node as this node knows it, myself included (Redis's {@code clusterNode}): name, flags, epochs, slots,
 * replication relations, address, liveness times, links and failure reports. Mutated only by the cluster core on
 * its single thread; readers outside the package get the accessors.
 */
public final class KnownNode implements NodeEndpoint {
    String name;
    int flags;
    long configEpoch;
    final SlotBitmap slots = new SlotBitmap();
    int numSlots;
    final List<KnownNode> replicas = new ArrayList<>();
    KnownNode master;
    /** Number of the last PING whose gossip section carried this node (avoids duplicates in one packet). */
    long lastInPingGossip;
    final long ctime;
    long pingSent;
    long pongReceived;
    long dataReceived;
    long failTime;
    long votedTime;
    long replOffsetTime;
    long orphanedTime;
    long replOffset;
    String ip = "";
    String hostname = "";
    int port;
    int pport;
    int cport;
    /** Outbound link (we connected, we PING on it). */
    Link link;
    /** Inbound link (the node connected to us). */
    Link inboundLink;
    final List<FailureReport> failReports = new ArrayList<>();

    KnownNode(String name, int flags, long now) {
        this.name = name;
        this.flags = flags;
        this.ctime = now;
    }

    @Override
    public String name() {
        return name;
    }

    public int flags() {
        return flags;
    }

    public long configEpoch() {
        return configEpoch;
    }

    /** The config epoch CLUSTER NODES prints: a replica shows its master's. */
    public long printedConfigEpoch() {
        return isReplica() && master != null ? master.configEpoch : configEpoch;
    }

    @Override
    public String ip() {
        return ip;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int pport() {
        return pport;
    }

    public int cport() {
        return cport;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    public KnownNode master() {
        return master;
    }

    public List<KnownNode> replicas() {
        return Collections.unmodifiableList(replicas);
    }

    public int numSlots() {
        return numSlots;
    }

    public boolean ownsSlot(int slot) {
        return slots.get(slot);
    }

    public SlotBitmap slotsCopy() {
        return slots.copy();
    }

    public long pingSent() {
        return pingSent;
    }

    public long pongReceived() {
        return pongReceived;
    }

    public long dataReceived() {
        return dataReceived;
    }

    public long failTime() {
        return failTime;
    }

    public long votedTime() {
        return votedTime;
    }

    public long replOffset() {
        return replOffset;
    }

    public long ctime() {
        return ctime;
    }

    /** Whether an outbound link exists (CLUSTER NODES "connected"; Redis counts a link still connecting). */
    public boolean hasLink() {
        return link != null;
    }

    public boolean hasInboundLink() {
        return inboundLink != null;
    }

    public int failureReportCount() {
        return failReports.size();
    }

    public boolean isMaster() {
        return (flags & NodeFlags.MASTER) != 0;
    }

    public boolean isReplica() {
        return (flags & NodeFlags.SLAVE) != 0;
    }

    public boolean isMyself() {
        return (flags & NodeFlags.MYSELF) != 0;
    }

    public boolean inHandshake() {
        return (flags & NodeFlags.HANDSHAKE) != 0;
    }

    public boolean timedOut() {
        return (flags & NodeFlags.PFAIL) != 0;
    }

    public boolean failed() {
        return (flags & NodeFlags.FAIL) != 0;
    }

    public boolean hasAddr() {
        return (flags & NodeFlags.NOADDR) == 0;
    }

    @Override
    public String toString() {
        return name + " " + ip + ":" + port + "@" + cport + " " + NodeFlags.describe(flags);
    }
}
