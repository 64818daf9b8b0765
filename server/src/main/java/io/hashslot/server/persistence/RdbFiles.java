package io.hashslot.server.persistence;

import io.hashslot.persistence.RdbWriter;
import io.hashslot.store.Keyspace;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * File steps of an RDB save, as Redis does them: write into {@code temp-<pid>.rdb} in the target's directory,
 * fsync it, rename it over the target, fsync the directory. A crash at any point leaves the previous file intact.
 */
public final class RdbFiles {
    private RdbFiles() {
    }

    /** The temporary file a save of {@code target} writes first. */
    public static Path tempFor(Path target) {
        return target.resolveSibling("temp-" + ProcessHandle.current().pid() + ".rdb");
    }

    /** An open temporary file: write to {@link #stream}, then {@link #commit} (fsync + rename + dir fsync). */
    public static final class TempFile {
        private final Path temp;
        private final Path target;
        private final FileChannel channel;
        private final OutputStream stream;

        TempFile(Path temp, Path target) throws IOException {
            this.temp = temp;
            this.target = target;
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
            this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        public OutputStream stream() {
            return stream;
        }

        public Path path() {
            return temp;
        }

        /** Flushes, fsyncs and closes the file, renames it to the target and fsyncs the directory. */
        public void commit() throws IOException {
            stream.flush();
            channel.force(true);
            channel.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDir(target.toAbsolutePath().getParent());
        }

        /** Closes and deletes the temporary file (after a failure). */
        public void discard() {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    public static TempFile open(Path temp, Path target) throws IOException {
        return new TempFile(temp, target);
    }

    /** fsync of a directory (makes a rename durable); ignored where the platform cannot open directories. */
    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // not supported here
        }
    }

    /** A synchronous save (SAVE, SHUTDOWN, FLUSHALL, DEBUG RELOAD): the node's thread owns the keyspace. */
    public static void saveSync(Keyspace keyspace, Path target, SnapshotWriter.Header h) throws IOException {
        TempFile f = open(tempFor(target), target);
        try {
            new RdbWriter(h.compression(), h.checksum()).writeAll(f.stream(), keyspace, h.ctimeSeconds(),
                h.usedMem(), h.repl(), h.aofBase());
            f.commit();
        } catch (IOException | RuntimeException e) {
            f.discard();
            throw e;
        }
    }
}
