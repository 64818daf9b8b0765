package io.hashslot.server.cluster;

import io.hashslot.cluster.conf.NodesConfException;
import io.hashslot.cluster.conf.NodesConfFile;
import io.hashslot.cluster.core.ClusterAction;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.ClusterSettings;
import io.hashslot.cluster.core.DataProbe;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.LogLevel;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cluster mode of one node: loads or creates nodes.conf (locked for the node's life), builds the {@link ClusterNode}
 * core from the cluster directives, starts the {@link ClusterBus}, installs the CLUSTER commands and the redirection
 * gate, and carries out the core's node-side actions (config saves, replication role, key deletion, pub/sub
 * delivery, log lines). Everything but {@link #start} and {@link #close} runs on the node's event loop.
 */
public final class ClusterService {
    /** Directives whose change is passed on to the core. */
    private static final String[] FOLLOWED = {"cluster-node-timeout", "cluster-require-full-coverage",
        "cluster-allow-replica-migration", "cluster-replica-no-failover", "cluster-allow-reads-when-down",
        "cluster-allow-pubsubshard-when-down", "cluster-preferred-endpoint-type", "cluster-announce-ip",
        "cluster-announce-hostname", "cluster-announce-port", "cluster-announce-bus-port",
        "cluster-migration-barrier", "cluster-replica-validity-factor", "repl-ping-replica-period", "loglevel"};

    private final ServerContext ctx;
    private final ConfigStore config;
    private final EventLoop loop;
    private final int port;
    private final NodesConfStore store;
    private ClusterNode core;
    private ClusterBus bus;
    /** The master this node was told to replicate (its name), also while replication itself is not installed. */
    private String masterName;

    private ClusterService(ServerContext ctx, EventLoop loop, int port, Path confFile) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.loop = loop;
        this.port = port;
        this.store = new NodesConfStore(confFile);
    }

    /**
     * Starts cluster mode for a node whose clients listen on {@code port}. Throws when the config file is locked
     * by another node or corrupt, or the bus port cannot be bound (the node must not start then).
     */
    public static ClusterService start(ServerContext ctx, CommandProcessor processor, EventLoop loop, int port,
                                       Path workDir, Class<? extends ServerChannel> serverChannel,
                                       Class<? extends Channel> channel) throws IOException {
        ConfigStore config = ctx.config();
        Path conf = workDir.resolve(config.getString("cluster-config-file"));
        ClusterService s = new ClusterService(ctx, loop, port, conf);
        if (config.getInt("cluster-port") == 0 && port > 55535) {
            ctx.log().warning("Redis port number too high. Cluster communication port is 10,000 port numbers "
                + "higher than your Redis port. Your Redis port number must be 55535 or less.");
            throw new IOException("port too high for the cluster bus");
        }
        if (!s.store.lock()) {
            ctx.log().warning("Sorry, the cluster configuration file " + config.getString("cluster-config-file")
                + " is already used by a different Redis Cluster node. Please make sure that different nodes use "
                + "different cluster configuration files.");
            throw new IOException("cluster config file locked by another node");
        }
        try {
            s.init(processor, serverChannel, channel);
        } catch (IOException | RuntimeException e) {
            s.store.close();
            throw e;
        }
        return s;
    }

    private void init(CommandProcessor processor, Class<? extends ServerChannel> serverChannel,
                      Class<? extends Channel> channel) throws IOException {
        long now = ctx.clock().currentTimeMillis();
        ClusterSettings settings = settings();
        SplittableRandom random = new SplittableRandom(ctx.random().nextLong());
        NodesConfFile file;
        try {
            file = store.load();
        } catch (NodesConfException e) {
            ctx.log().warning(e.getMessage() + " in \"" + store.path() + "\"");
            throw new IOException(e.getMessage(), e);
        }
        core = file == null ? ClusterNode.fresh(settings, random, probe(), now)
            : ClusterNode.fromConfig(file, settings, random, probe(), now);
        bus = new ClusterBus(loop, ctx.busyGate(), ctx.clock(), ctx.log(), serverChannel, channel, core,
            this::perform);
        bus.setSendBufferLimit(config.getLong("cluster-link-sendbuf-limit"));
        bus.setAfterTick(this::redirectBlockedClients);
        config.onChange("cluster-link-sendbuf-limit", v -> bus.setSendBufferLimit((Long) v));
        for (String d : FOLLOWED) {
            config.onChange(d, v -> {
                core.updateSettings(settings());
                bus.kick();
            });
        }
        // the first actions (the initial save, the log lines) run before the node accepts anything
        for (ClusterAction a : core.takeActions()) {
            perform(a);
        }
        int cport = config.getInt("cluster-port") != 0 ? config.getInt("cluster-port") : port + 10000;
        bus.listen(bindAddresses(), cport);
        new ClusterCommands(ctx, this).register(ctx.commands());
        processor.setGate(new ClusterGate(ctx, this));
        bus.start();
    }

    @SuppressWarnings("unchecked")
    private List<String> bindAddresses() {
        List<String> binds = (List<String>) config.value("bind");
        List<String> out = new ArrayList<>();
        for (String b : binds.isEmpty() ? List.of("*") : binds) {
            String h = b.startsWith("-") ? b.substring(1) : b;
            out.add(h.equals("*") ? "0.0.0.0" : h.equals("::*") ? "::" : h);
        }
        if (out.contains("0.0.0.0") && out.contains("::")) {
            out.remove("::");
        }
        return out;
    }

    /** The cluster directives as the core takes them (Redis's announced ports rules). */
    private ClusterSettings settings() {
        int announcedPort = config.getInt("cluster-announce-port") != 0 ? config.getInt("cluster-announce-port")
            : port;
        int busPort = config.getInt("cluster-port") != 0 ? config.getInt("cluster-port") : port + 10000;
        int announcedBus = config.getInt("cluster-announce-bus-port") != 0
            ? config.getInt("cluster-announce-bus-port") : busPort;
        String ip = config.getString("cluster-announce-ip");
        String hostname = config.getString("cluster-announce-hostname");
        ClusterSettings.EndpointType type = switch (config.getString("cluster-preferred-endpoint-type")) {
            case "hostname" -> ClusterSettings.EndpointType.HOSTNAME;
            case "unknown-endpoint" -> ClusterSettings.EndpointType.UNKNOWN_ENDPOINT;
            default -> ClusterSettings.EndpointType.IP;
        };
        return new ClusterSettings(announcedPort, 0, announcedBus, ip == null || ip.isEmpty() ? null : ip,
            hostname == null ? "" : hostname, config.getLong("cluster-node-timeout"),
            config.getBool("cluster-require-full-coverage"), config.getBool("cluster-allow-replica-migration"),
            config.getBool("cluster-replica-no-failover"), config.getBool("cluster-allow-reads-when-down"),
            config.getBool("cluster-allow-pubsubshard-when-down"), type, config.getInt("cluster-migration-barrier"),
            config.getInt("cluster-replica-validity-factor"), config.getInt("repl-ping-replica-period"), false,
            LogLevel.fromConfigName(config.getString("loglevel").toLowerCase(Locale.ROOT)));
    }

    private DataProbe probe() {
        return new DataProbe() {
            @Override
            public long countKeysInSlot(int slot) {
                return ctx.keyspace().db(0).countKeysInSlot(slot);
            }

            @Override
            public long db0Size() {
                return ctx.keyspace().db(0).size();
            }

            @Override
            public long replicationOffset() {
                return ctx.replication().clusterOffset();
            }

            @Override
            public boolean replicationMasterSet() {
                return masterName != null;
            }

            @Override
            public long masterLinkDownMillis() {
                return ctx.replication().masterLinkDownMillis();
            }
        };
    }

    /** READONLY / READWRITE / ASKING for a node without cluster mode (they answer that cluster is disabled). */
    public static void registerDisabledCommands(io.hashslot.commands.CommandTable t) {
        ClusterCommands.registerDisabled(t);
    }

    /** The core (event loop only). */
    public ClusterNode core() {
        return core;
    }

    /** Call after feeding the core from a command: carries out its actions and schedules beforeSleep. */
    public void kick() {
        bus.kick();
    }

    /** Installs the bus test hook (embedded cluster partitions); null passes everything. Any thread. */
    public void setBusPeerFilter(BusPeerFilter filter) {
        bus.setPeerFilter(filter);
    }

    ClusterBus bus() {
        return bus;
    }

    /** Saves nodes.conf now (CLUSTER SAVECONFIG); returns an error text or null. */
    String saveNow() {
        try {
            store.save(core.nodesConf(), true);
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    private void perform(ClusterAction a) {
        if (a instanceof ClusterAction.Log l) {
            ctx.log().log(l.level(), l.line());
        } else if (a instanceof ClusterAction.SaveConfig s) {
            try {
                store.save(s.content(), s.fsync());
            } catch (IOException e) {
                ctx.log().warning("Fatal: can't update cluster config file.");
            }
        } else if (a instanceof ClusterAction.ReplicateFrom r) {
            masterName = r.nodeName();
            try {
                ctx.replication().replicaOf(r.ip(), r.port());
            } catch (UnsupportedOperationException e) {
                ctx.log().verbose("Replication is not installed: this node is a replica of " + r.nodeName()
                    + " in the cluster's view only");
            }
        } else if (a instanceof ClusterAction.StopReplication) {
            masterName = null;
            ctx.replication().promote();
        } else if (a instanceof ClusterAction.PauseWritesFor p) {
            // manual failover, master side: writes wait so that the replica can catch up with a fixed offset
            long now = ctx.clock().currentTimeMillis();
            ctx.pause().pause(now + p.millis(), io.hashslot.commands.ClientPause.Type.WRITE, now);
            ctx.replication().setManualFailoverPause(true);
        } else if (a instanceof ClusterAction.UnpauseWrites) {
            ctx.pause().unpause();
            ctx.replication().setManualFailoverPause(false);
        } else if (a instanceof ClusterAction.FlushAllData) {
            ctx.keyspace().flushAll();
        } else if (a instanceof ClusterAction.DeleteKeysInSlots d) {
            deleteKeysInSlots(d.slots());
        } else if (a instanceof ClusterAction.DeliverPublish p) {
            ctx.pubsub().publish(p.channel(), p.message(), p.sharded());
        } else if (a instanceof ClusterAction.RemoveShardChannelsInSlots r) {
            ctx.pubsub().removeShardChannels(ch -> contains(r.slots(), io.hashslot.common.HashSlot.of(ch)));
        }
        // DeliverModuleMessage: there are no modules
    }

    private static boolean contains(int[] slots, int slot) {
        for (int s : slots) {
            if (s == slot) {
                return true;
            }
        }
        return false;
    }

    /** delKeysInSlot: deletes the keys, with keyspace notifications and WATCH touches as DEL would do. */
    private void deleteKeysInSlots(int[] slots) {
        Db db = ctx.keyspace().db(0);
        for (int slot : slots) {
            List<byte[]> keys = new ArrayList<>();
            db.forEachInSlot(slot, e -> keys.add(e.key()));
            for (byte[] key : keys) {
                if (db.delete(key)) {
                    ctx.keyModified(0, key);
                    ctx.notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", key, 0);
                }
            }
        }
    }

    /**
     * Clients blocked on keys of a slot this node no longer serves (or while the cluster is down) are unblocked
     * with MOVED or CLUSTERDOWN, as Redis's clientsCron does.
     */
    private void redirectBlockedClients() {
        ctx.blocking().redirectBlocked((c, key) -> {
            if (c.hasFlag(io.hashslot.commands.Client.FLAG_MASTER)) {
                return null;
            }
            if (!core.stateOk()) {
                return new io.hashslot.cluster.route.Redirect.DownState().errorText();
            }
            if (key == null) {
                return null;
            }
            boolean write = c.lastCommand() != null
                && c.lastCommand().has(io.hashslot.commands.CommandFlag.WRITE);
            return io.hashslot.cluster.route.Router.routeBlocked(core, io.hashslot.common.HashSlot.of(key),
                c.hasFlag(io.hashslot.commands.Client.FLAG_READONLY), write, false).errorText();
        });
    }

    /** Stops the bus and releases the config file lock (called while the node stops). */
    public void close() {
        if (loop.isShuttingDown()) {
            bus.close();
        } else if (loop.inEventLoop()) {
            bus.close();
        } else {
            loop.submit(bus::close).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        store.close();
    }
}
