package io.hashslot.embedded;

import io.hashslot.common.Clock;
import io.hashslot.common.config.ConfigException;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.server.HashslotServer;
import io.hashslot.server.NodeLinkFilter;
import io.hashslot.server.cluster.BusPeerFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One node of an {@link EmbeddedCluster}: a real {@link HashslotServer} in this JVM on a fixed loopback port (its bus
 * on port + 10000) working in its own directory, so that it can be killed and restarted from its files (nodes.conf,
 * RDB/AOF). Holds the node's id and its role as last seen by the cluster.
 */
public final class EmbeddedNode {
    static final String HOST = "127.0.0.1";

    private final int index;
    private final int port;
    private final Path dir;
    private final Map<String, String> directives;
    private final Clock clock;
    private final SplittableRandom seeds;
    private volatile HashslotServer server;
    private volatile String id;
    private volatile String masterId;
    private volatile BusPeerFilter filter;
    private volatile NodeLinkFilter linkFilter;
    private volatile CountDownLatch pause;

    EmbeddedNode(int index, int port, Path dir, Map<String, String> directives, Clock clock, long seed) {
        this.index = index;
        this.port = port;
        this.dir = dir;
        this.directives = Map.copyOf(directives);
        this.clock = clock;
        this.seeds = new SplittableRandom(seed);
    }

    /** Starts the node (first start or restart: same port, same directory, so it reloads its files). */
    synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("node " + address() + " is running");
        }
        ConfigStore config = new ConfigStore();
        try {
            config.set("port", String.valueOf(port));
            config.set("bind", HOST);
            config.set("cluster-enabled", "yes");
            config.set("cluster-config-file", "nodes.conf");
            config.set("logfile", dir.resolve("node.log").toString());
            config.set("enable-debug-command", "yes");
            for (Map.Entry<String, String> d : directives.entrySet()) {
                config.set(d.getKey(), d.getValue());
            }
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        HashslotServer s = new HashslotServer(config, clock, seeds.nextLong(), dir, "");
        s.setBusPeerFilter(filter);
        s.setLinkFilter(linkFilter);
        try {
            s.start();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + address() + " did not start (see " + dir.resolve("node.log")
                + ")", e);
        }
        try (NodeConnection c = connect()) {
            id = (String) c.call("CLUSTER", "MYID");
        } catch (RuntimeException e) {
            s.stop();
            throw e;
        }
        server = s;
    }

    /** Stops the node at once without saving anything (a crash as far as files and clients are concerned). */
    synchronized void stop() {
        resume();
        HashslotServer s = server;
        server = null;
        if (s != null) {
            s.stop();
        }
    }

    /** Blocks the node's event loop (clients and bus) for {@code millis}; returns once the pause began. */
    void pause(long millis) {
        HashslotServer s = server;
        if (s == null) {
            throw new IllegalStateException("node " + address() + " is not running");
        }
        CountDownLatch resume = new CountDownLatch(1);
        CountDownLatch begun = new CountDownLatch(1);
        pause = resume;
        s.execute(() -> {
            begun.countDown();
            try {
                resume.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            if (!begun.await(10, TimeUnit.SECONDS)) {
                throw new EmbeddedClusterException("node " + address() + " did not start its pause");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedClusterException("interrupted", e);
        }
    }

    /** Ends a pause early (no-op without one). */
    void resume() {
        CountDownLatch p = pause;
        if (p != null) {
            p.countDown();
        }
    }

    /** The partition hooks: bus messages to refused peers are dropped, links to refused client ports cut. */
    void setFilter(BusPeerFilter f, NodeLinkFilter links) {
        filter = f;
        linkFilter = links;
        HashslotServer s = server;
        if (s != null) {
            s.setBusPeerFilter(f);
            s.setLinkFilter(links);
        }
    }

    void setMasterId(String masterId) {
        this.masterId = masterId;
    }

    NodeConnection connect() {
        return new NodeConnection(HOST, port, 5000);
    }

    /**
     * Sends one command to this node on a new connection and returns the reply as a Java value (String, Long, List,
     * null); an error reply throws {@link EmbeddedClusterException}.
     */
    public Object call(String... args) {
        try (NodeConnection c = connect()) {
            return c.call(args);
        }
    }

    /** CLUSTER INFO as field → value. */
    public Map<String, String> clusterInfo() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : ((String) call("CLUSTER", "INFO")).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** CLUSTER NODES lines of this node's view. */
    public List<String> clusterNodes() {
        return List.of(((String) call("CLUSTER", "NODES")).split("\r?\n"));
    }

    /** Position of the node in the cluster (0-based, in creation order). */
    public int index() {
        return index;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** "127.0.0.1:port", the form cluster clients take as seeds. */
    public String address() {
        return HOST + ":" + port;
    }

    /** The node id (40 hex characters), stable across restarts (kept in nodes.conf). */
    public String id() {
        return id;
    }

    /** The id of the master this node replicates as last seen by the cluster, or null for a master. */
    public String masterId() {
        return masterId;
    }

    public boolean isMaster() {
        return masterId == null;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** The node's working directory (nodes.conf, node.log, data files). */
    public Path dir() {
        return dir;
    }

    /** The running server (null while killed), for in-process inspection. */
    public HashslotServer server() {
        return server;
    }

    @Override
    public String toString() {
        return address() + (id == null ? "" : " " + id.substring(0, 8)) + (isMaster() ? " master" : " replica")
            + (isRunning() ? "" : " (down)");
    }
}
