package io.hashslot.testkit.sim;

import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.conf.NodesConf;
import io.hashslot.cluster.conf.NodesConfException;
import io.hashslot.cluster.core.ClusterAction;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.ClusterSettings;
import io.hashslot.cluster.core.KnownNode;
import io.hashslot.cluster.core.OpResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A deterministic simulation of N cluster cores in one thread: a virtual clock, an event queue, and a seeded
 * network that carries the encoded frames (so every message goes through encode → bytes → frame decoder → decode)
 * with latency, loss, frame splitting, partitions, and node kill/restart (from the node's saved nodes.conf).
 * {@link SimInvariants} are checked after every event. Same seed, same run.
 */
public final class SimCluster {
    /** Start of virtual time (ms since the epoch). */
    public static final long T0 = 1_700_000_000_000L;

    private record Event(long time, long seq, SimNode owner, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
        }
    }

    /** One TCP connection: the outbound end (a, aLink) and, once accepted, the inbound end (b, bLink). */
    private static final class Conn {
        final SimNode a;
        final long aLink;
        final SimNode b;
        long bLink = -1;
        boolean open = true;
        boolean established;
        long lastAtoB;
        long lastBtoA;

        Conn(SimNode a, long aLink, SimNode b) {
            this.a = a;
            this.aLink = aLink;
            this.b = b;
        }
    }

    private final long seed;
    private final SimConfig config;
    private final SplittableRandom random;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<SimNode, Map<Long, Conn>> links = new HashMap<>();
    private final Map<SimNode, Integer> partitionGroup = new HashMap<>();
    private final Set<List<Integer>> cuts = new HashSet<>();
    private final SimInvariants invariants = new SimInvariants(this);
    private final SimReplication replication;
    private long now = T0;
    private long seq;
    private long events;
    private long lastHeavyCheck;
    private double dropProbability;
    private double duplicateProbability;
    private double reorderProbability;

    public SimCluster(long seed, SimConfig config) {
        this.seed = seed;
        this.config = config;
        this.random = new SplittableRandom(seed);
        this.dropProbability = config.dropProbability();
        this.duplicateProbability = config.duplicateProbability();
        this.reorderProbability = config.reorderProbability();
        this.replication = new SimReplication(this, random.split());
    }

    /** Bytes of writes each master takes per 100 ms at most (0 stops writes). */
    public void setWriteRate(long bytesPerTick) {
        replication.setWriteRate(bytesPerTick);
    }

    /** Every replica promotion so far, in order. */
    public List<SimReplication.Promotion> promotions() {
        return replication.promotions();
    }

    /** The live or dead simulated node whose core has this name, or null. */
    public SimNode byName(String name) {
        for (SimNode n : nodes) {
            if (n.core.myself().name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    boolean isPartitioned(SimNode a, SimNode b) {
        return partitioned(a, b);
    }

    /** Changes the frame loss (and connection reset) probability from now on. */
    public void setDropProbability(double p) {
        this.dropProbability = p;
    }

    /** Changes the chances that a frame is delivered twice, or out of its connection's order, from now on. */
    public void setDuplicateAndReorderProbability(double duplicate, double reorder) {
        this.duplicateProbability = duplicate;
        this.reorderProbability = reorder;
    }

    public long now() {
        return now;
    }

    public long seed() {
        return seed;
    }

    public long events() {
        return events;
    }

    public List<SimNode> nodes() {
        return nodes;
    }

    public SimNode node(int i) {
        return nodes.get(i);
    }

    /** Adds a fresh node (127.0.0.1, client port 30000 + index, bus port + 10000) with its cron running. */
    public SimNode addNode() {
        SimNode n = new SimNode(nodes.size(), "127.0.0.1", 30000 + nodes.size());
        n.clock = this::now;
        n.core = ClusterNode.fresh(settingsFor(n), random.split(), n, now);
        nodes.add(n);
        links.put(n, new HashMap<>());
        drain(n);
        scheduleTick(n, now + 1 + random.nextInt(100));
        return n;
    }

    private ClusterSettings settingsFor(SimNode n) {
        return n.settingsChange.apply(ClusterSettings.defaults(n.port).withNodeTimeout(config.nodeTimeout())
            .withVerbosity(config.verbosity()));
    }

    /** Changes a node's cluster settings now (as CONFIG SET would) and after restarts. */
    public void configure(SimNode n, java.util.function.UnaryOperator<ClusterSettings> change) {
        java.util.function.UnaryOperator<ClusterSettings> before = n.settingsChange;
        n.settingsChange = s -> change.apply(before.apply(s));
        n.core.updateSettings(settingsFor(n));
        drain(n);
    }

    private void scheduleTick(SimNode n, long at) {
        ClusterNode core = n.core;
        schedule(at, n, () -> {
            if (n.alive && n.core == core) {
                replication.tick(n, now);
                core.tick(now);
                drain(n);
                scheduleTick(n, now + 100);
            }
        });
    }

    private void schedule(long at, SimNode owner, Runnable action) {
        queue.add(new Event(at, seq++, owner, action));
    }

    private long latency() {
        return config.minLatency() + (config.maxLatency() > config.minLatency()
            ? random.nextLong(config.maxLatency() - config.minLatency() + 1) : 0);
    }

    // ------------------------------------------------------------------ operator requests

    /** Runs an operator request on a node now (as a client command would) and processes what it produced. */
    public OpResult op(SimNode n, java.util.function.Function<ClusterNode, OpResult> request) {
        OpResult r = request.apply(n.core);
        drain(n);
        return r;
    }

    /** CLUSTER MEET from {@code from} to {@code to}. */
    public void meet(SimNode from, SimNode to) {
        OpResult r = op(from, c -> c.operator().meet(to.ip, String.valueOf(to.port), null, now));
        if (r.isError()) {
            throw new IllegalStateException(r.error());
        }
    }

    // ------------------------------------------------------------------ faults

    /** Splits the nodes into groups that cannot talk to each other (established links become black holes). */
    public void partition(List<List<SimNode>> groups) {
        partitionGroup.clear();
        for (int g = 0; g < groups.size(); g++) {
            for (SimNode n : groups.get(g)) {
                partitionGroup.put(n, g + 1);
            }
        }
    }

    /** Heals partitions and cuts. */
    public void heal() {
        partitionGroup.clear();
        cuts.clear();
    }

    /** Cuts the network between two nodes only (both directions), as a partition does. */
    public void cut(SimNode a, SimNode b) {
        cuts.add(List.of(a.index, b.index));
        cuts.add(List.of(b.index, a.index));
    }

    public void uncut(SimNode a, SimNode b) {
        cuts.remove(List.of(a.index, b.index));
        cuts.remove(List.of(b.index, a.index));
    }

    private boolean partitioned(SimNode a, SimNode b) {
        return !partitionGroup.getOrDefault(a, 0).equals(partitionGroup.getOrDefault(b, 0))
            || (!cuts.isEmpty() && cuts.contains(List.of(a.index, b.index)));
    }

    /** The process dies: its connections reset, its peers see them close. */
    public void kill(SimNode n) {
        n.alive = false;
        for (Conn c : new ArrayList<>(links.get(n).values())) {
            closeConn(c, n);
        }
        links.get(n).clear();
    }

    /**
     * Stops the node's process for {@code millis} (SIGSTOP / a long GC pause): its connections stay open, what
     * arrives for it waits, and it resumes where it was.
     */
    public void freeze(SimNode n, long millis) {
        n.frozenUntil = now + millis;
    }

    /** Restarts a killed node from the nodes.conf it last saved. */
    public void restart(SimNode n) {
        try {
            n.core = ClusterNode.fromConfig(NodesConf.parse(n.savedConfig), settingsFor(n), random.split(), n, now);
        } catch (NodesConfException e) {
            throw new AssertionError("node " + n + " cannot restart from its own nodes.conf", e);
        }
        n.alive = true;
        n.replicatingFrom = null;
        n.pausedUntil = 0;
        n.linkDownSince = 0;
        invariants.restarted(n);
        drain(n);
        scheduleTick(n, now + 1 + random.nextInt(100));
    }

    // ------------------------------------------------------------------ running

    /** Processes events for {@code millis} of virtual time. */
    public void runFor(long millis) {
        long end = now + millis;
        while (!queue.isEmpty() && queue.peek().time <= end) {
            step();
        }
        now = Math.max(now, end);
    }

    /**
     * Runs until {@code done} holds (checked every 100 ms of virtual time) or {@code maxMillis} pass; returns the
     * virtual time it took, or -1.
     */
    public long runUntil(BooleanSupplier done, long maxMillis) {
        long start = now;
        while (now - start <= maxMillis) {
            if (done.getAsBoolean()) {
                return now - start;
            }
            runFor(100);
        }
        return done.getAsBoolean() ? now - start : -1;
    }

    private void step() {
        Event e = queue.poll();
        if (e.owner != null && e.owner.frozenUntil > e.time) {
            // a stopped process handles nothing: its timers and input wait, in order, until it resumes
            queue.add(new Event(e.owner.frozenUntil, e.seq, e.owner, e.action));
            return;
        }
        now = e.time;
        events++;
        e.action.run();
        if (now - lastHeavyCheck >= 1000) {
            lastHeavyCheck = now;
            invariants.checkAll();
        }
    }

    /** beforeSleep, then carry out the node's actions; then the per-node invariants. */
    private void drain(SimNode n) {
        if (!n.alive) {
            return;
        }
        n.core.beforeSleep(now);
        for (ClusterAction a : n.core.takeActions()) {
            perform(n, a);
        }
        invariants.afterEvent(n);
    }

    private SimNode byAddress(String ip, int cport) {
        for (SimNode n : nodes) {
            if (n.cport == cport && n.ip.equals(ip)) {
                return n;
            }
        }
        return null;
    }

    private void perform(SimNode x, ClusterAction a) {
        if (a instanceof ClusterAction.Connect c) {
            connect(x, c);
        } else if (a instanceof ClusterAction.Send s) {
            send(x, s);
        } else if (a instanceof ClusterAction.CloseLink c) {
            Conn conn = links.get(x).remove(c.linkId());
            if (conn != null) {
                closeConn(conn, x);
            }
        } else if (a instanceof ClusterAction.SaveConfig s) {
            x.savedConfig = s.content();
            x.saves++;
        } else if (replication.perform(x, a, now)) {
            return;
        } else if (a instanceof ClusterAction.Log l) {
            if (x.log.size() > 500) {
                x.log.remove(0);
            }
            x.log.add((now - T0) + " " + l.level().mark() + " " + l.line());
        }
    }

    private void connect(SimNode x, ClusterAction.Connect c) {
        SimNode target = byAddress(c.ip(), c.cport());
        Conn conn = new Conn(x, c.linkId(), target);
        links.get(x).put(c.linkId(), conn);
        ClusterNode core = x.core;
        if (target == null || !target.alive) {
            schedule(now + latency(), x, () -> {
                if (conn.open && x.alive && x.core == core) {
                    links.get(x).remove(c.linkId());
                    conn.open = false;
                    core.onLinkClosed(c.linkId(), now);
                    drain(x);
                }
            });
            return;
        }
        if (partitioned(x, target)) {
            return; // the SYN is lost: the connect hangs until the core gives up on the link
        }
        schedule(now + latency(), x, () -> {
            if (!conn.open || !x.alive || x.core != core || !target.alive || partitioned(x, target)) {
                return;
            }
            conn.bLink = target.core.onInboundAccepted(x.ip, target.ip, now);
            conn.established = true;
            links.get(target).put(conn.bLink, conn);
            drain(target);
            core.onLinkConnected(c.linkId(), x.ip, now);
            drain(x);
        });
    }

    private void send(SimNode x, ClusterAction.Send s) {
        Conn conn = links.get(x).get(s.linkId());
        if (conn == null || !conn.open || !conn.established) {
            return;
        }
        boolean fromA = conn.a == x;
        SimNode peer = fromA ? conn.b : conn.a;
        long peerLink = fromA ? conn.bLink : conn.aLink;
        byte[] bytes = s.message().bytes();
        if (s.message().type() == MessageType.FAILOVER_AUTH_ACK) {
            invariants.voted(x, s.message().message().header().currentEpoch(), peer);
        }
        x.bytesSent += bytes.length;
        x.framesSent++;
        if (partitioned(x, peer)) {
            x.framesDropped++;
            return;
        }
        if (dropProbability > 0 && random.nextDouble() < dropProbability) {
            x.framesDropped++;
            links.get(x).remove(s.linkId());
            ClusterNode core = x.core;
            long link = s.linkId();
            closeConn(conn, x);
            schedule(now + latency(), x, () -> {
                if (x.alive && x.core == core) {
                    core.onLinkClosed(link, now);
                    drain(x);
                }
            });
            return;
        }
        boolean reorder = reorderProbability > 0 && random.nextDouble() < reorderProbability;
        long at = now + latency();
        if (reorder) {
            x.framesReordered++;
        } else {
            at = Math.max(at, fromA ? conn.lastAtoB : conn.lastBtoA);
            if (fromA) {
                conn.lastAtoB = at;
            } else {
                conn.lastBtoA = at;
            }
        }
        ClusterNode peerCore = peer.core;
        List<int[]> pieces = new ArrayList<>();
        // reordered frames travel whole, so no frame can land between the two pieces of another; pieces of one
        // frame share a delivery time and consecutive sequence numbers, so nothing comes between them either
        if (!reorder && config.splitFrames() && random.nextInt(4) == 0) {
            int cut = 1 + random.nextInt(bytes.length - 1);
            pieces.add(new int[] {0, cut});
            pieces.add(new int[] {cut, bytes.length});
        } else {
            pieces.add(new int[] {0, bytes.length});
        }
        for (int[] p : pieces) {
            deliver(at, conn, peer, peerCore, peerLink, bytes, p[0], p[1] - p[0]);
        }
        if (duplicateProbability > 0 && random.nextDouble() < duplicateProbability) {
            x.framesDuplicated++;
            deliver(at + 1 + latency(), conn, peer, peerCore, peerLink, bytes, 0, bytes.length);
        }
    }

    private void deliver(long at, Conn conn, SimNode peer, ClusterNode peerCore, long peerLink, byte[] bytes,
                         int off, int len) {
        schedule(at, peer, () -> {
            if (conn.open && peer.alive && peer.core == peerCore) {
                peerCore.onBytes(peerLink, bytes, off, len, now);
                drain(peer);
            }
        });
    }

    private void closeConn(Conn conn, SimNode closer) {
        if (!conn.open) {
            return;
        }
        conn.open = false;
        if (!conn.established) {
            return;
        }
        SimNode peer = conn.a == closer ? conn.b : conn.a;
        long peerLink = conn.a == closer ? conn.bLink : conn.aLink;
        ClusterNode peerCore = peer.core;
        schedule(now + latency(), peer, () -> {
            if (peer.alive && peer.core == peerCore && links.get(peer).remove(peerLink) != null) {
                peerCore.onLinkClosed(peerLink, now);
                drain(peer);
            }
        });
    }

    // ------------------------------------------------------------------ convergence

    public List<SimNode> alive() {
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : nodes) {
            if (n.alive) {
                out.add(n);
            }
        }
        return out;
    }

    /** Every live node knows exactly the live nodes (plus dead ones it may remember), none in handshake. */
    public boolean allKnowEachOther() {
        Set<String> names = new HashSet<>();
        for (SimNode n : alive()) {
            names.add(n.name());
        }
        for (SimNode n : alive()) {
            Set<String> known = new HashSet<>();
            for (KnownNode k : n.core.nodes()) {
                if (k.inHandshake()) {
                    return false;
                }
                known.add(k.name());
            }
            if (!known.containsAll(names)) {
                return false;
            }
        }
        return true;
    }

    /** Every live node has the same owner (by name) for every slot. */
    public boolean slotMapAgreed() {
        List<SimNode> live = alive();
        ClusterNode ref = live.get(0).core;
        for (int s = 0; s < 16384; s++) {
            KnownNode o = ref.slotOwner(s);
            String name = o == null ? null : o.name();
            for (int i = 1; i < live.size(); i++) {
                KnownNode p = live.get(i).core.slotOwner(s);
                if (!java.util.Objects.equals(name, p == null ? null : p.name())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Every slot is owned, in every live node's view, by the same live node, and that node is a master in its own
     * view: the cluster recovered from its faults.
     */
    public boolean allSlotsServedByLiveMasters() {
        if (!slotMapAgreed()) {
            return false;
        }
        ClusterNode ref = alive().get(0).core;
        Map<String, SimNode> owners = new HashMap<>();
        for (int s = 0; s < 16384; s++) {
            KnownNode o = ref.slotOwner(s);
            if (o == null) {
                return false;
            }
            SimNode owner = owners.computeIfAbsent(o.name(), this::byName);
            if (owner == null || !owner.alive || !owner.core.myself().isMaster() || !owner.core.myself().ownsSlot(s)) {
                return false;
            }
        }
        return true;
    }

    public boolean allStateOk() {
        for (SimNode n : alive()) {
            if (!n.core.stateOk()) {
                return false;
            }
        }
        return true;
    }

    /** Total bytes all nodes put on the wire so far. */
    public long totalBytesSent() {
        long t = 0;
        for (SimNode n : nodes) {
            t += n.bytesSent;
        }
        return t;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("seed=" + seed + " t=" + (now - T0) + "ms events=" + events + "\n");
        for (SimNode n : nodes) {
            sb.append(n).append(n.alive ? "" : " (dead)").append(" known=").append(n.core.knownNodes())
                .append(" state=").append(n.core.stateOk() ? "ok" : "fail").append(" epoch=")
                .append(n.core.currentEpoch()).append('\n');
        }
        return sb.toString();
    }

    Collection<SimNode> all() {
        return nodes;
    }
}
