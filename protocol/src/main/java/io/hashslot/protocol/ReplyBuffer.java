package io.hashslot.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pending output of one connection: a growable byte array, plus large arrays referenced without copying.
 * The transport drains it with {@link #drain} after a batch of commands.
 */
public final class ReplyBuffer {
    /** Bulk payloads at least this big are referenced rather than copied into the buffer. */
    static final int LARGE = 64 * 1024;

    byte[] buf;
    int pos;
    private List<Segment> segments;
    private long segmentBytes;

    /**
     * A chunk handed to the transport; {@code owned} means the transport may keep the array (it will not change);
     * otherwise the bytes must be copied before drain returns.
     */
    public interface Sink {
        void chunk(byte[] array, int off, int len, boolean owned);
    }

    private record Segment(byte[] array, int off, int len, boolean owned) {
    }

    public ReplyBuffer(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    public boolean isEmpty() {
        return pos == 0 && segments == null;
    }

    /** Bytes waiting to be written. */
    public long size() {
        return pos + segmentBytes;
    }

    void ensure(int more) {
        if (pos + more > buf.length) {
            int cap = Math.max(buf.length * 2, pos + more);
            buf = Arrays.copyOf(buf, cap);
        }
    }

    void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /**
     * Appends an array that will never change (a stored string value): large ones are referenced instead of
     * copied.
     */
    void putShared(byte[] b, int off, int len) {
        if (len >= LARGE && deferredOpen == 0) {
            cut();
            segments.add(new Segment(b, off, len, true));
            segmentBytes += len;
            return;
        }
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    /** A whole bulk reply for a value shorter than 1000 bytes, with one capacity check. */
    void smallBulk(byte[] b, int off, int len) {
        ensure(len + 9);
        byte[] a = buf;
        int p = pos;
        a[p++] = '$';
        if (len < 10) {
            a[p++] = (byte) ('0' + len);
        } else if (len < 100) {
            a[p++] = (byte) ('0' + len / 10);
            a[p++] = (byte) ('0' + len % 10);
        } else {
            a[p++] = (byte) ('0' + len / 100);
            a[p++] = (byte) ('0' + len / 10 % 10);
            a[p++] = (byte) ('0' + len % 10);
        }
        a[p++] = '\r';
        a[p++] = '\n';
        System.arraycopy(b, off, a, p, len);
        p += len;
        a[p++] = '\r';
        a[p++] = '\n';
        pos = p;
    }

    void crlf() {
        ensure(2);
        buf[pos++] = '\r';
        buf[pos++] = '\n';
    }

    void putLong(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                putAscii("-9223372036854775808");
                return;
            }
            buf[pos++] = '-';
            v = -v;
        }
        int digits = digits(v);
        int end = pos + digits;
        int p = end;
        do {
            buf[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        pos = end;
    }

    static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** Moves the bytes written so far into a segment so that a referenced array can follow them. */
    private void cut() {
        if (segments == null) {
            segments = new ArrayList<>();
        }
        if (pos > 0) {
            segments.add(new Segment(buf, 0, pos, true));
            segmentBytes += pos;
            buf = new byte[Math.max(256, Math.min(buf.length, 16 * 1024))];
            pos = 0;
        }
    }

    /** Inserts {@code header} at {@code at}, shifting later bytes (deferred lengths). */
    void insert(int at, byte[] header) {
        ensure(header.length);
        System.arraycopy(buf, at, buf, at + header.length, pos - at);
        System.arraycopy(header, 0, buf, at, header.length);
        pos += header.length;
    }

    int mark() {
        return pos;
    }

    /** Deferred lengths not yet fixed; while any is open, large payloads are copied so marks stay valid. */
    int deferredOpen;

    /** Hands everything to {@code sink} in order and empties the buffer. */
    public void drain(Sink sink) {
        if (segments != null) {
            for (Segment s : segments) {
                sink.chunk(s.array, s.off, s.len, s.owned);
            }
            segments = null;
            segmentBytes = 0;
        }
        if (pos > 0) {
            sink.chunk(buf, 0, pos, false);
            pos = 0;
        }
    }

    /** Drops pending output (CLIENT REPLY OFF bookkeeping, killed clients). */
    public void clear() {
        segments = null;
        segmentBytes = 0;
        pos = 0;
    }

    /** Shrinks an oversized idle buffer back. */
    public void trim(int keep) {
        if (pos == 0 && buf.length > keep * 4) {
            buf = new byte[keep];
        }
    }
}
