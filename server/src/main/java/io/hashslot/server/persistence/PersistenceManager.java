package io.hashslot.server.persistence;

import io.hashslot.commands.PersistenceControl;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.common.config.SpecialTypes.SavePoint;
import io.hashslot.persistence.RdbWriter;
import io.hashslot.store.Keyspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A node's RDB persistence and the front of its AOF: SAVE, BGSAVE (a background {@link SnapshotWriter}, no fork),
 * save points checked by the cron, MISCONF, LASTSAVE/INFO state, FLUSHALL's save, SHUTDOWN's save, DEBUG RELOAD and
 * loading at startup. All methods run on the node's thread, except that a load in loading mode runs on its loader
 * thread while it holds the gate ({@link LoadRun}).
 */
public final class PersistenceManager implements PersistenceControl {
    private final LoadingStats loading = new LoadingStats();
    private LoadPacer pacer;
    /** iAmMaster for loading (expired keys are skipped only on a master): the cluster's view in cluster mode. */
    private java.util.function.BooleanSupplier iAmMaster;
    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: seconds before a failed BGSAVE is retried by the save points. */
    private static final long BGSAVE_RETRY_DELAY = 5;
    static final String MISCONF_RDB = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable "
        + "to persist to disk. Commands that may modify the data set are disabled, because this instance is "
        + "configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option)."
        + " Please check the Redis logs for details about the RDB error.";

    private final ServerContext server;
    private final ConfigStore config;
    private final Executor owner;
    private final Aof aof;
    private Supplier<RdbWriter.ReplInfo> replInfo = () -> null;

    private SnapshotWriter bgsave;
    private long dirtyBeforeBgsave;
    private boolean lastBgsaveOk = true;
    private long lastBgsaveTry;
    private boolean bgsaveScheduled;
    private long bgsaveStartSeconds;
    private long lastBgsaveSeconds = -1;
    private long rdbSaves;
    private long loadKeysLoaded;
    private long loadKeysExpired;

    public PersistenceManager(ServerContext server, Executor owner) {
        this.server = server;
        this.config = server.config();
        this.owner = owner;
        this.aof = new Aof(server, owner, this);
        server.propagation().addSink(aof);
        server.onStop(this::killBgsave); // a stopped node leaves no save running behind it
    }

    public Aof aof() {
        return aof;
    }

    /** Replication info to store in RDB AUX fields (installed by replication; null = none). */
    public void setReplInfo(Supplier<RdbWriter.ReplInfo> supplier) {
        this.replInfo = supplier;
    }

    long nowSeconds() {
        return server.clock().currentTimeMillis() / 1000;
    }

    Path rdbPath() {
        return Path.of(config.getString("dir")).resolve(config.getString("dbfilename"));
    }

    SnapshotWriter.Header header(boolean aofBase) {
        return new SnapshotWriter.Header(config.getBool("rdbcompression"), config.getBool("rdbchecksum"),
            nowSeconds(), server.usedMemory(), aofBase ? null : replInfo.get(), aofBase);
    }

    @SuppressWarnings("unchecked")
    private List<SavePoint> savePoints() {
        return (List<SavePoint>) config.value("save");
    }

    /** Whether a background snapshot of any kind (BGSAVE, AOF rewrite, full sync) is running. */
    boolean childActive() {
        return server.keyspace().runningSnapshot() != null;
    }

    boolean bgsaveRunning() {
        return bgsave != null;
    }

    /** rdbSave: a synchronous save to dbfilename. Returns false (and logs why) on failure. */
    boolean saveSync() {
        Path target = rdbPath();
        try {
            RdbFiles.saveSync(server.keyspace(), target, header(false));
        } catch (IOException e) {
            server.log().warning("Write error saving DB on disk: " + e.getMessage());
            return false;
        }
        server.log().notice("DB saved on disk");
        server.resetDirty();
        server.setLastSaveSeconds(nowSeconds());
        lastBgsaveOk = true;
        return true;
    }

    @Override
    public Outcome save() {
        if (bgsave != null) {
            return Outcome.error("ERR Background save already in progress");
        }
        rdbSaves++;
        return saveSync() ? Outcome.ok("OK") : Outcome.error("ERR");
    }

    @Override
    public Outcome bgsave(boolean schedule, boolean inExec) {
        if (bgsave != null) {
            return Outcome.error("ERR Background save already in progress");
        } else if (childActive() || inExec) {
            if (schedule || inExec) {
                bgsaveScheduled = true;
                return Outcome.ok("Background saving scheduled");
            }
            return Outcome.error("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE "
                + "SCHEDULE in order to schedule a BGSAVE whenever possible.");
        }
        return startBgsave() ? Outcome.ok("Background saving started") : Outcome.error("ERR");
    }

    /** The background save's own temporary file (Redis's temp-<child pid>.rdb). */
    private static Path bgTemp(Path target) {
        return target.resolveSibling("temp-" + ProcessHandle.current().pid() + "-bg.rdb");
    }

    /** rdbSaveBackground. */
    boolean startBgsave() {
        if (childActive()) {
            return false;
        }
        rdbSaves++;
        dirtyBeforeBgsave = server.dirty();
        lastBgsaveTry = nowSeconds();
        Path target = rdbPath();
        RdbFiles.TempFile file;
        try {
            file = RdbFiles.open(bgTemp(target), target);
        } catch (IOException e) {
            lastBgsaveOk = false;
            server.log().warning("Failed opening the temp RDB file " + bgTemp(target).getFileName()
                + " (in server root dir " + config.getString("dir") + ") for saving: " + e.getMessage());
            return false;
        }
        long started = System.nanoTime();
        bgsave = SnapshotWriter.start(server.keyspace(), header(false), file.stream(), owner, file::commit,
            r -> bgsaveDone(r, file, started), "hashslot-bgsave");
        if (bgsave == null) {
            return false;
        }
        server.log().notice("Background saving started by pid " + ProcessHandle.current().pid());
        bgsaveStartSeconds = nowSeconds();
        return true;
    }

    private void bgsaveDone(SnapshotWriter.Result r, RdbFiles.TempFile file, long startedNanos) {
        bgsave = null;
        lastBgsaveSeconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
        if (r.ok()) {
            server.log().notice("DB saved on disk");
            server.log().notice(String.format(java.util.Locale.ROOT, "Snapshot for RDB: %d keys, %d slots saved "
                + "ahead of writes (longest %.3f ms), peak buffer %.1f MB", r.keys(), r.forcedSlots(),
                r.longestStallNanos() / 1e6, r.peakBufferedBytes() / 1048576.0));
            server.log().notice("Background saving terminated with success");
            server.addDirty(-dirtyBeforeBgsave);
            server.setLastSaveSeconds(nowSeconds());
            lastBgsaveOk = true;
        } else if (r.aborted()) {
            file.discard();
            server.log().warning("Background saving terminated by signal 10");
        } else {
            file.discard();
            server.log().warning("Write error saving DB on disk: " + r.failure().getMessage());
            server.log().warning("Background saving error");
            lastBgsaveOk = false;
        }
        aof.childDone();
    }

    /** killRDBChild. */
    void killBgsave() {
        if (bgsave != null) {
            bgsave.abort();
        }
    }

    @Override
    public Outcome bgrewriteaof() {
        return aof.bgrewriteCommand();
    }

    @Override
    public Outcome debugReload(boolean merge, boolean flush, boolean save) {
        if (save && !saveSync()) {
            return Outcome.error("ERR");
        }
        if (flush) {
            server.keyspace().flushAll();
        }
        try {
            new DataLoader(server).loadRdb(rdbPath(), merge, this);
        } catch (IOException | RuntimeException e) {
            server.log().warning("Error trying to load the RDB dump: " + e.getMessage());
            return Outcome.error("ERR Error trying to load the RDB dump");
        }
        server.log().warning("DB reloaded by DEBUG RELOAD");
        return Outcome.ok("OK");
    }

    @Override
    public Outcome debugLoadAof() {
        return aof.debugLoadAof();
    }

    @Override
    public String diskError() {
        if (config.getBool("stop-writes-on-bgsave-error") && !savePoints().isEmpty() && !lastBgsaveOk) {
            return MISCONF_RDB;
        }
        return aof.diskError();
    }

    @Override
    public void flushedAll() {
        killBgsave();
        if (!savePoints().isEmpty()) {
            saveSync();
        }
    }

    void recordLoad(long loaded, long expired) {
        loadKeysLoaded = loaded;
        loadKeysExpired = expired;
    }

    /** Save points and scheduled BGSAVEs; run by the server cron. */
    public void cron() {
        long now = nowSeconds();
        if (!childActive()) {
            for (SavePoint sp : savePoints()) {
                if (server.dirty() >= sp.changes() && now - server.lastSaveSeconds() > sp.seconds()
                    && (now - lastBgsaveTry > BGSAVE_RETRY_DELAY || lastBgsaveOk)) {
                    server.log().notice(sp.changes() + " changes in " + sp.seconds() + " seconds. Saving...");
                    startBgsave();
                    break;
                }
            }
        }
        aof.cron(now);
        if (!childActive() && bgsaveScheduled && (now - lastBgsaveTry > BGSAVE_RETRY_DELAY || lastBgsaveOk)) {
            if (startBgsave()) {
                bgsaveScheduled = false;
            }
        }
    }

    /**
     * SHUTDOWN's persistence step (prepareForShutdown): stop a BGSAVE, flush the AOF, save the RDB when save points
     * exist or SAVE was given (never with NOSAVE). Returns false when the save failed (shutdown then refused
     * unless FORCE).
     */
    public boolean prepareForShutdown(boolean save, boolean nosave) {
        if (bgsave != null) {
            server.log().warning("There is a child saving an .rdb. Killing it!");
            killBgsave();
            try {
                Files.deleteIfExists(bgTemp(rdbPath()));
            } catch (IOException e) {
                // best effort
            }
        }
        aof.prepareForShutdown();
        if ((!savePoints().isEmpty() && !nosave) || save) {
            server.log().notice("Saving the final RDB snapshot before exiting.");
            if (!saveSync()) {
                server.log().warning("Error trying to save the DB, can't exit.");
                return false;
            }
        }
        return true;
    }

    /**
     * loadDataFromDisk on a thread of its own in the gate's loading mode: {@code pacer} lets the event loop answer
     * (-LOADING) between keys and AOF commands.
     */
    public void loadOnStartup(LoadPacer pacer) throws IOException {
        this.pacer = pacer;
        try {
            loadOnStartup();
        } finally {
            this.pacer = null;
        }
    }

    /**
     * How loads decide whether this node is a master (Redis's iAmMaster: in cluster mode the cluster's view of
     * myself, which nodes.conf gives before replication starts); without it, the replication role.
     */
    public void setMasterCheck(java.util.function.BooleanSupplier iAmMaster) {
        this.iAmMaster = iAmMaster;
    }

    boolean iAmMaster() {
        return iAmMaster != null ? iAmMaster.getAsBoolean() : !server.isReplica();
    }

    /** The pacer of the startup load under way, or null (then loads run straight through). */
    LoadPacer pacer() {
        return pacer;
    }

    /** What a startup load will read: the AOF directory's files with AOF on, else the RDB file (0 when absent). */
    public long startupLoadSize() {
        try {
            if (aof.enabled()) {
                Path dir = aof.dir();
                if (!Files.isDirectory(dir)) {
                    return 0;
                }
                try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                    return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
            }
            Path p = rdbPath();
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** loadDataFromDisk at startup: the AOF when appendonly is on, else dbfilename. */
    public void loadOnStartup() throws IOException {
        long start = System.nanoTime();
        if (aof.enabled()) {
            aof.loadOnStartup(start);
        } else {
            Path p = rdbPath();
            if (!Files.exists(p)) {
                return;
            }
            new DataLoader(server).loadRdb(p, false, this);
            server.log().notice(String.format(java.util.Locale.ROOT, "DB loaded from disk: %.3f seconds",
                (System.nanoTime() - start) / 1e9));
        }
        aof.openOnStartup();
    }

    @Override
    public void info(BiConsumer<String, Object> f) {
        boolean rdbChild = bgsave != null;
        loading.info(f);
        f.accept("current_cow_peak", 0);
        f.accept("current_cow_size", 0);
        f.accept("current_cow_size_age", 0);
        f.accept("current_fork_perc", "0.00");
        SnapshotWriter running = rdbChild ? bgsave : aof.rewriteWriter();
        f.accept("current_save_keys_processed", running == null ? 0 : running.keysProcessed());
        f.accept("current_save_keys_total", running == null ? 0 : running.keysTotal());
        f.accept("rdb_changes_since_last_save", server.dirty());
        f.accept("rdb_bgsave_in_progress", rdbChild ? 1 : 0);
        f.accept("rdb_last_save_time", server.lastSaveSeconds());
        f.accept("rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        f.accept("rdb_last_bgsave_time_sec", lastBgsaveSeconds);
        f.accept("rdb_current_bgsave_time_sec", rdbChild ? nowSeconds() - bgsaveStartSeconds : -1);
        f.accept("rdb_saves", rdbSaves);
        f.accept("rdb_last_cow_size", 0);
        f.accept("rdb_last_load_keys_expired", loadKeysExpired);
        f.accept("rdb_last_load_keys_loaded", loadKeysLoaded);
        aof.info(f);
        loading.details(f, nowSeconds());
    }

    /** Encodings for loading values with the node's current listpack/intset thresholds. */
    public io.hashslot.persistence.Encodings encodings() {
        return DataLoader.encodings(server);
    }

    /** The progress of a load that clients are served during (INFO loading). */
    public LoadingStats loading() {
        return loading;
    }

    Keyspace keyspace() {
        return server.keyspace();
    }
}
