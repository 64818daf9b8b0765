package io.hashslot.server.persistence;

import io.hashslot.persistence.RdbOutput;
import io.hashslot.persistence.RdbWriter;
import io.hashslot.store.Keyspace;
import io.hashslot.store.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Writes a point-in-time RDB of a node's keyspace to an {@link OutputStream} on a background thread while the node
 * keeps serving writes (BGSAVE, AOF rewrite base, replication full sync). No fork, no stop-the-world: the keyspace
 * is walked slot by slot by {@link Snapshot}; a write on the node's thread that reaches a slot not saved yet first
 * serializes that slot (into memory, never to the stream), so what is written is exactly the dataset at
 * {@link #start}. Each thread encodes a slot into its own buffer and appends it to the stream buffer in one short
 * locked copy; the background thread drains that buffer to the stream between slots, so the node's thread never
 * waits on I/O and waits for the walker only when it writes to the one slot being encoded at that moment.
 *
 * <p>Call {@link #start} on the node's thread. When the stream is complete (EOF and CRC64 written, then the
 * caller's {@code finisher} run on the background thread, e.g. fsync and rename), {@code done} is called on the
 * node's thread through {@code owner} with the {@link Result}.
 */
public final class SnapshotWriter {
    /** How a background write ended. {@code failure} is null on success. */
    public record Result(long bytes, long keys, long forcedSlots, long peakBufferedBytes, long longestStallNanos,
                         Exception failure, boolean aborted) {
        public boolean ok() {
            return failure == null && !aborted;
        }
    }

    /** Work run on the background thread after the last byte was written (fsync, close, rename). */
    public interface Finisher {
        void finish() throws IOException;
    }

    /** Options of the RDB header. */
    public record Header(boolean compression, boolean checksum, long ctimeSeconds, long usedMem,
                         RdbWriter.ReplInfo repl, boolean aofBase) {
    }

    private static final int DRAIN_BYTES = 64 * 1024;

    /** How entries are encoded: an RDB (the default) or AOF commands (an AOF base without RDB preamble). */
    public interface Format {
        void header() throws IOException;

        void database(int index, long size, long expires) throws IOException;

        void entry(byte[] key, Object value, long expireAt) throws IOException;

        void footer() throws IOException;

        /** Appends bytes another instance of this format encoded (one slot's entries). */
        void append(byte[] b, int off, int len) throws IOException;

        long written();
    }

    /** The RDB format of {@code header}, writing to {@code out}. */
    public static Format rdb(Header h, OutputStream out) {
        RdbWriter writer = new RdbWriter(h.compression(), h.checksum());
        RdbOutput rdb = new RdbOutput(out, h.compression());
        return new Format() {
            @Override
            public void header() throws IOException {
                writer.writeHeader(rdb, h.ctimeSeconds(), h.usedMem(), h.repl(), h.aofBase());
            }

            @Override
            public void database(int index, long size, long expires) throws IOException {
                writer.writeDbHeader(rdb, index, size, expires);
            }

            @Override
            public void entry(byte[] key, Object value, long expireAt) throws IOException {
                writer.writeEntry(rdb, key, value, expireAt);
            }

            @Override
            public void footer() throws IOException {
                writer.writeFooter(rdb);
            }

            @Override
            public void append(byte[] b, int off, int len) throws IOException {
                rdb.raw(b, off, len);
            }

            @Override
            public long written() {
                return rdb.written();
            }
        };
    }

    private final Snapshot snapshot;
    /** The stream being built; guarded by {@code lock} (with {@link #shared} and {@link #sharedDb}). */
    private final Buffer buffer = new Buffer();
    private final Object lock = new Object();
    private final Format shared;
    private int sharedDb = -1;
    /** Per-thread encoding of one slot: the walker's and the node thread's (forced saves). */
    private final Local walkerLocal;
    private final Local ownerLocal;
    private final OutputStream out;
    private volatile boolean aborted;
    private long peak;
    /** The walker's spare drain buffer (only the walker thread touches it). */
    private byte[] spare;
    private Thread thread;

    /** One thread's slot in progress: its entries are encoded here, then appended to the stream at once. */
    private static final class Local {
        final Buffer buf = new Buffer();
        final Format format;
        int db;
        long size;
        long expires;

        Local(java.util.function.Function<OutputStream, Format> formats) {
            format = formats.apply(buf);
        }
    }

    private SnapshotWriter(Keyspace keyspace, java.util.function.Function<OutputStream, Format> formats,
                           OutputStream out) throws IOException {
        this.out = out;
        this.shared = formats.apply(buffer);
        this.walkerLocal = new Local(formats);
        this.ownerLocal = new Local(formats);
        shared.header();
        this.snapshot = keyspace.startSnapshot(new Snapshot.Sink() {
            private Local local() {
                return Thread.currentThread() == thread ? walkerLocal : ownerLocal;
            }

            @Override
            public void database(int index, long size, long expires) {
                Local l = local();
                l.db = index;
                l.size = size;
                l.expires = expires;
            }

            @Override
            public void entry(byte[] key, Object value, long expireAt) throws IOException {
                local().format.entry(key, value, expireAt);
            }

            @Override
            public void slotDone() throws IOException {
                Local l = local();
                synchronized (lock) {
                    if (l.db != sharedDb) {
                        shared.database(l.db, l.size, l.expires);
                        sharedDb = l.db;
                    }
                    shared.append(l.buf.data, 0, l.buf.count);
                }
                l.buf.count = 0;
                if (l.buf.data.length > (1 << 20)) {
                    l.buf.data = new byte[DRAIN_BYTES * 2]; // do not keep a big slot's buffer around
                }
            }
        });
    }

    /**
     * Starts writing the RDB of {@code keyspace} to {@code out}. Must run on the node's thread, with no other
     * snapshot running.
     *
     * @param owner    runs tasks on the node's thread (completion)
     * @param finisher run on the background thread after the RDB's last byte, may be null
     * @param done     called on the node's thread when finished, failed or aborted
     */
    public static SnapshotWriter start(Keyspace keyspace, Header header, OutputStream out, Executor owner,
                                       Finisher finisher, Consumer<Result> done, String threadName) {
        return start(keyspace, b -> rdb(header, b), out, owner, finisher, done, threadName);
    }

    /** As above with another encoding of the entries (see {@link Format}). */
    public static SnapshotWriter start(Keyspace keyspace, java.util.function.Function<OutputStream, Format> formats,
                                       OutputStream out, Executor owner, Finisher finisher, Consumer<Result> done,
                                       String threadName) {
        SnapshotWriter w;
        try {
            w = new SnapshotWriter(keyspace, formats, out);
        } catch (IOException e) {
            done.accept(new Result(0, 0, 0, 0, 0, e, false)); // the header went to memory: cannot really fail
            return null;
        }
        Thread t = new Thread(() -> w.run(owner, finisher, done), threadName);
        t.setDaemon(true);
        w.thread = t; // before start(): the walker reads it to pick its encoding buffer
        t.start();
        return w;
    }

    private void run(Executor owner, Finisher finisher, Consumer<Result> done) {
        Exception failure = null;
        try {
            snapshot.walk(this::drainQuietly);
            if (snapshot.failure() != null) {
                throw snapshot.failure();
            }
            if (aborted) {
                throw new IOException("aborted");
            }
            synchronized (lock) {
                shared.footer();
            }
            drain(true);
            out.flush();
            if (aborted) {
                throw new IOException("aborted");
            }
            if (finisher != null) {
                finisher.finish();
            }
        } catch (Exception e) {
            failure = e;
        }
        Result r = new Result(shared.written(), snapshot.keysSaved(), snapshot.forcedSaves(), peak,
            snapshot.longestForcedSaveNanos(), failure, aborted);
        owner.execute(() -> {
            snapshot.complete();
            done.accept(r);
        });
    }

    private void drainQuietly() {
        if (aborted) {
            snapshot.fail(new IOException("aborted"));
            return;
        }
        try {
            drain(false);
        } catch (IOException e) {
            snapshot.fail(e);
        }
    }

    private void drain(boolean force) throws IOException {
        byte[] chunk;
        int len;
        synchronized (lock) {
            len = buffer.count;
            if (len < DRAIN_BYTES && !force) {
                return;
            }
            peak = Math.max(peak, len);
            chunk = buffer.take(spare);
            spare = null;
        }
        out.write(chunk, 0, len);
        if (chunk.length <= (1 << 20)) {
            spare = chunk; // double buffering: the next drain reuses it instead of allocating
        }
    }

    /** Stops the write (FLUSHALL, shutdown, node stop); {@code done} still runs, with {@code aborted} set. */
    public void abort() {
        aborted = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(); // the walk stops after its current slot; the finisher never runs after this returns
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Keys serialized so far (INFO current_save_keys_processed). */
    public long keysProcessed() {
        return snapshot.keysSaved();
    }

    /** Keys in the dataset at the start (INFO current_save_keys_total). */
    public long keysTotal() {
        return snapshot.totalKeys();
    }

    /** A growable byte buffer (the shared one is guarded by the writer's lock, the local ones by their thread). */
    private static final class Buffer extends OutputStream {
        byte[] data = new byte[DRAIN_BYTES * 2];
        int count;

        @Override
        public void write(int b) {
            ensure(1);
            data[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, data, count, len);
            count += len;
        }

        private void ensure(int n) {
            if (count + n > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, count + n));
            }
        }

        /** The buffered bytes (the first {@code count} of the returned array); the buffer is then empty. */
        byte[] take(byte[] reuse) {
            byte[] d = data;
            data = reuse != null ? reuse : new byte[Math.max(DRAIN_BYTES * 2, Math.min(d.length, 1 << 20))];
            count = 0;
            return d;
        }
    }
}
