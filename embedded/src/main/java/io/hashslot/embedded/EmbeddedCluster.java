package io.hashslot.embedded;

import io.hashslot.common.Clock;
import io.hashslot.common.SystemClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A real Hashslot cluster running in this JVM: {@code masters × (1 + replicasPerMaster)} nodes on free loopback
 * ports, formed with the same plain CLUSTER commands {@code redis-cli --cluster create} sends, with fault injection
 * for tests (kill, restart from files, pause, network partitions, failover, reshard). Thread-safe for one test driving
 * it; {@link #close()} stops every node and removes the temporary directories.
 *
 * <pre>{@code
 * try (EmbeddedCluster cluster = EmbeddedCluster.builder().masters(3).replicasPerMaster(1).start()) {
 *     JedisCluster jedis = new JedisCluster(HostAndPort.from(cluster.seeds().get(0)));
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedCluster implements AutoCloseable {
    private final List<EmbeddedNode> nodes;
    private final Path root;
    private final boolean deleteRoot;
    private final Clock clock;
    private final long nodeTimeout;
    private final Duration stableTimeout;
    private final ClusterOperations ops;
    /** Node id → ids of the peers it may not talk to (empty when healed). */
    private volatile Map<String, Set<String>> cut = Map.of();
    private boolean closed;

    private EmbeddedCluster(Builder b, Path root, boolean deleteRoot) {
        this.root = root;
        this.deleteRoot = deleteRoot;
        this.clock = b.clock;
        this.nodeTimeout = b.nodeTimeout.toMillis();
        this.stableTimeout = b.stableTimeout;
        this.nodes = new ArrayList<>();
        this.ops = new ClusterOperations(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sets up and starts a cluster; see {@link EmbeddedCluster#builder()}. */
    public static final class Builder {
        private int masters = 3;
        private int replicasPerMaster = 0;
        private Duration nodeTimeout = Duration.ofMillis(2000);
        private Duration stableTimeout = Duration.ofSeconds(60);
        private Path dataDir;
        private Clock clock = SystemClock.INSTANCE;
        private long seed = new SplittableRandom().nextLong();
        private final Map<String, String> directives = new LinkedHashMap<>();

        private Builder() {
        }

        /** Number of masters (slots are split evenly among them); at least 1. */
        public Builder masters(int n) {
            if (n < 1 || n > 16384) {
                throw new IllegalArgumentException("masters must be between 1 and 16384");
            }
            masters = n;
            return this;
        }

        public Builder replicasPerMaster(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("replicasPerMaster must be >= 0");
            }
            replicasPerMaster = n;
            return this;
        }

        /** cluster-node-timeout of every node (default 2 s). */
        public Builder nodeTimeout(Duration timeout) {
            nodeTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** How long {@link #start()} and {@link EmbeddedCluster#awaitStable()} wait (default 60 s). */
        public Builder stableTimeout(Duration timeout) {
            stableTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Directory for the nodes' files (node-0, node-1, ...), kept after close; default a temp dir, deleted. */
        public Builder dataDir(Path dir) {
            dataDir = dir;
            return this;
        }

        /** Any other directive for every node, e.g. {@code config("appendonly", "yes")}. */
        public Builder config(String directive, String value) {
            directives.put(directive, value);
            return this;
        }

        /** The nodes' clock (default the system clock). */
        public Builder clock(Clock c) {
            clock = Objects.requireNonNull(c);
            return this;
        }

        /** Seed of the nodes' random sources. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Starts the nodes, forms the cluster and waits until every node reports cluster_state:ok. */
        public EmbeddedCluster start() {
            Path root;
            try {
                root = dataDir != null ? Files.createDirectories(dataDir)
                    : Files.createTempDirectory("hashslot-embedded-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedCluster c = new EmbeddedCluster(this, root, dataDir == null);
            try {
                c.startNodes(masters * (1 + replicasPerMaster), directives, seed);
                c.ops.form(masters, replicasPerMaster);
                c.awaitStable();
                return c;
            } catch (RuntimeException | Error e) {
                c.close();
                throw e;
            }
        }
    }

    private void startNodes(int count, Map<String, String> extra, long seed) {
        Map<String, String> directives = new LinkedHashMap<>();
        directives.put("cluster-node-timeout", String.valueOf(nodeTimeout));
        directives.putAll(extra);
        SplittableRandom seeds = new SplittableRandom(seed);
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Path dir = root.resolve("node-" + i);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RuntimeException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = FreePortPair.find(taken);
                EmbeddedNode n = new EmbeddedNode(i, port, dir, directives, clock, seeds.nextLong());
                try {
                    n.start();
                    taken.add(port);
                    nodes.add(n);
                    last = null;
                    break;
                } catch (UncheckedIOException e) {
                    last = e; // another process took the port between the check and the bind: try another
                }
            }
            if (last != null) {
                throw last;
            }
        }
    }

    /** Every node, in creation order (masters first), running or not. */
    public List<EmbeddedNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes that are masters as last seen by the cluster (refreshed by {@link #awaitStable()}). */
    public List<EmbeddedNode> masters() {
        List<EmbeddedNode> out = new ArrayList<>();
        for (EmbeddedNode n : nodes) {
            if (n.isMaster()) {
                out.add(n);
            }
        }
        return out;
    }

    /** The replicas of {@code master} as last seen by the cluster. */
    public List<EmbeddedNode> replicasOf(EmbeddedNode master) {
        List<EmbeddedNode> out = new ArrayList<>();
        for (EmbeddedNode n : nodes) {
            if (master.id().equals(n.masterId())) {
                out.add(n);
            }
        }
        return out;
    }

    /** "host:port" of every running node, for JedisCluster / Lettuce RedisClusterClient. */
    public List<String> seeds() {
        List<String> out = new ArrayList<>();
        for (EmbeddedNode n : nodes) {
            if (n.isRunning()) {
                out.add(n.address());
            }
        }
        return out;
    }

    /** The master serving {@code key}'s hash slot, as last seen by the cluster. */
    public EmbeddedNode masterFor(String key) {
        return ops.masterForSlot(io.hashslot.common.HashSlot.of(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Waits until every running node reports cluster_state:ok, knows every node, marks no running node as failing,
     * all agree on roles, replicas and the slot map, every replica's link to its master is up (synced), and every
     * slot is served by a running master (after a kill: until the failover is done); refreshes {@link #masters()}.
     */
    public EmbeddedCluster awaitStable() {
        ops.awaitStable(stableTimeout);
        return this;
    }

    /** Stops {@code node} at once, saving nothing (a crash): clients see their connections drop. */
    public void kill(EmbeddedNode node) {
        node.stop();
    }

    /** Starts a killed node again on its port from its directory (nodes.conf, RDB/AOF files). */
    public void restart(EmbeddedNode node) {
        node.setFilter(filterFor(node.id()), linkFilterFor(node.id()));
        node.start();
    }

    /**
     * Freezes the node's event loop for {@code duration} (clients and bus get no answer, as under SIGSTOP or DEBUG
     * SLEEP); returns as soon as the pause has begun.
     */
    public void pause(EmbeddedNode node, Duration duration) {
        node.pause(duration.toMillis());
    }

    /**
     * A network partition between every node of {@code a} and every node of {@code b} (both ways): cluster bus
     * messages between them are dropped (bus links stay open), and the links nodes open to each other's client port
     * are cut: a replica's link to a master on the other side drops and cannot reconnect (its master_link_status
     * goes down), MIGRATE to a node on the other side fails with IOERR. The test's own clients still reach every
     * node. Replaces an earlier partition; {@link #heal()} ends it.
     */
    public void partition(Set<EmbeddedNode> a, Set<EmbeddedNode> b) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (EmbeddedNode x : a) {
            for (EmbeddedNode y : b) {
                if (x != y) {
                    m.computeIfAbsent(x.id(), k -> new HashSet<>()).add(y.id());
                    m.computeIfAbsent(y.id(), k -> new HashSet<>()).add(x.id());
                }
            }
        }
        cut = Map.copyOf(m);
        for (EmbeddedNode n : nodes) {
            n.setFilter(filterFor(n.id()), linkFilterFor(n.id()));
        }
    }

    /** Ends a partition: every node may talk to every node again. */
    public void heal() {
        cut = Map.of();
        for (EmbeddedNode n : nodes) {
            n.setFilter(null, null);
        }
    }

    private io.hashslot.server.cluster.BusPeerFilter filterFor(String nodeId) {
        Set<String> blocked = cut.get(nodeId);
        if (blocked == null || blocked.isEmpty()) {
            return null;
        }
        return peer -> !blocked.contains(peer);
    }

    /** The client ports of the nodes cut off from {@code nodeId} (all nodes listen on the loopback address). */
    private io.hashslot.server.NodeLinkFilter linkFilterFor(String nodeId) {
        Set<String> blocked = cut.get(nodeId);
        if (blocked == null || blocked.isEmpty()) {
            return null;
        }
        Set<Integer> ports = new HashSet<>();
        for (EmbeddedNode n : nodes) {
            if (blocked.contains(n.id())) {
                ports.add(n.port());
            }
        }
        return (host, port) -> !ports.contains(port);
    }

    /**
     * CLUSTER FAILOVER on {@code replica}, then waits until the cluster is stable with it as a master. Throws
     * {@link EmbeddedClusterException} with the node's error when the node refuses (manual failover not built yet).
     */
    public void failover(EmbeddedNode replica) {
        ops.failover(replica, stableTimeout);
    }

    /**
     * Moves the {@code count} lowest slots of {@code from} to {@code to}, keys included: SETSLOT IMPORTING/MIGRATING,
     * then each key copied with DUMP + RESTORE (ASKING) and deleted on the source (there is no MIGRATE yet), then
     * SETSLOT NODE on every master. Returns the number of keys moved.
     */
    public long reshard(EmbeddedNode from, EmbeddedNode to, int count) {
        return ops.reshard(from, to, count);
    }

    Clock clock() {
        return clock;
    }

    List<EmbeddedNode> nodeList() {
        return nodes;
    }

    /** Stops every node (ending pauses first) and deletes the temporary directory (not a given dataDir). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EmbeddedNode n : nodes) {
            n.resume();
        }
        for (EmbeddedNode n : nodes) {
            try {
                n.stop();
            } catch (RuntimeException e) {
                // stop the others anyway
            }
        }
        if (deleteRoot) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temp directory left behind is not worth failing a test for
        }
    }

    @Override
    public String toString() {
        return "EmbeddedCluster" + nodes;
    }

    static Collection<EmbeddedNode> running(Collection<EmbeddedNode> all) {
        List<EmbeddedNode> out = new ArrayList<>();
        for (EmbeddedNode n : all) {
            if (n.isRunning()) {
                out.add(n);
            }
        }
        return out;
    }
}
