package io.hashslot.cluster.bus;

import java.util.Arrays;

/**
 * Cuts one link's byte stream into frames the way Redis's {@code clusterReadHandler} does: read the first 8 bytes,
 * check the signature "RCmb" and {@code totlen >= 2256} (else the link must be closed), then read until {@code totlen}
 * bytes and hand the whole frame on. Keeps partial state across {@link #feed} calls; the buffer grows with the bytes
 * that actually arrive, never to the announced length up front.
 */
public final class FrameDecoder {
    /** Frames longer than this cannot be held in one Java array; the link is closed (Redis has no such limit). */
    public static final long MAX_FRAME = Integer.MAX_VALUE - 16;

    /** What {@link #next} found. */
    public sealed interface Result {
    }

    /** A complete frame of exactly {@code totlen} bytes. */
    public record Frame(byte[] bytes) implements Result {
    }

    /** No complete frame buffered yet. */
    public record NeedMore() implements Result {
    }

    /** The stream is invalid; close the link. {@code logLine} is what Redis logs. */
    public record Close(String logLine) implements Result {
    }

    private static final NeedMore NEED_MORE = new NeedMore();

    private byte[] buf = new byte[1024];
    private int start;
    private int end;
    private boolean closed;
    private long framesDecoded;

    /** Buffers bytes read from the link. */
    public void feed(byte[] bytes, int off, int len) {
        if (closed) {
            return;
        }
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len <= buf.length && start > 0) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                long want = Math.max((long) buf.length * 2, (long) live + len);
                byte[] grown = new byte[(int) Math.min(want, Integer.MAX_VALUE - 8)];
                System.arraycopy(buf, start, grown, 0, live);
                buf = grown;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(bytes, off, buf, end, len);
        end += len;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** The next complete frame, {@link NeedMore}, or {@link Close} (after which the decoder stays closed). */
    public Result next() {
        if (closed) {
            return new Close("link already closed");
        }
        int avail = end - start;
        if (avail < 8) {
            return NEED_MORE;
        }
        long totlen = BusLayout.u32(buf, start + 4);
        if (buf[start] != 'R' || buf[start + 1] != 'C' || buf[start + 2] != 'm' || buf[start + 3] != 'b'
            || totlen < BusLayout.HEADER_LEN) {
            closed = true;
            return new Close("Bad message length or signature received from Cluster bus.");
        }
        if (totlen > MAX_FRAME) {
            closed = true;
            return new Close("Cluster bus message of " + totlen + " bytes is larger than this node can hold.");
        }
        if (avail < totlen) {
            return NEED_MORE;
        }
        byte[] frame = Arrays.copyOfRange(buf, start, start + (int) totlen);
        start += (int) totlen;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > 1 << 16) {
                buf = new byte[1024];
            }
        }
        framesDecoded++;
        return new Frame(frame);
    }

    /** Bytes buffered but not yet returned as frames. */
    public int buffered() {
        return end - start;
    }

    public boolean isClosed() {
        return closed;
    }

    public long framesDecoded() {
        return framesDecoded;
    }
}
