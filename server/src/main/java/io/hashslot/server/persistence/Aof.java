package io.hashslot.server.persistence;

import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.PersistenceControl.Outcome;
import io.hashslot.commands.Propagation;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.ConfigException;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.persistence.RdbWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * The append-only file in Redis 7.0's multi-part layout: a base file (RDB preamble or commands), incr files that
 * receive every propagated write (with SELECT when the database changes), and the manifest. appendfsync always
 * fsyncs before the command's reply is sent; everysec fsyncs once a second on a background thread; no leaves it
 * to the OS. BGREWRITEAOF opens a new incr file and writes the new base from a {@link SnapshotWriter} snapshot
 * taken at the same instant, without stopping the node. Runs on the node's thread.
 */
public final class Aof implements Propagation.Sink {
    enum State { OFF, ON, WAIT_REWRITE }

    private final ServerContext server;
    private final ConfigStore config;
    private final Executor owner;
    private final PersistenceManager manager;
    private CommandProcessor processor;
    private State state;
    private AofManifest manifest = new AofManifest();
    private FileChannel incr;
    private Path incrPath;
    private int selectedDb = -1;
    private long currentSize;
    private long baseSize;
    private SnapshotWriter rewrite;
    private long rewriteStartSeconds;
    private long lastRewriteSeconds = -1;
    private boolean rewriteScheduled;
    private boolean lastBgrewriteOk = true;
    private long rewrites;
    private long consecutiveFailures;
    private String writeError;
    private volatile String fsyncError;
    private long lastFsyncSecond;
    private ExecutorService fsyncThread;

    Aof(ServerContext server, Executor owner, PersistenceManager manager) {
        this.server = server;
        this.config = server.config();
        this.owner = owner;
        this.manager = manager;
        this.state = config.getBool("appendonly") ? State.ON : State.OFF;
        config.setApplyHook("appendonly", v -> {
            boolean on = (Boolean) v;
            if (on && state == State.OFF && !start()) {
                throw new ConfigException("Unable to turn on AOF. Check server logs.");
            } else if (!on && state != State.OFF) {
                stop();
            }
        });
        server.onStop(this::close);
    }

    /** The command processor that executes loaded commands (installed by the server). */
    public void setProcessor(CommandProcessor processor) {
        this.processor = processor;
    }

    boolean enabled() {
        return state != State.OFF;
    }

    private String prefix() {
        return config.getString("appendfilename");
    }

    Path dir() {
        return Path.of(config.getString("dir")).resolve(config.getString("appenddirname"));
    }

    private String manifestName() {
        return prefix() + ".manifest";
    }

    /** aofLoadManifestFromDisk: an empty manifest when the directory or the manifest is missing. */
    private AofManifest readManifest() throws IOException {
        Path m = dir().resolve(manifestName());
        if (!Files.isDirectory(dir()) || !Files.exists(m)) {
            return new AofManifest();
        }
        try {
            return AofManifest.parse(Files.readString(m, StandardCharsets.ISO_8859_1));
        } catch (AofManifest.BadManifest e) {
            server.log().warning("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
            if (e.line > 0) {
                server.log().warning("Reading the manifest file, at line " + e.line + "\n");
                server.log().warning(">>> '" + e.text + "'\n");
            }
            server.log().warning(e.getMessage() + "\n");
            throw new LoadFailed(e.getMessage(), e);
        }
    }

    /**
     * The AOF could not be loaded and the reason is already in the log; like redis-server the node then exits
     * without a further "Fatal error loading the DB" line.
     */
    public static final class LoadFailed extends IOException {
        LoadFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** loadDataFromDisk with AOF on. */
    void loadOnStartup(long startNanos) throws IOException {
        manifest = readManifest();
        upgradeOldStyle();
        AofLoader loader = new AofLoader(server, processor, manager);
        AofLoader.Status st = loader.loadAll(manifest, dir());
        if (st == AofLoader.Status.FAILED || st == AofLoader.Status.OPEN_ERR) {
            throw new LoadFailed("AOF loading failed", null);
        }
        currentSize = loader.totalSize;
        baseSize = loader.baseSize;
        if (st != AofLoader.Status.NOT_EXIST) {
            server.log().notice(String.format(Locale.ROOT, "DB loaded from append only file: %.3f seconds",
                (System.nanoTime() - startNanos) / 1e9));
        }
    }

    /**
     * aofUpgradePrepare: an old-style {@code appendfilename} in {@code dir} (Redis before 7.0) becomes the base file
     * of the AOF directory, under the same name.
     */
    private void upgradeOldStyle() throws IOException {
        Path old = Path.of(config.getString("dir")).resolve(prefix());
        if (!Files.isRegularFile(old)) {
            return;
        }
        boolean baseIsOld = manifest.base != null && manifest.incr.isEmpty() && manifest.base.name().equals(prefix())
            && !Files.exists(dir().resolve(prefix()));
        if (Files.isDirectory(dir()) && !manifest.isEmpty() && !baseIsOld) {
            return;
        }
        Files.createDirectories(dir());
        AofManifest am = new AofManifest();
        am.history.addAll(manifest.history);
        am.incr.addAll(manifest.incr);
        am.incrSeq = manifest.incrSeq;
        am.base = new AofManifest.Info(prefix(), 1, 'b');
        am.baseSeq = 1;
        am.persist(dir(), manifestName());
        Files.move(old, dir().resolve(prefix()), StandardCopyOption.ATOMIC_MOVE);
        manifest = am;
        server.log().notice("Successfully migrated an old-style AOF file (" + prefix() + ") into the AOF directory ("
            + config.getString("appenddirname") + ").");
    }

    /** aofOpenIfNeededOnServerStart: base file for an empty AOF, then the last incr file, then the manifest. */
    void openOnStartup() throws IOException {
        if (state != State.ON) {
            if (Files.isDirectory(dir())) {
                try {
                    manifest = readManifest();
                } catch (IOException e) {
                    manifest = new AofManifest();
                }
            }
            return;
        }
        Files.createDirectories(dir());
        if (manifest.isEmpty()) {
            boolean preamble = config.getBool("aof-use-rdb-preamble");
            String name = manifest.newBase(prefix(), preamble);
            writeBaseSync(dir().resolve(name), preamble);
            server.log().notice("Creating AOF base file " + name + " on server start");
        }
        String name;
        if (manifest.incr.isEmpty()) {
            name = manifest.newIncr(prefix());
            server.log().notice("Creating AOF incr file " + name + " on server start");
        } else {
            name = manifest.incr.get(manifest.incr.size() - 1).name();
            server.log().notice("Opening AOF incr file " + name + " on server start");
        }
        openIncr(dir().resolve(name));
        manifest.persist(dir(), manifestName());
        if (manifest.base != null) { // a manifest may list incr files only (no rewrite happened yet)
            baseSize = Files.size(dir().resolve(manifest.base.name()));
        }
    }

    private void openIncr(Path p) throws IOException {
        incr = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        incrPath = p;
        selectedDb = -1;
    }

    /** rewriteAppendOnlyFile run in the foreground (a base file at startup). */
    private void writeBaseSync(Path target, boolean preamble) throws IOException {
        RdbFiles.TempFile f = RdbFiles.open(target.resolveSibling("temp-rewriteaof-" + pid() + ".aof"), target);
        try {
            if (preamble) {
                SnapshotWriter.Header h = manager.header(true);
                new RdbWriter(h.compression(), h.checksum()).writeAll(f.stream(), server.keyspace(),
                    h.ctimeSeconds(), h.usedMem(), null, true);
            } else {
                SnapshotWriter.Format fmt = AofCommands.format(f.stream());
                for (int i = 0; i < server.keyspace().databases(); i++) {
                    io.hashslot.store.Db db = server.keyspace().db(i);
                    if (db.size() == 0) {
                        continue;
                    }
                    fmt.database(i, db.size(), db.expiringCount());
                    IOException[] err = {null};
                    db.forEach(e -> {
                        try {
                            if (err[0] == null) {
                                fmt.entry(e.key(), e.value(), e.expireAt());
                            }
                        } catch (IOException x) {
                            err[0] = x;
                        }
                    });
                    if (err[0] != null) {
                        throw err[0];
                    }
                }
            }
            f.commit();
        } catch (IOException | RuntimeException e) {
            f.discard();
            throw e;
        }
    }

    private static long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public void propagate(int db, byte[][] argv) {
        if (state == State.OFF || incr == null) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (db != selectedDb) {
            AofCommands.append(out, new byte[][] {AofCommands.ascii("SELECT"), AofCommands.ascii(
                Integer.toString(db))});
            selectedDb = db;
        }
        AofCommands.append(out, argv);
        write(out.toByteArray());
    }

    private void write(byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                incr.write(b);
            }
            currentSize += data.length;
            if (config.getString("appendfsync").equals("always") && !fsyncPausedByRewrite()) {
                incr.force(false);
            }
            if (writeError != null) {
                server.log().warning("AOF write error looks solved, Redis can write again.");
                writeError = null;
            }
        } catch (IOException e) {
            if (writeError == null) {
                server.log().warning("Error writing to the AOF file: " + e.getMessage());
            }
            writeError = e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /** no-appendfsync-on-rewrite: no fsync while a BGSAVE or AOF rewrite is running. */
    private boolean fsyncPausedByRewrite() {
        return config.getBool("no-appendfsync-on-rewrite") && manager.childActive();
    }

    /** The MISCONF error while AOF writes or fsyncs fail, or null. */
    String diskError() {
        if (state == State.OFF) {
            return null;
        }
        String err = writeError != null ? writeError : fsyncError;
        return err == null ? null : "MISCONF Errors writing to the AOF file: " + err;
    }

    /** CONFIG SET appendonly yes (startAppendOnly). */
    private boolean start() {
        state = State.WAIT_REWRITE;
        try {
            manifest = readManifest();
        } catch (IOException e) {
            state = State.OFF;
            return false;
        }
        if (manager.childActive() && rewrite == null) {
            rewriteScheduled = true;
            server.log().warning("AOF was enabled but there is already another background operation. An AOF "
                + "background was scheduled to start when possible.");
        } else {
            if (rewrite != null) {
                server.log().warning("AOF was enabled but there is already an AOF rewriting in background. Stopping "
                    + "background AOF and starting a rewrite now.");
                rewrite.abort();
            }
            if (!rewriteBackground()) {
                state = State.OFF;
                server.log().warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite "
                    + "operation. Check the above logs for more info about the error.");
                return false;
            }
        }
        writeError = null;
        fsyncError = null;
        return true;
    }

    /** CONFIG SET appendonly no (stopAppendOnly). */
    private void stop() {
        fsyncAndClose();
        state = State.OFF;
        rewriteScheduled = false;
        if (rewrite != null) {
            rewrite.abort();
        }
    }

    private void fsyncAndClose() {
        if (incr != null) {
            try {
                incr.force(false);
            } catch (IOException e) {
                server.log().warning("Fail to fsync the AOF file: " + e.getMessage());
            }
            try {
                incr.close();
            } catch (IOException e) {
                // closing after fsync
            }
            incr = null;
        }
        selectedDb = -1;
    }

    Outcome bgrewriteCommand() {
        if (rewrite != null) {
            return Outcome.error("ERR Background append only file rewriting already in progress");
        } else if (manager.childActive()) {
            rewriteScheduled = true;
            consecutiveFailures = 0;
            return Outcome.ok("Background append only file rewriting scheduled");
        } else if (rewriteBackground()) {
            return Outcome.ok("Background append only file rewriting started");
        }
        return Outcome.error("ERR Can't execute an AOF background rewriting. Please check the server logs for more "
            + "information.");
    }

    SnapshotWriter rewriteWriter() {
        return rewrite;
    }

    /** rewriteAppendOnlyFileBackground: new incr file now, new base from a snapshot of this instant. */
    private boolean rewriteBackground() {
        if (manager.childActive()) {
            return false;
        }
        Path dir = dir();
        AofManifest next = manifest.copy();
        Path newIncr;
        try {
            Files.createDirectories(dir);
            if (state == State.OFF) {
                // AOF off: only a new base is written (openNewIncrAofForAppend does nothing)
            } else if (state == State.ON) {
                String name = next.newIncr(prefix());
                fsyncAndClose();
                openIncr(dir.resolve(name));
                next.persist(dir, manifestName());
                manifest = next;
                server.log().notice("Creating AOF incr file " + name + " on background rewrite");
            } else {
                fsyncAndClose();
                newIncr = dir.resolve("temp-" + prefix() + ".incr");
                Files.deleteIfExists(newIncr);
                openIncr(newIncr);
            }
        } catch (IOException e) {
            server.log().warning("Can't open the append-only file: " + e.getMessage());
            return false;
        }
        boolean preamble = config.getBool("aof-use-rdb-preamble");
        String baseName = manifest.copy().newBase(prefix(), preamble);
        Path temp = dir.resolve("temp-rewriteaof-bg-" + pid() + ".aof");
        RdbFiles.TempFile file;
        try {
            file = RdbFiles.open(temp, dir.resolve(baseName));
        } catch (IOException e) {
            server.log().warning("Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): "
                + e.getMessage());
            return false;
        }
        rewrites++;
        long started = System.nanoTime();
        SnapshotWriter.Header h = manager.header(true);
        java.util.function.Function<OutputStream, SnapshotWriter.Format> fmt = preamble
            ? b -> SnapshotWriter.rdb(h, b) : AofCommands::format;
        rewrite = SnapshotWriter.start(server.keyspace(), fmt, file.stream(), owner, file::commit,
            r -> rewriteDone(r, file, baseName, preamble, started), "hashslot-aof-rewrite");
        if (rewrite == null) {
            return false;
        }
        rewriteStartSeconds = manager.nowSeconds();
        server.log().notice("Background append only file rewriting started by pid " + pid());
        return true;
    }

    private void rewriteDone(SnapshotWriter.Result r, RdbFiles.TempFile file, String baseName, boolean preamble,
                             long started) {
        rewrite = null;
        lastRewriteSeconds = (System.nanoTime() - started) / 1_000_000_000L;
        if (!r.ok()) {
            file.discard();
            if (r.aborted()) {
                server.log().warning("Background AOF rewrite terminated by signal 10");
            } else {
                server.log().warning("Background AOF rewrite terminated with error: " + r.failure().getMessage());
                lastBgrewriteOk = false;
                consecutiveFailures++;
            }
            return;
        }
        try {
            AofManifest next = manifest.copy();
            String name = next.newBase(prefix(), preamble);
            if (!name.equals(baseName)) {
                throw new IOException("the AOF manifest changed during the rewrite");
            }
            server.log().notice("Successfully renamed the temporary AOF base file " + file.path().getFileName()
                + " into " + baseName);
            if (state == State.WAIT_REWRITE && incr != null) {
                String incrName = next.newIncr(prefix());
                Path real = dir().resolve(incrName);
                Files.move(incrPath, real, StandardCopyOption.ATOMIC_MOVE);
                incrPath = real;
                server.log().notice("Successfully renamed the temporary AOF incr file " + "temp-" + prefix()
                    + ".incr into " + incrName);
            }
            next.markRewrittenIncrAsHistory(incr != null);
            next.persist(dir(), manifestName());
            manifest = next;
            deleteHistory();
            if (state != State.OFF) {
                currentSize = Files.size(dir().resolve(baseName)) + (incr == null ? 0 : incr.size());
                baseSize = currentSize; // aof_rewrite_base_size: the size right after the rewrite
            }
            server.log().notice("Background AOF rewrite terminated with success");
            if (state == State.WAIT_REWRITE) {
                state = State.ON;
            }
            lastBgrewriteOk = true;
            consecutiveFailures = 0;
            server.log().notice("Background AOF rewrite finished successfully");
        } catch (IOException e) {
            server.log().warning("Error trying to rename the temporary AOF file " + baseName + " into " + baseName
                + ": " + e.getMessage());
            lastBgrewriteOk = false;
            consecutiveFailures++;
        }
    }

    private void deleteHistory() throws IOException {
        if (manifest.history.isEmpty() || config.getBool("aof-disable-auto-gc")) {
            return;
        }
        for (AofManifest.Info h : manifest.history) {
            server.log().notice("Removing the history file " + h.name() + " in the background");
            Files.deleteIfExists(dir().resolve(h.name()));
        }
        manifest.history.clear();
        manifest.persist(dir(), manifestName());
    }

    /** Auto rewrite on growth, scheduled rewrites, everysec fsync. */
    void cron(long nowSeconds) {
        if (state == State.ON && rewrite == null && !manager.childActive()) {
            long perc = config.getLong("auto-aof-rewrite-percentage");
            if (perc > 0 && currentSize > config.getLong("auto-aof-rewrite-min-size")) {
                long base = baseSize > 0 ? baseSize : 1;
                long growth = currentSize * 100 / base - 100;
                if (growth >= perc) {
                    server.log().notice("Starting automatic rewriting of AOF on " + growth + "% growth");
                    rewriteBackground();
                }
            }
        }
        if (rewriteScheduled && state != State.OFF && rewrite == null && !manager.childActive()) {
            if (rewriteBackground()) {
                rewriteScheduled = false;
            }
        }
        if (incr != null && nowSeconds != lastFsyncSecond && config.getString("appendfsync").equals("everysec")
            && !fsyncPausedByRewrite()) {
            lastFsyncSecond = nowSeconds;
            FileChannel ch = incr;
            if (fsyncThread == null) {
                fsyncThread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "hashslot-aof-fsync");
                    t.setDaemon(true);
                    return t;
                });
            }
            fsyncThread.execute(() -> {
                try {
                    ch.force(false);
                    fsyncError = null;
                } catch (java.nio.channels.ClosedChannelException e) {
                    // replaced by a newer incr file, which was fsynced on close
                } catch (IOException e) {
                    fsyncError = e.getMessage();
                }
            });
        }
    }

    /** SHUTDOWN: stop a rewrite, fsync the incr file. */
    void prepareForShutdown() {
        if (rewrite != null) {
            server.log().warning("There is a child rewriting the AOF. Killing it!");
            rewrite.abort();
        }
        if (incr != null) {
            server.log().notice("Calling fsync() on the AOF file.");
            try {
                incr.force(false);
            } catch (IOException e) {
                server.log().warning("Fail to fsync the AOF file: " + e.getMessage());
            }
        }
    }

    /** DEBUG LOADAOF: empty the dataset and load the AOF again. */
    Outcome debugLoadAof() {
        try {
            if (incr != null) {
                incr.force(false);
            }
            server.keyspace().flushAll();
            AofManifest am = readManifest();
            AofLoader.Status st = new AofLoader(server, processor, manager).loadAll(am, dir());
            if (st != AofLoader.Status.OK && st != AofLoader.Status.EMPTY && st != AofLoader.Status.NOT_EXIST) {
                return Outcome.error("ERR Error loading the AOF");
            }
        } catch (IOException e) {
            return Outcome.error("ERR Error loading the AOF");
        }
        server.resetDirty();
        server.log().warning("Append Only File loaded by DEBUG LOADAOF");
        return Outcome.ok("OK");
    }

    void childDone() {
        // a scheduled rewrite starts from the cron
    }

    private void close() {
        if (rewrite != null) {
            rewrite.abort();
        }
        fsyncAndClose();
        if (fsyncThread != null) {
            fsyncThread.shutdown();
        }
    }

    void info(BiConsumer<String, Object> f) {
        f.accept("aof_enabled", state != State.OFF ? 1 : 0);
        f.accept("aof_rewrite_in_progress", rewrite != null ? 1 : 0);
        f.accept("aof_rewrite_scheduled", rewriteScheduled ? 1 : 0);
        f.accept("aof_last_rewrite_time_sec", lastRewriteSeconds);
        f.accept("aof_current_rewrite_time_sec", rewrite != null ? manager.nowSeconds() - rewriteStartSeconds : -1);
        f.accept("aof_last_bgrewrite_status", lastBgrewriteOk ? "ok" : "err");
        f.accept("aof_rewrites", rewrites);
        f.accept("aof_rewrites_consecutive_failures", consecutiveFailures);
        f.accept("aof_last_write_status", writeError == null && fsyncError == null ? "ok" : "err");
        f.accept("aof_last_cow_size", 0);
        f.accept("module_fork_in_progress", 0);
        f.accept("module_fork_last_cow_size", 0);
        if (config.getBool("appendonly")) {
            f.accept("aof_current_size", currentSize);
            f.accept("aof_base_size", baseSize);
            f.accept("aof_pending_rewrite", rewriteScheduled ? 1 : 0);
            f.accept("aof_buffer_length", 0);
            f.accept("aof_pending_bio_fsync", 0);
            f.accept("aof_delayed_fsync", 0);
        }
    }
}
