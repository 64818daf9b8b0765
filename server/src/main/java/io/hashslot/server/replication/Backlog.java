package io.hashslot.server.replication;

/**
 * The replication backlog: a circular buffer holding the most recent bytes of the replication stream, so that a
 * replica that lost its link can continue from the offset it had (PSYNC) instead of loading everything again.
 * Offsets are stream offsets: the byte at offset {@code o} is the o-th byte ever fed (the first byte is 1).
 */
final class Backlog {
    private byte[] buf;
    /** Where the next byte goes. */
    private int idx;
    /** Bytes held (at most buf.length). */
    private int histlen;
    /** Stream offset of the first byte held. */
    private long firstByteOffset;

    Backlog(int size, long masterReplOffset) {
        this.buf = new byte[size];
        this.firstByteOffset = masterReplOffset + 1;
    }

    int size() {
        return buf.length;
    }

    long firstByteOffset() {
        return firstByteOffset;
    }

    long histlen() {
        return histlen;
    }

    void append(byte[] b, int off, int len) {
        int n = buf.length;
        if (len >= n) {
            // only the tail fits
            int skip = len - n;
            System.arraycopy(b, off + skip, buf, 0, n);
            firstByteOffset += histlen + skip;
            idx = 0;
            histlen = n;
            return;
        }
        int first = Math.min(len, n - idx);
        System.arraycopy(b, off, buf, idx, first);
        System.arraycopy(b, off + first, buf, 0, len - first);
        idx = (idx + len) % n;
        long total = (long) histlen + len;
        if (total > n) {
            firstByteOffset += total - n;
            histlen = n;
        } else {
            histlen = (int) total;
        }
    }

    /** Whether a replica asking for the byte at {@code offset} can be served from here. */
    boolean covers(long offset) {
        return offset >= firstByteOffset && offset <= firstByteOffset + histlen;
    }

    /** The bytes from stream offset {@code offset} to the end (requires {@link #covers}). */
    byte[] from(long offset) {
        int skip = (int) (offset - firstByteOffset);
        int len = histlen - skip;
        byte[] out = new byte[len];
        int n = buf.length;
        int start = (int) (((long) idx - histlen + skip + 2L * n) % n);
        int first = Math.min(len, n - start);
        System.arraycopy(buf, start, out, 0, first);
        System.arraycopy(buf, 0, out, first, len - first);
        return out;
    }

    /** repl-backlog-size changed: keeps the newest bytes that fit. */
    void resize(int size, long masterReplOffset) {
        if (size == buf.length) {
            return;
        }
        byte[] held = from(firstByteOffset);
        buf = new byte[size];
        idx = 0;
        histlen = 0;
        firstByteOffset = masterReplOffset - held.length + 1;
        append(held, 0, held.length);
    }
}
