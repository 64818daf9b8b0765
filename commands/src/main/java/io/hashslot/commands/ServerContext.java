package io.hashslot.commands;

import io.hashslot.common.Clock;
import io.hashslot.common.NodeLog;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.store.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything node-wide that commands use: configuration, keyspace, clock, log, seeded randomness, statistics,
 * the command table, connected clients and the hooks into the server around them. One per node.
 */
public final class ServerContext {
    /** The Redis version Hashslot reports, so clients enable the features it has. */
    public static final String REDIS_VERSION = "7.0.15";
    /** Hashslot's own version. */
    public static final String HASHSLOT_VERSION = "0.1.0";

    private final ConfigStore config;
    private final Keyspace keyspace;
    private final Clock clock;
    private final NodeLog log;
    private final RandomGenerator random;
    private final Stats stats = new Stats();
    private final CommandTable commands;
    private final ClientRegistry clients = new ClientRegistry();
    private final SlowLog slowLog = new SlowLog();
    private final LatencyMonitor latency = new LatencyMonitor();
    private final List<Client> monitors = new ArrayList<>();
    private final Watches watches;
    private final Propagation propagation = new Propagation();
    private final io.hashslot.commands.pubsub.PubSubRegistry pubsub =
        new io.hashslot.commands.pubsub.PubSubRegistry();
    private final ClientPause pause;
    private boolean activeExpireEnabled = true;
    private long peakMemory;
    private final String runId;
    private final long startMillis;
    private final io.hashslot.commands.script.BusyGate busyGate = new io.hashslot.commands.script.BusyGate();
    private io.hashslot.commands.script.ScriptEngine.Factory scriptEngines;
    private final List<Runnable> stopHooks = new ArrayList<>();
    private io.hashslot.commands.script.ScriptStats scriptStats;
    private ServerHooks hooks;
    private ReplicationControl replication = ReplicationControl.NONE;
    private boolean denyScriptsDisabled;
    private java.util.function.BiPredicate<CommandSpec, byte[][]> scriptOomRule;
    private boolean preCommandOomState;
    private Scheduler scheduler = Scheduler.NONE;
    private io.hashslot.commands.blocking.BlockingRegistry blocking =
        new io.hashslot.commands.blocking.BlockingRegistry(Scheduler.NONE);
    private long dirty;
    private byte[] requirePass;
    private long lastSaveSeconds;

    public ServerContext(ConfigStore config, Clock clock, NodeLog log, RandomGenerator random,
                         CommandTable commands) {
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.random = random;
        this.commands = commands;
        this.keyspace = new Keyspace(config.getInt("databases"), random.nextLong());
        this.watches = new Watches(keyspace);
        this.pause = new ClientPause(clients, keyspace);
        this.startMillis = clock.currentTimeMillis();
        this.lastSaveSeconds = startMillis / 1000;
        StringBuilder id = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            id.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        this.runId = id.toString();
        updateRequirePass(config.getString("requirepass"));
        config.onChange("requirepass", v -> updateRequirePass((String) v));
    }

    private void updateRequirePass(String pass) {
        requirePass = pass == null ? null : pass.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public ConfigStore config() {
        return config;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public Clock clock() {
        return clock;
    }

    public NodeLog log() {
        return log;
    }

    public RandomGenerator random() {
        return random;
    }

    public Stats stats() {
        return stats;
    }

    public CommandTable commands() {
        return commands;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public LatencyMonitor latency() {
        return latency;
    }

    public List<Client> monitors() {
        return monitors;
    }

    public io.hashslot.commands.pubsub.PubSubRegistry pubsub() {
        return pubsub;
    }

    public Watches watches() {
        return watches;
    }

    /** What executed commands hand to replication and the AOF (nothing listens until one of them exists). */
    public Propagation propagation() {
        return propagation;
    }

    /** CLIENT PAUSE state. */
    public ClientPause pause() {
        return pause;
    }

    /** Whether the cron expires keys actively (DEBUG SET-ACTIVE-EXPIRE). */
    public boolean activeExpireEnabled() {
        return activeExpireEnabled;
    }

    public void setActiveExpireEnabled(boolean enabled) {
        this.activeExpireEnabled = enabled;
    }

    /** Memory the node accounts for itself before any data or client exists (used_memory_startup). */
    public static final long STARTUP_MEMORY = 860_000;

    /**
     * This node's own estimate of the memory it uses (INFO used_memory): the startup baseline, the keyspace's
     * estimate of its keys and values, and the clients' buffers. Updates the peak.
     */
    public long usedMemory() {
        long m = STARTUP_MEMORY + keyspace.memoryEstimate() + clientsMemory();
        if (m > peakMemory) {
            peakMemory = m;
        }
        return m;
    }

    /** Bytes held by client connections (query and reply buffers and a fixed per-client overhead). */
    public long clientsMemory() {
        long m = 0;
        for (Client c : clients.all()) {
            m += Client.BASE_MEMORY + c.queryBufferBytes() + c.output().capacity();
        }
        return m;
    }

    /** The highest {@link #usedMemory()} seen (INFO used_memory_peak). */
    public long peakMemory() {
        return Math.max(peakMemory, STARTUP_MEMORY);
    }

    /**
     * Records a change to a key (signalModifiedKey plus server.dirty): WATCHers see it and the write counts
     * toward save points and propagation.
     */
    public void keyModified(int db, byte[] key) {
        watches.touch(db, key);
        dirty++;
    }

    private boolean replica;

    /** Whether this node replicates from a master. */
    public boolean isReplica() {
        return replica;
    }

    public void setReplica(boolean replica) {
        this.replica = replica;
        keyspace.setMaster(!replica);
    }

    /** Where keyspace notifications go (the pub/sub family installs itself). */
    public interface KeyspaceEvents {
        void notify(int type, String event, byte[] key, int db);
    }

    private KeyspaceEvents keyspaceEvents = (type, event, key, db) -> { };

    public void setKeyspaceEvents(KeyspaceEvents events) {
        this.keyspaceEvents = events;
    }

    /** notifyKeyspaceEvent: publishes if notify-keyspace-events enables the class. */
    public void notifyKeyspaceEvent(int type, String event, byte[] key, int db) {
        keyspaceEvents.notify(type, event, key, db);
    }

    public String runId() {
        return runId;
    }

    public long startMillis() {
        return startMillis;
    }

    /** Timers on the execution thread; installed by the server before it starts. */
    public Scheduler scheduler() {
        return scheduler;
    }

    public void setScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.blocking = new io.hashslot.commands.blocking.BlockingRegistry(scheduler);
    }

    public io.hashslot.commands.blocking.BlockingRegistry blocking() {
        return blocking;
    }

    /** signalKeyAsReady: lets clients blocked on this key try again after the current command. */
    public void signalKeyAsReady(int db, byte[] key) {
        blocking.signalReady(db, key);
    }

    /** Coordination of the event loop with a script running past busy-reply-threshold. */
    public io.hashslot.commands.script.BusyGate busyGate() {
        return busyGate;
    }

    /** Builds the scripting engine on first use (installed by the server; null: EVAL replies an error). */
    public io.hashslot.commands.script.ScriptEngine.Factory scriptEngines() {
        return scriptEngines;
    }

    public void setScriptEngines(io.hashslot.commands.script.ScriptEngine.Factory factory) {
        this.scriptEngines = factory;
    }

    /** EVAL script statistics for INFO (installed by the scripting commands). */
    public io.hashslot.commands.script.ScriptStats scriptStats() {
        return scriptStats;
    }

    public void setScriptStats(io.hashslot.commands.script.ScriptStats stats) {
        this.scriptStats = stats;
    }

    /** Registers work to do when the node stops (stop a running script, free the script engine). */
    public void onStop(Runnable hook) {
        stopHooks.add(hook);
    }

    /** Called by the server when the node stops. */
    public void stopped() {
        for (Runnable r : stopHooks) {
            r.run();
        }
    }

    private ValueSerializer serializer;
    private MigrateTransport migrateTransport = MigrateTransport.NONE;

    /** The target connections of MIGRATE (installed by the server). */
    public MigrateTransport migrateTransport() {
        return migrateTransport;
    }

    public void setMigrateTransport(MigrateTransport transport) {
        this.migrateTransport = transport;
    }

    /** DUMP/RESTORE payload codec (installed by the server). */
    public ValueSerializer serializer() {
        return serializer;
    }

    public void setSerializer(ValueSerializer serializer) {
        this.serializer = serializer;
    }

    /**
     * Whether EVAL/EVALSHA with these arguments counts as denyoom (a script that declared flags without
     * allow-oom or no-writes); installed by the scripting family.
     */
    public boolean scriptDeniesOom(CommandSpec cmd, byte[][] argv) {
        return scriptOomRule != null && scriptOomRule.test(cmd, argv);
    }

    public void setScriptOomRule(java.util.function.BiPredicate<CommandSpec, byte[][]> rule) {
        this.scriptOomRule = rule;
    }

    /** pre_command_oom_state: whether the node was over maxmemory when the current top-level command started. */
    public boolean preCommandOomState() {
        return preCommandOomState;
    }

    public void setPreCommandOomState(boolean oom) {
        this.preCommandOomState = oom;
    }

    /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call commands flagged noscript. */
    public boolean denyScriptsDisabled() {
        return denyScriptsDisabled;
    }

    public void setDenyScriptsDisabled(boolean disabled) {
        this.denyScriptsDisabled = disabled;
    }

    public ReplicationControl replication() {
        return replication;
    }

    public void setReplication(ReplicationControl replication) {
        this.replication = replication;
    }

    public ServerHooks hooks() {
        return hooks;
    }

    private PersistenceControl persistence = PersistenceControl.NONE;

    /** RDB/AOF persistence (installed by the server). */
    public PersistenceControl persistence() {
        return persistence;
    }

    public void setPersistence(PersistenceControl persistence) {
        this.persistence = persistence;
    }

    public void setHooks(ServerHooks hooks) {
        this.hooks = hooks;
    }

    /** Whether clients must AUTH before running commands (requirepass set). */
    public boolean authRequired() {
        return requirePass != null;
    }

    public byte[] requirePass() {
        return requirePass;
    }

    /** Writes since the last save (server.dirty). */
    public long dirty() {
        return dirty;
    }

    public void addDirty(long n) {
        dirty += n;
    }

    public void resetDirty() {
        dirty = 0;
    }

    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public void setLastSaveSeconds(long s) {
        lastSaveSeconds = s;
    }
}
