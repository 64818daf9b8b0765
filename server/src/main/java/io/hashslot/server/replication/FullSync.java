package io.hashslot.server.replication;

import io.hashslot.persistence.RdbOutput;
import io.hashslot.persistence.RdbWriter;
import io.hashslot.store.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One full synchronization: a point-in-time snapshot of the keyspace (no fork, writes go on) serialized as an RDB
 * for one or more replicas that share it. Diskless ({@code $EOF:<mark>} framing) streams the RDB to the replicas
 * while it is produced; otherwise the whole payload is collected first and sent as {@code $<len>} followed by the
 * stream that accumulated meanwhile. The snapshot advances in bounded steps on the execution thread.
 */
final class FullSync implements Snapshot.Sink {
    private static final int CHUNK = 64 * 1024;
    private static final long STEP_NANOS = 20_000_000L;

    private final Replication repl;
    private final List<ReplicaSession> targets;
    final boolean diskless;
    private final long startOffset;
    private final String mark;
    private final RdbWriter writer;
    private final List<byte[]> collected = new ArrayList<>();
    private long collectedBytes;
    private RdbOutput out;
    private Snapshot snapshot;
    private boolean finished;
    private boolean cancelled;
    private final long startNanos = System.nanoTime();

    FullSync(Replication repl, List<ReplicaSession> targets, boolean diskless) {
        this.repl = repl;
        this.targets = new ArrayList<>(targets);
        this.diskless = diskless;
        this.startOffset = repl.offset;
        this.mark = diskless ? repl.randomId() : null;
        this.writer = new RdbWriter(repl.server.config().getBool("rdbcompression"),
            repl.server.config().getBool("rdbchecksum"));
    }

    boolean finished() {
        return finished;
    }

    /** A replica asking now can share this (disk) sync if it announced the same capabilities. */
    boolean sameCapabilities(ReplicaInfo info) {
        return !targets.isEmpty() && targets.get(0).info.capaEof == info.capaEof
            && targets.get(0).info.capaPsync2 == info.capaPsync2;
    }

    /** Joins a sync that already started: same offset, and the stream the first target accumulated since. */
    void attach(ReplicaSession s) {
        ReplicaSession first = targets.get(0);
        s.copyHeld(first);
        begin(s);
        targets.add(s);
    }

    private void begin(ReplicaSession s) {
        s.state = ReplicaSession.State.WAIT_BGSAVE_END;
        if (!s.info.preSync) {
            s.write(("+FULLRESYNC " + repl.replid + " " + startOffset + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    void start() {
        // the database the stream is in: a replica proxies its master's stream, which will not repeat SELECT; a
        // master records its last one (as Redis) but starts the stream with SELECT anyway
        int streamDb = repl.isReplica() ? (repl.masterClient != null ? repl.masterClient.dbIndex() : repl.masterDb)
            : Math.max(0, repl.streamDb);
        repl.streamDb = -1;
        for (ReplicaSession s : targets) {
            begin(s);
            if (diskless) {
                s.write(("$EOF:" + mark + "\r\n").getBytes(StandardCharsets.US_ASCII));
                s.state = ReplicaSession.State.SEND_BULK;
            }
        }
        out = new RdbOutput(new ChunkStream(), repl.server.config().getBool("rdbcompression"));
        try {
            writer.writeHeader(out, repl.now() / 1000, repl.server.usedMemory(),
                new RdbWriter.ReplInfo(streamDb, repl.replid, startOffset), false);
        } catch (IOException e) {
            throw new IllegalStateException(e); // writes to memory do not fail
        }
        snapshot = repl.server.keyspace().startSnapshot(this);
        repl.node.execute(this::step);
    }

    @Override
    public void database(int index, long size, long expires) throws IOException {
        writer.writeDbHeader(out, index, size, expires);
    }

    @Override
    public void entry(byte[] key, Object value, long expireAt) throws IOException {
        writer.writeEntry(out, key, value, expireAt);
    }

    private void step() {
        if (cancelled) {
            return;
        }
        if (snapshot.step(STEP_NANOS)) {
            finish();
        } else {
            repl.node.execute(this::step);
        }
    }

    private void finish() {
        try {
            writer.writeFooter(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        finished = true;
        if (repl.job == this) {
            repl.job = null;
        }
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        repl.log.notice("Background RDB transfer terminated with success (" + ms + " ms, " + snapshot.keysSaved()
            + " keys)");
        for (ReplicaSession s : targets) {
            if (!repl.alive(s.client)) {
                continue;
            }
            String name = repl.commandsName(s.client);
            if (diskless) {
                s.write(mark.getBytes(StandardCharsets.US_ASCII));
                s.state = ReplicaSession.State.WAIT_ACK;
                repl.log.notice("Streamed RDB transfer with replica " + name + " succeeded (socket). Waiting for "
                    + "REPLCONF ACK from slave to enable streaming");
            } else {
                s.state = ReplicaSession.State.SEND_BULK;
                s.write(("$" + collectedBytes + "\r\n").getBytes(StandardCharsets.US_ASCII));
                for (byte[] chunk : collected) {
                    s.write(chunk);
                }
                s.online();
                repl.log.notice("Synchronization with replica " + name + " succeeded");
            }
        }
        collected.clear();
        // replicas that arrived meanwhile get the next sync
        repl.commandsStartNext();
    }

    /** Drops targets that disconnected; stops the snapshot if none is left. */
    void checkTargets() {
        targets.removeIf(s -> !repl.alive(s.client));
        if (targets.isEmpty() && !finished) {
            if (diskless) {
                repl.log.warning("Diskless rdb transfer, last replica dropped, killing fork child.");
            }
            cancel();
        }
    }

    void cancel() {
        if (finished || cancelled) {
            return;
        }
        cancelled = true;
        if (snapshot != null) {
            snapshot.abort();
        }
        if (repl.job == this) {
            repl.job = null;
        }
    }

    /** Where the RDB bytes go: in chunks to the replicas (diskless) or collected for the $len form. */
    private final class ChunkStream extends OutputStream {
        private byte[] buf = new byte[CHUNK];
        private int n;

        @Override
        public void write(int b) {
            if (n == buf.length) {
                emit();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (n == buf.length) {
                    emit();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        @Override
        public void flush() {
            if (n > 0) {
                emit();
            }
        }

        private void emit() {
            byte[] chunk = java.util.Arrays.copyOf(buf, n);
            n = 0;
            if (diskless) {
                for (ReplicaSession s : targets) {
                    s.write(chunk);
                }
            } else {
                collected.add(chunk);
                collectedBytes += chunk.length;
            }
        }
    }
}
