package io.hashslot.server;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandFamilies;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Clock;
import io.hashslot.common.LogLevel;
import io.hashslot.common.SystemClock;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.server.cluster.ClusterService;
import io.hashslot.protocol.ParserLimits;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Hashslot node: {@code new HashslotServer(config).start()} listens on the configured port and serves clients
 * until {@link #stop()}. Many nodes can run in one JVM; each has its own event loop thread, which is also its only
 * execution thread, as in Redis.
 */
public final class HashslotServer implements AutoCloseable {
    private final ConfigStore config;
    /** The Netty transport of this node's event loop. */
    private final NetTransport transport = NetTransport.select();
    private final Clock clock;
    private final NodeLogger log;
    private final ServerContext context;
    private final CommandProcessor processor;
    private final io.hashslot.server.migrate.MigrateSockets migrateSockets;
    private final Path workDir;
    private final String configFile;
    private final ParserLimits parserLimits;
    private final List<Channel> listeners = new ArrayList<>();
    /** Open client connections, closed by stop() (the event loop's own shutdown does not reliably close them). */
    private final ChannelGroup clientChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private ServerBootstrap bootstrap;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private EventLoopGroup group;
    private ServerCron cron;
    private final io.hashslot.server.persistence.PersistenceManager persistence;
    private final io.hashslot.server.replication.Replication replication;
    /** Cluster mode (cluster-enabled yes), started with the node; null otherwise. */
    private ClusterService cluster;
    /** Test hook on the cluster bus (embedded cluster partitions), kept across start(). */
    private volatile io.hashslot.server.cluster.BusPeerFilter busPeerFilter;
    /** Test hook on replication and MIGRATE links (embedded cluster partitions). */
    private volatile NodeLinkFilter linkFilter = NodeLinkFilter.ALLOW_ALL;
    private volatile boolean stopping;
    private volatile long maxBulk;
    private volatile long maxQuery;

    /** A node with the system clock and a random seed. */
    public HashslotServer(ConfigStore config) {
        this(config, SystemClock.INSTANCE, new SplittableRandom().nextLong(), Path.of("").toAbsolutePath(), "");
    }

    /**
     * @param config   the node's configuration (already loaded from file and options)
     * @param clock    the time source of all node logic
     * @param seed     seed of the node's random source
     * @param workDir  directory relative paths resolve against when {@code dir} is not set
     * @param configFile absolute path of the config file, or ""
     */
    public HashslotServer(ConfigStore config, Clock clock, long seed, Path workDir, String configFile) {
        this.config = config;
        this.clock = clock;
        this.configFile = configFile;
        String dir = config.getString("dir");
        this.workDir = dir == null || dir.isEmpty() ? workDir : workDir.resolve(dir).normalize();
        config.setQuietly(config.directive("dir"), this.workDir.toString());
        String logfile = config.getString("logfile");
        if (!logfile.isEmpty() && !Path.of(logfile).isAbsolute()) {
            logfile = this.workDir.resolve(logfile).toString();
        }
        this.log = new NodeLogger(clock, logfile);
        log.setLevel(LogLevel.fromConfigName(config.getString("loglevel")));
        config.onChange("loglevel", v -> log.setLevel(LogLevel.fromConfigName((String) v)));
        this.context = new ServerContext(config, clock, log, new SplittableRandom(seed), new CommandTable());
        this.migrateSockets = new io.hashslot.server.migrate.MigrateSockets(clock, () -> linkFilter);
        this.context.setScriptEngines(io.hashslot.scripting.LuaScriptEngine::new);
        this.processor = CommandFamilies.install(context);
        this.context.setHooks(new NodeHooks(this));
        if (!config.getBool("cluster-enabled")) {
            ClusterService.registerDisabledCommands(context.commands());
        }
        this.context.setSerializer(new RdbValueSerializer(config, new SplittableRandom(seed ^ 0x5DEECE66DL)));
        this.persistence = new io.hashslot.server.persistence.PersistenceManager(context, this::execute);
        this.persistence.aof().setProcessor(processor);
        this.context.setPersistence(persistence);
        this.replication = new io.hashslot.server.replication.Replication(this, processor);
        this.context.setMigrateTransport(migrateSockets);
        this.context.onStop(migrateSockets::closeAll);
        this.maxBulk = config.getLong("proto-max-bulk-len");
        this.maxQuery = config.getLong("client-query-buffer-limit");
        config.onChange("proto-max-bulk-len", v -> maxBulk = (Long) v);
        config.onChange("client-query-buffer-limit", v -> maxQuery = (Long) v);
        this.parserLimits = new ParserLimits() {
            @Override
            public long maxBulkLength() {
                return maxBulk;
            }

            @Override
            public long maxQueryBuffer() {
                return maxQuery;
            }
        };
    }

    public ServerContext context() {
        return context;
    }

    /** Cluster mode of this node, or null without cluster-enabled (use on the node's thread). */
    public ClusterService cluster() {
        return cluster;
    }

    /**
     * Test hook: drops cluster bus messages to the peers the filter refuses (a network partition as the embedded
     * cluster injects it); null passes everything. May be set before or after start().
     */
    public void setBusPeerFilter(io.hashslot.server.cluster.BusPeerFilter filter) {
        this.busPeerFilter = filter;
        ClusterService c = cluster;
        if (c != null) {
            c.setBusPeerFilter(filter);
        }
    }

    /**
     * Test hook: the other nodes' client ports this node may reach with replication and MIGRATE links (a network
     * partition as the embedded cluster injects it); links to refused addresses are dropped at once. Null reaches
     * everything. May be set before or after start().
     */
    public void setLinkFilter(NodeLinkFilter filter) {
        NodeLinkFilter f = filter == null ? NodeLinkFilter.ALLOW_ALL : filter;
        linkFilter = f;
        try {
            execute(() -> {
                migrateSockets.closeRefused(f);
                replication.linkFilterChanged();
            });
        } catch (RuntimeException notRunning) {
            // not started (or stopped): the filter applies from the next connect
        }
    }

    /** The current link filter (see {@link #setLinkFilter}). */
    public NodeLinkFilter linkFilter() {
        return linkFilter;
    }

    CommandProcessor processor() {
        return processor;
    }

    ParserLimits parserLimits() {
        return parserLimits;
    }

    /** RDB and AOF persistence of this node (its SnapshotWriter also serves replication full syncs). */
    public io.hashslot.server.persistence.PersistenceManager persistence() {
        return persistence;
    }

    public NodeLogger log() {
        return log;
    }

    public Path workDir() {
        return workDir;
    }

    String configFile() {
        return configFile;
    }

    ConfigStore config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    /** The TCP port clients use (the bound port when configured with port 0). */
    public int port() {
        for (Channel ch : listeners) {
            if (ch.localAddress() instanceof java.net.InetSocketAddress a) {
                return a.getPort();
            }
        }
        return config.getInt("port");
    }

    /** Completes when the node has stopped (SHUTDOWN, stop(), signal). */
    public CompletableFuture<Void> terminationFuture() {
        return terminated;
    }

    /** Binds the listeners and starts serving; logs "Ready to accept connections". */
    public HashslotServer start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hashslot-" + config.getInt("port")),
            transport.ioHandlerFactory());
        context.setScheduler(new LoopScheduler(group.next(), context.busyGate()));
        sweepMigrateSockets();
        context.busyGate().bind(group.next(), ScriptThread::new);
        log.setRole('M');
        log.notice("monotonic clock: POSIX clock_gettime");
        if (config.getBool("cluster-enabled")) {
            // before the client listener opens, so that no client sees the node without its cluster commands
            try {
                cluster = ClusterService.start(context, processor, group.next(), config.getInt("port"), workDir,
                    transport.serverChannel(), transport.socketChannel());
                if (busPeerFilter != null) {
                    cluster.setBusPeerFilter(busPeerFilter);
                }
                ClusterService c = cluster;
                persistence.setMasterCheck(() -> c.core().myself().isMaster());
            } catch (IOException e) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                log.close();
                throw e;
            }
        }
        try {
            bind();
        } catch (IOException e) {
            // logged before the log closes: the Redis test suite looks for this line to retry on another port
            log.warning("Failed listening on port " + config.getInt("port") + " (tcp), aborting.");
            if (cluster != null) {
                cluster.close();
            }
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            log.close();
            throw e;
        }
        // after the listeners are bound, as Redis's logo: the test harness connects once it sees "PID: n"
        String mode = config.getBool("cluster-enabled") ? "cluster" : "standalone";
        boolean showBanner = config.getBool("always-show-logo")
            || (config.getString("logfile").isEmpty() && System.console() != null);
        if (showBanner) {
            log.raw(LogLevel.NOTICE, StartupBanner.text(mode, port(), log.pid()));
        } else {
            log.notice("Running mode=" + mode + ", port=" + port() + ".");
        }
        writePidFile();
        log.warning("Server initialized");
        loadData();
        cron = new ServerCron(this, group.next());
        group.next().execute(cron::start);
        group.next().execute(replication::start);
        log.notice("Ready to accept connections");
        return this;
    }

    /**
     * loadDataFromDisk, before the cron starts; a bad file stops the node as in Redis. The files load on this (the
     * starting) thread through {@code LoadRun}: a short load keeps the event loop blocked as Redis's does, a long one
     * lets it answer -LOADING and keep the cluster bus going between chunks.
     */
    private void loadData() throws IOException {
        Throwable[] failure = new Throwable[1];
        Boolean loaded = new io.hashslot.server.persistence.LoadRun<Boolean>(context, persistence.loading(),
            this::execute, this::isStopping).run(() -> true, persistence.startupLoadSize(),
                persistence::loadOnStartup, this::isStopping, t -> {
                    failure[0] = t;
                    return t == null;
                });
        if (isStopping()) {
            throw new StoppedWhileLoading(); // SHUTDOWN (or a signal) during the load: not an error
        }
        if (loaded == null || !loaded) {
            Throwable t = failure[0];
            String reason = t == null ? "the load did not finish" : t.getMessage();
            if (!(t instanceof io.hashslot.server.persistence.Aof.LoadFailed)) {
                log.warning("Fatal error loading the DB: " + reason + ". Exiting."); // the AOF loader said why
            }
            stop();
            throw t instanceof IOException io ? io : new IOException(reason, t);
        }
    }

    /** {@link #start()} ended because the node was shut down while it loaded its data. */
    public static final class StoppedWhileLoading extends IOException {
        StoppedWhileLoading() {
            super("shut down while loading");
        }
    }

    private void bind() throws IOException {
        Class<? extends ServerChannel> channelClass = transport.serverChannel();
        ServerBootstrap b = bootstrap = new ServerBootstrap()
            .group(group)
            .channel(channelClass)
            .option(ChannelOption.SO_BACKLOG, config.getInt("tcp-backlog"))
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    configureKeepAlive(ch);
                    clientChannels.add(ch);
                    ch.pipeline().addLast(new GateHandler(context.busyGate()),
                        new ClientChannelHandler(HashslotServer.this));
                }
            });
        int port = config.getInt("port");
        @SuppressWarnings("unchecked")
        List<String> binds = (List<String>) config.value("bind");
        if (binds.isEmpty()) {
            binds = List.of("*", "-::*");
        }
        boolean anyIpv6 = false;
        for (String addr : ListenerChanges.ordered(binds)) {
            boolean optional = addr.startsWith("-");
            String host = optional ? addr.substring(1) : addr;
            String bindHost = host.equals("*") ? "0.0.0.0" : host.equals("::*") ? "::" : host;
            try {
                if (host.equals("*") && anyIpv6) {
                    continue; // the dual-stack IPv6 wildcard listener already accepts IPv4
                }
                Channel ch = b.bind(bindHost, port).sync().channel();
                anyIpv6 |= host.equals("::*");
                listeners.add(ch);
                if (port == 0) {
                    port = ((java.net.InetSocketAddress) ch.localAddress()).getPort();
                }
            } catch (Exception e) {
                if (optional || (host.equals("::*") && !listeners.isEmpty())) {
                    continue;
                }
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                log.warning("Warning: Could not create server TCP listening socket " + host + ":" + port + ": "
                    + reason);
                for (Channel ch : listeners) {
                    ch.close();
                }
                listeners.clear();
                BindException be = new BindException("Could not create server TCP listening socket " + host + ":"
                    + port + ": " + reason);
                be.initCause(e);
                throw be;
            }
        }
        if (listeners.isEmpty()) {
            throw new BindException("Failed listening on port " + port + " (tcp), aborting.");
        }
        ListenerChanges changes = new ListenerChanges(log, listeners);
        config.setApplyHook("port", v -> changes.changePort(bootstrap, ((Long) v).intValue(), bindList()));
        config.setApplyHook("bind", v -> changes.changeBind(bootstrap, changes.boundPort() < 0 ? 0
            : config.getInt("port"), bindList()));
    }

    @SuppressWarnings("unchecked")
    private List<String> bindList() {
        List<String> binds = (List<String>) config.value("bind");
        return binds.isEmpty() ? List.of("*", "-::*") : binds;
    }

    private void configureKeepAlive(SocketChannel ch) {
        int keepalive = config.getInt("tcp-keepalive");
        if (keepalive <= 0) {
            return;
        }
        ch.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        transport.keepAlive(ch, keepalive);
    }

    void clientClosed(Client c) {
        processor.disconnect(c);
    }

    /** Runs a task on the node's execution thread. */
    public void execute(Runnable task) {
        group.next().execute(() -> context.busyGate().run(task));
    }

    private Runnable crashAction = () -> { };

    /** What DEBUG SEGFAULT does after the node dropped everything (the process launcher halts the JVM). */
    public void setCrashAction(Runnable action) {
        this.crashAction = action;
    }

    /** DEBUG SEGFAULT: stops at once, as a crash would, with nothing saved and no goodbye. */
    void crash() {
        log.warning("Redis " + ServerContext.REDIS_VERSION + " crashed by signal: 11, si_code: 0");
        log.warning("Crashed running the instruction at: DEBUG SEGFAULT");
        crashAction.run();
        stopping = true;
        if (cluster != null) {
            cluster.close();
        }
        for (Channel ch : listeners) {
            ch.close();
        }
        clientChannels.close();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).addListener(f -> {
            log.close();
            terminated.complete(null);
        });
    }

    /** Signals: saves as shutdown-on-sigterm/sigint and the save points say, then stops. */
    void requestShutdown(String signalFlags) {
        execute(() -> {
            boolean force = signalFlags.contains("force");
            if (!persistence.prepareForShutdown(signalFlags.contains("save") && !signalFlags.contains("nosave"),
                signalFlags.contains("nosave")) && !force) {
                log.warning("SIGTERM received but errors trying to shut down the server, check the logs for more "
                    + "information");
                return;
            }
            requestShutdown();
        });
    }

    /** SHUTDOWN (persistence already prepared) and signals: finishes the current command, then stops. */
    void requestShutdown() {
        execute(() -> {
            String pidfile = config.getString("pidfile");
            if (pidfile != null && !pidfile.isEmpty()) {
                log.notice("Removing the pid file.");
                try {
                    java.nio.file.Files.deleteIfExists(workDir.resolve(pidfile));
                } catch (IOException e) {
                    log.warning("Error removing the pid file: " + e.getMessage());
                }
            }
            log.warning("Redis is now ready to exit, bye bye...");
            new Thread(this::stop, "hashslot-stop").start();
        });
    }

    /** Writes the pidfile directive's file, if any. */
    void writePidFile() {
        String pidfile = config.getString("pidfile");
        if (pidfile == null || pidfile.isEmpty()) {
            return;
        }
        try {
            java.nio.file.Path p = workDir.resolve(pidfile);
            java.nio.file.Files.writeString(p, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            log.warning("Failed to write PID file: " + e.getMessage());
        }
    }

    /** Stops the node: closes listeners and clients, without saving. Safe to call twice. */
    /** Closes MIGRATE's target connections idle for 10 s, once a second (migrateCloseTimedoutSockets). */
    private void sweepMigrateSockets() {
        context.scheduler().schedule(1000, () -> {
            if (!stopping) {
                migrateSockets.closeIdle();
                sweepMigrateSockets();
            }
        });
    }

    public void stop() {
        if (stopping) {
            terminated.join();
            return;
        }
        stopping = true;
        try {
            context.stopped();
            if (cluster != null) {
                cluster.close();
            }
            for (Channel ch : listeners) {
                ch.close().syncUninterruptibly();
            }
            clientChannels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        } finally {
            log.close();
            terminated.complete(null);
        }
    }

    /** Whether stop() has begun. */
    public boolean isStopping() {
        return stopping;
    }

    @Override
    public void close() {
        stop();
    }

    /** INFO's multiplexing_api: the transport the event loop uses. */
    String multiplexingApi() {
        return transport.apiName();
    }
}
