package io.hashslot.server.cluster;

import io.hashslot.cluster.conf.NodesConf;
import io.hashslot.cluster.conf.NodesConfException;
import io.hashslot.cluster.conf.NodesConfFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The node's cluster-config-file on disk: loaded at start, rewritten atomically (a temporary file in the same
 * directory, renamed over the old one) on every change, with an fsync of the file and of the directory only when
 * the change asks for one (epochs, votes, failover; as Redis, whose slot changes such as SETSLOT save without
 * fsync), and locked for the node's life so that a second process pointed at the same file refuses to start. The
 * lock is taken on a sibling {@code <file>.lock} because the rename replaces the config file's inode on every save.
 */
final class NodesConfStore implements AutoCloseable {
    private final Path file;
    private final Path lockFile;
    private FileChannel lockChannel;
    private FileLock lock;

    NodesConfStore(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    Path path() {
        return file;
    }

    /**
     * Takes the lock; returns false when another process (or another node of this JVM) holds it, as Redis's
     * clusterLockConfig refuses a file locked by a different node.
     */
    boolean lock() throws IOException {
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            return false;
        }
        return true;
    }

    /** The parsed file, or null when it does not exist or is empty (Redis: "no configuration"). */
    NodesConfFile load() throws IOException, NodesConfException {
        if (!Files.exists(file)) {
            return null;
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            return null;
        }
        return NodesConf.parse(text);
    }

    /** Replaces the file's content atomically; with {@code fsync} it is also on disk when this returns. */
    void save(String content, boolean fsync) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("temp-" + file.getFileName() + "-" + ProcessHandle.current().pid() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.ISO_8859_1));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (fsync) {
                ch.force(true);
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (fsync) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some file systems cannot open directories for sync; the file itself was synced
            }
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the process is releasing the file anyway
        }
        lock = null;
        lockChannel = null;
    }
}
