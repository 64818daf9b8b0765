package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusCodec;
import io.hashslot.cluster.bus.BusMessage;
import io.hashslot.cluster.bus.DecodeResult;
import io.hashslot.cluster.bus.FrameDecoder;
import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.conf.NodesConf;
import io.hashslot.cluster.conf.NodesConfFile;
import io.hashslot.cluster.route.NodeEndpoint;
import io.hashslot.cluster.route.RoutingView;
import io.hashslot.common.LogLevel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Redis Cluster state machine of one node, sans I/O: the node table, slots, epochs and links bookkeeping, fed
 * with inputs (bus bytes or messages, link events, {@link #tick} every 100 ms, {@link #beforeSleep} after each
 * batch of events, operator requests through {@link #operator()}) and producing {@link ClusterAction}s that the
 * driver takes with {@link #takeActions()}. Time is passed in with every input; randomness comes from the seeded
 * generator given at construction. Not thread-safe: one node, one thread.
 */
public final class ClusterNode implements RoutingView {
    public static final int STATE_OK = 0;
    public static final int STATE_FAIL = 1;

    ClusterSettings settings;
    final RandomGenerator random;
    final DataProbe probe;
    final Outbox out = new Outbox();
    final BusStats stats = new BusStats();
    final LinkTable links = new LinkTable(out, stats);
    final NodeTable table = new NodeTable(links, out);
    int state = STATE_FAIL;
    /** Masters serving at least one slot, as counted by the last state evaluation. */
    int size = 1;
    int orphanedMasters;
    int maxReplicas;
    int myMasterReplicas;

    final MessageBuilder messages = new MessageBuilder(this);
    final PacketProcessor packets = new PacketProcessor(this);
    final HandshakeRules handshake = new HandshakeRules(this);
    final GossipHandler gossip = new GossipHandler(this);
    final SlotUpdates slotUpdates = new SlotUpdates(this);
    final EpochRules epochs = new EpochRules(this);
    final FailureDetector failures = new FailureDetector(this);
    final FailoverState failover = new FailoverState(this);
    final Election election = new Election(this);
    final ReplicaMigration migration = new ReplicaMigration(this);
    final ClusterCron cron = new ClusterCron(this);
    final StateEvaluator stateEvaluator = new StateEvaluator(this);
    private final OperatorRequests operator = new OperatorRequests(this);

    private ClusterNode(ClusterSettings settings, RandomGenerator random, DataProbe probe) {
        this.settings = settings;
        this.random = random;
        this.probe = probe;
        this.out.verbosity = settings.verbosity();
        this.table.nodeTimeout = settings.nodeTimeout();
    }

    /** A node without nodes.conf: a new random name, master, and the config saved right away. */
    public static ClusterNode fresh(ClusterSettings settings, RandomGenerator random, DataProbe probe, long now) {
        ClusterNode c = new ClusterNode(settings, random, probe);
        KnownNode myself = new KnownNode(c.randomName(), NodeFlags.MYSELF | NodeFlags.MASTER, now);
        c.table.myself = myself;
        c.table.add(myself);
        c.out.log(LogLevel.NOTICE, "No cluster configuration found, I'm " + myself.name);
        c.saveConfigNow(true);
        c.applyMyselfSettings();
        return c;
    }

    /** A node restarted from a parsed nodes.conf (see {@link NodesConf#parse}). */
    public static ClusterNode fromConfig(NodesConfFile conf, ClusterSettings settings, RandomGenerator random,
                                         DataProbe probe, long now) {
        ClusterNode c = new ClusterNode(settings, random, probe);
        ConfigLoader.load(c, conf, now);
        c.out.log(LogLevel.NOTICE, "Node configuration loaded, I'm " + c.table.myself.name);
        c.applyMyselfSettings();
        return c;
    }

    /** Follows CONFIG SET of the cluster directives (announced address, hostname, flags, timeouts). */
    public void updateSettings(ClusterSettings newSettings) {
        this.settings = newSettings;
        this.out.verbosity = newSettings.verbosity();
        this.table.nodeTimeout = newSettings.nodeTimeout();
        applyMyselfSettings();
    }

    /** clusterUpdateMyselfFlags / AnnouncedPorts / Ip / Hostname. */
    private void applyMyselfSettings() {
        KnownNode myself = table.myself;
        int old = myself.flags;
        myself.flags = (myself.flags & ~NodeFlags.NOFAILOVER)
            | (settings.replicaNoFailover() ? NodeFlags.NOFAILOVER : 0);
        if (myself.flags != old) {
            out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_UPDATE_STATE);
        }
        myself.port = settings.port();
        myself.pport = settings.pport();
        myself.cport = settings.cport();
        String announce = settings.announceIp();
        if (announce != null) {
            myself.ip = announce.length() > 45 ? announce.substring(0, 45) : announce;
            announcedIp = announce;
        } else if (announcedIp != null) {
            myself.ip = "";
            announcedIp = null;
        }
        myself.hostname = settings.announceHostname();
    }

    private String announcedIp;

    String randomName() {
        char[] name = new char[40];
        for (int i = 0; i < 40; i++) {
            name[i] = Character.forDigit(random.nextInt(16), 16);
        }
        return new String(name);
    }

    // ------------------------------------------------------------------ outputs

    /** The actions produced since the last call, in order. */
    public List<ClusterAction> takeActions() {
        return out.take();
    }

    /** nodes.conf content now (the nodes without HANDSHAKE ones, then the vars line). */
    public String nodesConf() {
        return NodesConf.render(this);
    }

    /** clusterSaveConfig: emits the content now and clears the pending save. */
    void saveConfigNow(boolean fsync) {
        out.todo &= ~Outbox.TODO_SAVE_CONFIG;
        if (fsync) {
            out.todo &= ~Outbox.TODO_FSYNC_CONFIG;
        }
        out.add(new ClusterAction.SaveConfig(nodesConf(), fsync));
    }

    // ------------------------------------------------------------------ inputs: links and bytes

    /** The driver accepted a bus connection; returns the id the core gives the new inbound link. */
    public long onInboundAccepted(String peerIp, String localIp, long now) {
        return links.createInbound(peerIp, localIp, now).id;
    }

    /** An outbound link finished connecting: flush what was queued, then PING (or MEET) on it. */
    public void onLinkConnected(long linkId, String localIp, long now) {
        Link link = links.get(linkId);
        if (link == null || link.inbound || link.connected) {
            return;
        }
        link.connected = true;
        link.localIp = localIp;
        links.flushPending(link);
        KnownNode node = link.node;
        long oldPingSent = node.pingSent;
        messages.sendPing(link, (node.flags & NodeFlags.MEET) != 0 ? MessageType.MEET : MessageType.PING, now);
        if (oldPingSent != 0) {
            node.pingSent = oldPingSent;
        }
        node.flags &= ~NodeFlags.MEET;
    }

    /**
     * The driver saw a link close: an I/O error, the peer closed it, or an asynchronous connect failed (Redis's
     * connect handler with an error). The core forgets the link; cron reconnects later.
     */
    public void onLinkClosed(long linkId, long now) {
        Link link = links.get(linkId);
        if (link != null) {
            links.free(link, false);
        }
    }

    /**
     * connect() itself failed synchronously for an outbound link: as Redis does in that path, a node without a
     * pending ping gets one dated now, so failure detection still runs for a node we cannot even connect to.
     */
    public void onConnectError(long linkId, long now) {
        Link link = links.get(linkId);
        if (link == null) {
            return;
        }
        if (!link.inbound && link.node != null && link.node.pingSent == 0) {
            link.node.pingSent = now;
        }
        out.log(LogLevel.DEBUG, "Unable to connect to Cluster Node [" + (link.node != null ? link.node.ip : "") + "]:"
            + (link.node != null ? link.node.cport : 0));
        links.free(link, false);
    }

    /**
     * The driver freed a link whose send buffer outgrew cluster-link-sendbuf-limit (counted in CLUSTER INFO's
     * total_cluster_links_buffer_limit_exceeded).
     */
    public void onSendBufferLimitExceeded(long linkId, long usedMemory, long now) {
        Link link = links.get(linkId);
        if (link == null) {
            return;
        }
        out.log(LogLevel.WARNING, "Freeing cluster link(" + (link.inbound ? "from" : "to") + " node "
            + (link.node != null ? link.node.name : "") + ", used memory: " + usedMemory
            + ") due to exceeding send buffer memory limit.");
        stats.linksBufferLimitExceeded++;
        links.free(link, true);
    }

    /** Raw bytes read from a link: cut into frames and processed; a bad frame header closes the link. */
    public void onBytes(long linkId, byte[] bytes, int off, int len, long now) {
        Link link = links.get(linkId);
        if (link == null) {
            return;
        }
        if (link.decoder == null) {
            link.decoder = new FrameDecoder();
        }
        link.decoder.feed(bytes, off, len);
        while (links.get(linkId) == link) {
            FrameDecoder.Result r = link.decoder.next();
            if (r instanceof FrameDecoder.Frame f) {
                if (!onFrame(link, f.bytes(), now)) {
                    return;
                }
            } else if (r instanceof FrameDecoder.Close close) {
                out.log(LogLevel.WARNING, close.logLine());
                links.free(link, true);
                return;
            } else {
                return;
            }
        }
    }

    /** One complete frame (exactly totlen bytes, signature and minimum length already checked). */
    public void onFrame(long linkId, byte[] frame, long now) {
        Link link = links.get(linkId);
        if (link != null) {
            onFrame(link, frame, now);
        }
    }

    private boolean onFrame(Link link, byte[] frame, long now) {
        DecodeResult r = BusCodec.decode(frame);
        if (r instanceof DecodeResult.Decoded d) {
            return process(link, d.message(), now);
        }
        DecodeResult.Ignored ig = (DecodeResult.Ignored) r;
        if (ig.type() >= 0 && ig.type() < MessageType.COUNT) {
            stats.received[ig.type()]++;
        }
        if (ig.logLine() != null) {
            out.log(LogLevel.WARNING, ig.logLine());
        }
        return true;
    }

    /** A decoded message received on a link. */
    public void onMessage(long linkId, BusMessage message, long now) {
        Link link = links.get(linkId);
        if (link != null) {
            process(link, message, now);
        }
    }

    private boolean process(Link link, BusMessage m, long now) {
        int type = m.type();
        if (type < MessageType.COUNT) {
            stats.received[type]++;
        }
        if (out.logEnabled(LogLevel.DEBUG)) {
            out.log(LogLevel.DEBUG, "--- Processing packet of type " + MessageType.name(type));
        }
        if (type == dropPacketFilter) {
            out.log(LogLevel.WARNING, "Dropping packet that matches debug drop filter");
            return true;
        }
        return packets.process(link, m, now);
    }

    /**
     * DEBUG CLUSTERLINK KILL: closes the link to a node ("to"), the link from it ("from") or both ("all"); cron
     * reconnects the outbound one and the peer its own. Returns an error text, or null when done.
     */
    public String debugKillLink(String direction, String nodeName) {
        KnownNode n = table.lookup(nodeName);
        if (n == null) {
            return "ERR Unknown node " + nodeName;
        }
        boolean to = direction.equalsIgnoreCase("to") || direction.equalsIgnoreCase("all");
        boolean from = direction.equalsIgnoreCase("from") || direction.equalsIgnoreCase("all");
        if (!to && !from) {
            return "ERR Unknown direction " + direction; // Redis follows this error with a stray +OK
        }
        if (to && n.link != null) {
            links.free(n.link, true);
        }
        if (from && n.inboundLink != null) {
            links.free(n.inboundLink, true);
        }
        return null;
    }

    /** DEBUG DROP-CLUSTER-PACKET-FILTER: received messages of this type are dropped unprocessed (-1: none). */
    public void setDropPacketFilter(long type) {
        this.dropPacketFilter = type;
    }

    private long dropPacketFilter = -1;

    // ------------------------------------------------------------------ inputs: time

    /** clusterCron; call every 100 ms. */
    public void tick(long now) {
        cron.tick(now);
    }

    /** clusterBeforeSleep: pending state evaluation and config save; call after each batch of inputs. */
    public void beforeSleep(long now) {
        int flags = out.todo;
        out.todo = 0;
        if ((flags & Outbox.TODO_HANDLE_MANUALFAILOVER) != 0) {
            if (table.myself.isReplica()) {
                failover.handleManualFailover();
                election.handle(now);
            }
        } else if ((flags & Outbox.TODO_HANDLE_FAILOVER) != 0) {
            election.handle(now);
        }
        // the election step may ask for a save (new epoch) or a state update: do them now rather than after the
        // next event as Redis does, so that a crash right after a vote request cannot lose the new epoch
        flags |= out.todo & (Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG | Outbox.TODO_FSYNC_CONFIG);
        out.todo &= ~(Outbox.TODO_UPDATE_STATE | Outbox.TODO_SAVE_CONFIG | Outbox.TODO_FSYNC_CONFIG);
        if ((flags & Outbox.TODO_UPDATE_STATE) != 0) {
            stateEvaluator.update(now);
        }
        if ((flags & Outbox.TODO_SAVE_CONFIG) != 0) {
            saveConfigNow((flags & Outbox.TODO_FSYNC_CONFIG) != 0);
        }
    }

    // ------------------------------------------------------------------ operator requests

    /** CLUSTER MEET / ADDSLOTS / SETSLOT / FORGET / RESET / ... with Redis's checks and error texts. */
    public OperatorRequests operator() {
        return operator;
    }

    /** clusterSetMaster: become (or stay) a replica of {@code n}. */
    void setMaster(KnownNode n) {
        KnownNode myself = table.myself;
        if (myself.isMaster()) {
            myself.flags &= ~(NodeFlags.MASTER | NodeFlags.MIGRATE_TO);
            myself.flags |= NodeFlags.SLAVE;
            table.closeAllSlots();
        } else if (myself.master != null) {
            table.removeReplica(myself.master, myself);
        }
        myself.master = n;
        table.addReplica(n, myself);
        out.add(new ClusterAction.ReplicateFrom(n.name, n.ip, n.port));
        failover.resetManualFailover();
    }

    // ------------------------------------------------------------------ read-only view

    public KnownNode myself() {
        return table.myself;
    }

    public KnownNode lookup(String name) {
        return table.lookup(name);
    }

    /** Every known node, myself and handshake nodes included, in table order. */
    public Collection<KnownNode> nodes() {
        return table.all();
    }

    public int knownNodes() {
        return table.size();
    }

    public long currentEpoch() {
        return table.currentEpoch;
    }

    public long lastVoteEpoch() {
        return table.lastVoteEpoch;
    }

    public int state() {
        return state;
    }

    @Override
    public boolean stateOk() {
        return state == STATE_OK;
    }

    /** Masters serving at least one slot (cluster_size). */
    public int size() {
        return size;
    }

    @Override
    public KnownNode slotOwner(int slot) {
        return table.slots[slot];
    }

    @Override
    public KnownNode importingFrom(int slot) {
        return table.importing[slot];
    }

    @Override
    public KnownNode migratingTo(int slot) {
        return table.migrating[slot];
    }

    @Override
    public NodeEndpoint me() {
        return table.myself;
    }

    @Override
    public NodeEndpoint myMaster() {
        return table.myself.isReplica() ? table.myself.master : null;
    }

    @Override
    public boolean allowReadsWhenDown() {
        return settings.allowReadsWhenDown();
    }

    @Override
    public boolean allowPubsubshardWhenDown() {
        return settings.allowPubsubshardWhenDown();
    }

    @Override
    public String preferredEndpoint(NodeEndpoint node) {
        return settings.preferredEndpoint(node);
    }

    public boolean ownerNotClaiming(int slot) {
        return table.ownerNotClaiming.get(slot);
    }

    public ClusterSettings settings() {
        return settings;
    }

    public BusStats stats() {
        return stats;
    }

    /** The node's live links (for CLUSTER LINKS and tests). */
    public List<Link> links() {
        return new ArrayList<>(links.all());
    }

    public boolean blacklisted(String name, long now) {
        return table.blacklisted(name, now);
    }

    /** Replication offset of myself as the header and CLUSTER SHARDS report it. */
    public long myReplicationOffset() {
        return probe.replicationOffset();
    }
}
