package io.hashslot.server.replication;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandFlag;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.Propagation;
import io.hashslot.commands.ReplicationControl;
import io.hashslot.commands.ServerContext;
import io.hashslot.commands.Transactions;
import io.hashslot.common.NodeLog;
import io.hashslot.persistence.RdbFormatException;
import io.hashslot.persistence.RdbLoader;
import io.hashslot.server.HashslotServer;
import io.hashslot.server.persistence.LoadPacer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's replication state, both roles: replication IDs and offset, the backlog, the replicas attached to this
 * node, and (on a replica) the link to its master. Writes reach it as propagated commands (a master encodes them
 * into the stream) or as the master's stream applied by {@link MasterLink} (a replica proxies those bytes
 * unchanged to its own replicas). Everything here runs on the node's execution thread; the link's reader thread
 * only hands work over with {@link HashslotServer#execute}.
 */
public final class Replication implements ReplicationControl, Propagation.Sink {
    static final String ZERO_ID = "0000000000000000000000000000000000000000";
    private static final byte[] PING = "*1\r\n$4\r\nping\r\n".getBytes(StandardCharsets.US_ASCII);

    final HashslotServer node;
    final ServerContext server;
    final CommandProcessor processor;
    final NodeLog log;

    String replid;
    String replid2 = ZERO_ID;
    long secondOffset = -1;
    /** master_repl_offset: bytes of stream fed (a master) or applied and proxied (a replica). */
    long offset;
    Backlog backlog;
    /** The database the stream last selected; -1 forces a SELECT before the next command. */
    int streamDb = -1;
    final List<ReplicaSession> replicas = new ArrayList<>();
    final java.util.Map<Client, ReplicaInfo> announced = new java.util.WeakHashMap<>();
    FullSync job;
    private long noReplicasSince;
    private boolean sinkAttached;
    private long lastPingSecond = -1;
    private long lastSecond;

    // replica side
    String masterHost;
    int masterPort;
    MasterLink link;
    /** The client the master's stream runs as, while the link is up after a sync. */
    Client masterClient;
    /** Whether the next PSYNC may ask to continue from our replid/offset (a cached master, or ourselves). */
    boolean cachedMaster;
    /** A full sync discarded our history and has not completed yet (the cluster then sees offset 0). */
    private boolean fullSyncPending;
    long linkDownSinceMillis;
    /** The database the master's stream is in (kept across a lost link, for +CONTINUE). */
    int masterDb;
    private int streamDbOfRdb;
    final MasterStream stream = new MasterStream(this);

    final Waits waits;
    private final ReplicationCommands commands;

    public Replication(HashslotServer node, CommandProcessor processor) {
        this.node = node;
        this.server = node.context();
        this.processor = processor;
        this.log = server.log();
        this.replid = randomId();
        this.waits = new Waits(this);
        this.commands = new ReplicationCommands(this);
        commands.register(server.commands());
        processor.setReplicationCheck(this::refuse);
        server.setReplication(this);
        server.config().onChange("repl-backlog-size", v -> {
            if (backlog != null) {
                backlog.resize(backlogSize(), offset);
            }
        });
    }

    /** Starts the replication cron and, with a replicaof directive, the link to the master. */
    public void start() {
        server.scheduler().schedule(100, this::cron);
        String replicaof = server.config().getString("replicaof");
        if (replicaof != null && !replicaof.isEmpty()) {
            String[] hp = replicaof.trim().split("\\s+");
            // as at Redis's startup: no cached master, the first sync is a full one ("PSYNC ? -1")
            becomeReplica(hp[0], Integer.parseInt(hp[1]), false);
        }
        server.onStop(this::stop);
    }

    private void stop() {
        if (link != null) {
            link.close();
        }
    }

    String randomId() {
        StringBuilder id = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            id.append("0123456789abcdef".charAt(server.random().nextInt(16)));
        }
        return id.toString();
    }

    int backlogSize() {
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(16 * 1024, server.config().getLong("repl-backlog-size")));
    }

    long now() {
        return server.clock().currentTimeMillis();
    }

    boolean isReplica() {
        return masterHost != null;
    }

    // ---------------------------------------------------------------- the stream

    /** createReplicationBacklog: from now on the stream is kept (and propagated writes are collected). */
    void createBacklog() {
        backlog = new Backlog(backlogSize(), offset);
        if (!sinkAttached) {
            server.propagation().addSink(this);
            sinkAttached = true;
        }
    }

    private void freeBacklog() {
        backlog = null;
        if (sinkAttached) {
            server.propagation().removeSink(this);
            sinkAttached = false;
        }
    }

    /** A propagated write of this node (a master): SELECT when the database changes, then the command. */
    @Override
    public void propagate(int db, byte[][] argv) {
        if (isReplica() || backlog == null) {
            return; // a replica only proxies its master's stream
        }
        if (db != streamDb) {
            feed(encode(new byte[][] {"SELECT".getBytes(StandardCharsets.US_ASCII),
                Integer.toString(db).getBytes(StandardCharsets.US_ASCII)}));
            streamDb = db;
        }
        feed(encode(argv));
    }

    /** Appends bytes to the stream: offset, backlog, every attached replica. */
    void feed(byte[] b) {
        if (backlog == null) {
            return;
        }
        offset += b.length;
        backlog.append(b, 0, b.length);
        for (ReplicaSession s : replicas) {
            s.feed(b);
        }
    }

    static byte[] encode(byte[][] argv) {
        int size = 16;
        for (byte[] a : argv) {
            size += a.length + 16;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
        header(out, '*', argv.length);
        for (byte[] a : argv) {
            header(out, '$', a.length);
            out.write(a, 0, a.length);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static void header(java.io.ByteArrayOutputStream out, char type, long n) {
        out.write(type);
        byte[] d = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        out.write(d, 0, d.length);
        out.write('\r');
        out.write('\n');
    }

    // ---------------------------------------------------------------- ReplicationControl

    @Override
    public void replicaOf(String host, int port) {
        becomeReplica(host, port, true);
    }

    private void becomeReplica(String host, int port, boolean cacheMyself) {
        boolean wasMaster = !isReplica();
        if (link != null) {
            link.close();
            link = null;
        }
        dropMasterClient();
        server.blocking().disconnectAll(); // clients blocked on this master, now a replica
        masterHost = host;
        masterPort = port;
        server.setReplica(true);
        node.log().setRole('S');
        waits.unblockAll();
        disconnectReplicas();
        if (wasMaster && cacheMyself) {
            // replicationCacheMasterUsingMyself: we may continue from our own history with the new master
            cachedMaster = true;
            masterDb = 0;
            stream.reset();
        }
        server.config().setQuietly(server.config().directive("replicaof"), host + " " + port);
        link = new MasterLink(this, host, port);
        link.start();
    }

    /** The node's link filter changed (a partition began): drops the link to a master it may no longer reach. */
    public void linkFilterChanged() {
        MasterLink l = link;
        if (l != null && masterHost != null && !node.linkFilter().allowLinkTo(masterHost, masterPort)) {
            l.dropConnection();
        }
    }

    @Override
    public void promote() {
        if (!isReplica()) {
            return;
        }
        if (link != null) {
            link.close();
            link = null;
        }
        dropMasterClient();
        masterHost = null;
        masterPort = 0;
        server.config().setQuietly(server.config().directive("replicaof"), null);
        shiftReplicationId();
        disconnectReplicas();
        linkDownSinceMillis = 0;
        cachedMaster = false;
        fullSyncPending = false;
        stream.reset();
        streamDb = -1;
        server.setReplica(false);
        node.log().setRole('M');
    }

    /** shiftReplicationId: our history so far stays valid under the old ID up to the current offset. */
    private void shiftReplicationId() {
        replid2 = replid;
        secondOffset = offset + 1;
        replid = randomId();
        log.warning("Setting secondary replication ID to " + replid2 + ", valid up to offset: " + secondOffset
            + ". New replication ID is " + replid);
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long clusterOffset() {
        return isReplica() && fullSyncPending ? 0 : offset;
    }

    @Override
    public void setManualFailoverPause(boolean paused) {
        manualFailoverPause = paused;
    }

    private boolean manualFailoverPause;

    @Override
    public long masterLinkDownMillis() {
        if (!isReplica() || link != null && link.connected()) {
            return 0;
        }
        return now() - linkDownSinceMillis; // never connected: since ever, as Redis's repl_down_since 0
    }

    @Override
    public String info() {
        return ReplicationInfo.section(this);
    }

    /** Closes the connections of every attached replica (they reconnect and ask to continue). */
    void disconnectReplicas() {
        for (ReplicaSession s : new ArrayList<>(replicas)) {
            s.client.connection().closeAfterFlush();
        }
        replicas.clear();
        if (job != null) {
            job.cancel();
            job = null;
        }
    }

    String commandsName(Client c) {
        return commands.name(c);
    }

    void commandsStartNext() {
        commands.maybeStartFullSync(now());
    }

    /** Still connected and not being killed (CLIENT KILL frees a replica at once in Redis). */
    boolean alive(Client c) {
        return server.clients().get(c.id()) == c && !c.hasFlag(Client.FLAG_CLOSE_ASAP);
    }

    @Override
    public long replicaBufferBytes(Client c, long queued) {
        for (ReplicaSession s : replicas) {
            if (s.client == c) {
                return s.bufferedStreamBytes(queued);
            }
        }
        return queued;
    }

    @Override
    public void clientGone(Client c) {
        replicas.removeIf(s -> s.client == c);
    }

    /** Forgets replicas whose connection closed without {@link #clientGone} (a safety net for the cron). */
    private void pruneReplicas() {
        replicas.removeIf(s -> !alive(s.client));
    }

    // ---------------------------------------------------------------- command checks

    /** NOREPLICAS, READONLY and MASTERDOWN refusals, in Redis's order; null admits the command. */
    private String refuse(Client c, CommandSpec cmd) {
        if (c.hasFlag(Client.FLAG_MASTER)) {
            return null;
        }
        // EXEC counts as a write when it queued one, and as denying stale data when a queued command does
        boolean exec = Transactions.isExec(cmd);
        boolean write = cmd.has(CommandFlag.WRITE) || (exec && Transactions.queuedWrite(c));
        boolean denyStale = !cmd.has(CommandFlag.STALE) || (exec && Transactions.queuedLacks(c, CommandFlag.STALE));
        if (write && !isReplica() && !goodReplicasOk()) {
            return "NOREPLICAS Not enough good replicas to write.";
        }
        if (isReplica() && write && server.config().getBool("replica-read-only")) {
            return "READONLY You can't write against a read only replica.";
        }
        if (isReplica() && denyStale && !server.config().getBool("replica-serve-stale-data")
            && (link == null || !link.connected())) {
            return "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
        }
        if (c.hasFlag(Client.FLAG_REPLICA) && (write || cmd.has(CommandFlag.READONLY)
            || cmd.has(CommandFlag.MAY_REPLICATE))) {
            return "ERR Replica can't interact with the keyspace";
        }
        return null;
    }

    /** checkGoodReplicasStatus. */
    @Override
    public boolean goodReplicasOk() {
        if (isReplica()) {
            return true;
        }
        int min = server.config().getInt("min-replicas-to-write");
        int maxLag = server.config().getInt("min-replicas-max-lag");
        return min == 0 || maxLag == 0 || goodReplicas() >= min;
    }

    /** Online replicas whose last ACK is at most min-replicas-max-lag seconds old. */
    int goodReplicas() {
        long maxLag = server.config().getLong("min-replicas-max-lag");
        long nowSec = now() / 1000;
        int n = 0;
        for (ReplicaSession s : replicas) {
            if (s.state.compareTo(ReplicaSession.State.WAIT_ACK) >= 0 && nowSec - s.ackMillis / 1000 <= maxLag) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- replica side, called by the link

    /** The PSYNC arguments: our history if we may continue it, else "? -1". */
    String[] psyncArgs() {
        if (cachedMaster) {
            return new String[] {replid, Long.toString(offset + 1)};
        }
        return new String[] {"?", "-1"};
    }

    /**
     * A full sync is about to replace the dataset: whatever we had is no longer a base to continue from. Returns
     * whether the RDB is loaded from memory rather than a temp file (repl-diskless-load swapdb, or on-empty-db
     * with an empty dataset).
     */
    boolean fullSyncStarting() {
        if (cachedMaster) {
            log.notice("Discarding previously cached master state.");
        }
        cachedMaster = false;
        fullSyncPending = true;
        String mode = server.config().getString("repl-diskless-load");
        return mode.equals("swapdb") || mode.equals("on-empty-db") && server.keyspace().totalKeys() == 0;
    }

    /**
     * Event loop: the master's RDB arrived (readSyncBulkPayload). Flushes the dataset before the link's thread loads
     * the RDB in loading mode ({@link #loadRdb}, run by {@code LoadRun}). False when this link is no longer ours.
     */
    boolean beginLoad(MasterLink from) {
        if (from != link) {
            return false;
        }
        log.notice("MASTER <-> REPLICA sync: Flushing old data");
        server.keyspace().flushAll();
        log.notice("MASTER <-> REPLICA sync: Loading DB in memory");
        return true;
    }

    /** Whether a load for {@code from} should stop: the link was closed or replaced meanwhile. */
    boolean loadAbandoned(MasterLink from) {
        return from != link || from.isClosed();
    }

    /** The link's thread, in loading mode: loads the RDB into the keyspace, pausing as {@code pacer} says. */
    RdbLoader.Result loadRdb(RdbSink.Payload rdb, LoadPacer pacer) throws IOException, RdbFormatException {
        try (InputStream in = rdb.open()) {
            return new RdbLoader(node.persistence().encodings()).observer(pacer::afterKey).load(in, server.keyspace(), false, now());
        }
    }

    /**
     * Event loop, loading mode over: with a result, logs Redis's lines and starts streaming from the master's offset
     * (true); with a failure ({@code error} set) the partial dataset is flushed (false).
     */
    boolean finishLoad(MasterLink from, RdbLoader.Result res, String error, String masterReplid,
                       long masterOffset) {
        if (res == null) {
            if (!node.isStopping()) {
                log.warning("Failed trying to load the MASTER synchronization DB from disk, check server logs. ("
                    + error + ")");
            }
            server.keyspace().flushAll();
            return false;
        }
        if (from != link) {
            return false;
        }
        String ver = res.auxString("redis-ver");
        if (ver != null) {
            log.notice("Loading RDB produced by version " + ver);
        }
        log.notice("Done loading RDB, keys loaded: " + res.keysLoaded + ", keys expired: " + res.expiredSkipped
            + ".");
        streamDbOfRdb = 0;
        String db = res.auxString("repl-stream-db");
        if (db != null) {
            try {
                int n = Integer.parseInt(db);
                streamDbOfRdb = n >= 0 && n < server.keyspace().databases() ? n : 0;
            } catch (NumberFormatException e) {
                streamDbOfRdb = 0;
            }
        }
        log.notice("MASTER <-> REPLICA sync: Finished with success");
        fullSyncDone(from, masterReplid, masterOffset);
        from.sendAck(offset);
        return true;
    }

    /** The RDB of a full sync was loaded: our history is now the master's, starting at its offset. */
    void fullSyncDone(MasterLink from, String masterReplid, long masterOffset) {
        fullSyncPending = false;
        replid = masterReplid;
        offset = masterOffset;
        replid2 = ZERO_ID;
        secondOffset = -1;
        disconnectReplicas(); // our own replicas must load the new dataset too
        createBacklog();
        cachedMaster = true;
        dropMasterClient();
        masterDb = streamDbOfRdb;
        linkUp(from);
    }

    /** +CONTINUE: the master continues our history (possibly under a new ID). */
    void continued(MasterLink from, String newId) {
        if (newId != null && !newId.equals(replid)) {
            replid2 = replid;
            secondOffset = offset + 1;
            replid = newId;
            log.warning("Master replication ID changed to " + newId);
            disconnectReplicas();
        }
        if (backlog == null) {
            createBacklog();
        }
        linkUp(from);
    }

    /**
     * Creates the master client, in the database the stream continues in: the RDB's repl-stream-db after a full
     * sync (a master that is itself a replica does not repeat SELECT), the previous master client's after +CONTINUE.
     */
    private void linkUp(MasterLink from) {
        dropMasterClient();
        Client mc = new Client(server.clients().nextId(), server, from.clientConnection());
        mc.select(masterDb);
        mc.addFlag(Client.FLAG_MASTER);
        mc.setAuthenticated(true);
        server.clients().add(mc);
        masterClient = mc;
        stream.reset();
        linkDownSinceMillis = 0;
        from.setConnected();
    }

    private void dropMasterClient() {
        if (masterClient != null) {
            masterDb = masterClient.dbIndex();
            processor.disconnect(masterClient);
            masterClient = null;
        }
    }

    /** Runs a batch of the master's stream (see {@link MasterStream}). */
    void apply(MasterLink from, List<MasterLink.Command> batch) {
        if (from != link || masterClient == null) {
            return;
        }
        stream.apply(masterClient, batch);
    }

    /**
     * CLIENT KILL of the master client (on the execution thread): like Redis's freeClient of the master, the link is
     * down from this moment (master_link_down_since, the data age of a failover) and nothing more of its stream is
     * applied; the link thread reconnects a second later.
     */
    void killMasterLink(MasterLink from) {
        boolean was = from.connected();
        from.dropConnection();
        from.markDisconnected();
        linkDown(from, was);
    }

    /** The link dropped (or never came up): we keep the data and our offset to continue later. */
    void linkDown(MasterLink from, boolean wasConnected) {
        if (from != link) {
            return;
        }
        if (wasConnected && masterClient == null) {
            wasConnected = false; // already taken down by killMasterLink
        }
        if (wasConnected) {
            log.notice("Connection with master lost.");
            log.notice("Caching the disconnected master state.");
        }
        dropMasterClient();
        stream.reset();
        if (wasConnected) {
            linkDownSinceMillis = now(); // a link that never came up leaves it at 0: down "since ever"
        }
    }

    // ---------------------------------------------------------------- cron

    private void cron() {
        if (node.isStopping()) {
            return;
        }
        try {
            long now = now();
            pruneReplicas();
            if (job != null) {
                job.checkTargets();
            } else {
                commands.maybeStartFullSync(now);
            }
            if (now - lastSecond >= 1000) {
                lastSecond = now;
                everySecond(now);
            }
            waits.check();
        } finally {
            server.scheduler().schedule(100, this::cron);
        }
    }

    private void everySecond(long now) {
        if (link != null) {
            link.cronAck();
        }
        // as Redis: a PING when the count of cron seconds since start is a multiple of the period, so a long
        // period set at runtime means no PING soon (the Tcl suite's replication stream readers rely on it)
        long period = Math.max(1, server.config().getLong("repl-ping-replica-period"));
        long second = (now - server.startMillis()) / 1000;
        if (!isReplica() && !replicas.isEmpty() && second != lastPingSecond && second % period == 0
            && !(manualFailoverPause && server.pause().paused(now))) {
            lastPingSecond = second;
            feed(PING);
        }
        for (ReplicaSession s : replicas) {
            if (s.state == ReplicaSession.State.WAIT_BGSAVE_START
                || s.state == ReplicaSession.State.WAIT_BGSAVE_END && job != null && !job.diskless) {
                s.write(new byte[] {'\n'});
            }
        }
        long timeout = server.config().getLong("repl-timeout") * 1000;
        for (ReplicaSession s : new ArrayList<>(replicas)) {
            if (s.state == ReplicaSession.State.ONLINE && now - s.ackMillis > timeout) {
                log.warning("Disconnecting timedout replica (streaming sync): " + commands.name(s.client));
                s.client.connection().closeAfterFlush();
                replicas.remove(s);
            }
        }
        long ttl = server.config().getLong("repl-backlog-ttl");
        if (replicas.isEmpty() && !isReplica() && backlog != null && ttl > 0) {
            if (noReplicasSince == 0) {
                noReplicasSince = now;
            } else if (now - noReplicasSince > ttl * 1000) {
                // a master without replicas for that long forgets its history: a new ID, no secondary one
                replid = randomId();
                replid2 = ZERO_ID;
                secondOffset = -1;
                freeBacklog();
                log.notice("Replication backlog freed after " + ttl + " seconds without connected replicas.");
            }
        } else {
            noReplicasSince = 0;
        }
    }
}
