package io.hashslot.server.replication;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a replica puts the RDB of a full sync while it arrives: a temp file in the working directory
 * ({@code repl-diskless-load disabled}, Redis's default, named {@code temp-<unixtime>.<pid>.rdb} as Redis names it)
 * or memory (the other repl-diskless-load modes). With the {@code $EOF:<mark>} framing the last mark-length bytes
 * are held back until more arrive, so the mark never reaches the payload.
 */
final class RdbSink {
    /** The received RDB, to be loaded once. */
    interface Payload {
        InputStream open() throws IOException;

        void discard();

        /** Its length in bytes (INFO loading_total_bytes). */
        long size();
    }

    private final byte[] mark;
    private final Path file;
    private final OutputStream fileOut;
    private byte[] mem;
    private int memLen;
    private byte[] tail = new byte[0];

    private RdbSink(byte[] mark, Path file) throws IOException {
        this.mark = mark;
        this.file = file;
        this.fileOut = file == null ? null : new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024);
        this.mem = file == null ? new byte[256 * 1024] : null;
    }

    /** A sink writing to {@code file}, or to memory when {@code file} is null; {@code mark} null for $len. */
    static RdbSink open(byte[] mark, Path file) throws IOException {
        return new RdbSink(mark, file);
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (mark == null) {
            emit(b, off, len);
            return;
        }
        byte[] all = new byte[tail.length + len];
        System.arraycopy(tail, 0, all, 0, tail.length);
        System.arraycopy(b, off, all, tail.length, len);
        int keep = Math.min(mark.length, all.length);
        emit(all, 0, all.length - keep);
        tail = Arrays.copyOfRange(all, all.length - keep, all.length);
    }

    /** EOF framing: whether the bytes so far end with the mark. */
    boolean complete() {
        return Arrays.equals(tail, mark);
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
            return;
        }
        if (memLen + len > mem.length) {
            long size = Math.max((long) mem.length * 2, (long) memLen + len);
            if (size > Integer.MAX_VALUE - 64) {
                throw new IOException("RDB payload too large to hold in memory");
            }
            mem = Arrays.copyOf(mem, (int) size);
        }
        System.arraycopy(b, off, mem, memLen, len);
        memLen += len;
    }

    /** Ends the transfer: the payload to load. */
    Payload finish() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            return new Payload() {
                @Override
                public InputStream open() throws IOException {
                    return new BufferedInputStream(Files.newInputStream(file), 256 * 1024);
                }

                @Override
                public void discard() {
                    deleteQuietly();
                }

                @Override
                public long size() {
                    try {
                        return Files.size(file);
                    } catch (IOException e) {
                        return 0;
                    }
                }
            };
        }
        byte[] data = mem;
        int n = memLen;
        mem = null;
        return new Payload() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(data, 0, n);
            }

            @Override
            public void discard() {
            }

            @Override
            public long size() {
                return n;
            }
        };
    }

    /** A failed transfer: the temp file goes. */
    void abandon() {
        if (fileOut != null) {
            try {
                fileOut.close();
            } catch (IOException e) {
                // removing it anyway
            }
            deleteQuietly();
        }
    }

    private void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing else to do
        }
    }
}
