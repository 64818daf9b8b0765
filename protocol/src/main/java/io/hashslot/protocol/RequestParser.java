package io.hashslot.protocol;

import io.hashslot.common.ArgSplitter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental parser of client requests, multibulk ({@code *N\r\n$len\r\n...}) and inline, with Redis's limits
 * and error replies. Feed it whatever bytes arrived; {@link #next} returns one complete argv at a time and keeps
 * partial state across calls, so a request may be split at any byte. Bulk arguments are read straight into
 * their final array.
 */
public final class RequestParser {
    /** PROTO_INLINE_MAX_SIZE: the longest line (inline request or header) without a terminator. */
    static final int MAX_LINE = 64 * 1024;
    /**
     * PROTO_IOBUF_LEN: Redis reads a pending line in chunks of this size and checks {@link #MAX_LINE} after each
     * read, so an unterminated line of MAX_LINE + READ_CHUNK bytes is always refused, while a longer-than-MAX_LINE
     * line whose terminator arrives in the same read as the bytes past the limit is accepted.
     */
    static final int READ_CHUNK = 16 * 1024;
    /** Bulks up to this size get their final array at once; larger ones grow as data arrives. */
    private static final int EAGER_BULK_LIMIT = 1 << 20;
    private static final byte[][] EMPTY = new byte[0][];

    private final ParserLimits limits;

    /** Bytes of the current header or inline line not yet terminated. */
    private byte[] line = new byte[64];
    private int lineLen;

    private boolean inMultibulk;
    private byte[][] argv;
    private int argc;
    private long bulkLen = -1;
    private byte[] bulk;
    private int bulkFill;
    private int skipAfterBulk;
    private List<byte[]> bigChunks;
    private long pendingBytes;

    public RequestParser(ParserLimits limits) {
        this.limits = limits;
    }

    /** Whether a request has been started but not completed. */
    public boolean hasPartialRequest() {
        return inMultibulk || lineLen > 0;
    }

    /**
     * Parses the next request from {@code in}, consuming the bytes it uses. Returns the arguments, an empty array
     * for an empty request (to be ignored), or null when more input is needed.
     */
    public byte[][] next(ByteBuffer in, boolean authRequired) throws ProtocolException {
        while (true) {
            if (inMultibulk) {
                return continueMultibulk(in, authRequired);
            }
            if (lineLen == 0) {
                if (!in.hasRemaining()) {
                    return null;
                }
                if (in.get(in.position()) == '*') {
                    long n = fastHeader(in);
                    if (n != SLOW) {
                        return startMultibulk(n, in, authRequired);
                    }
                    if (!readLine(in, (byte) '\r', "Protocol error: too big mbulk count string",
                        "too big mbulk count string")) {
                        return null;
                    }
                    return startMultibulk(in, authRequired);
                }
                return inline(in);
            }
            if (line[0] == '*') {
                if (!readLine(in, (byte) '\r', "Protocol error: too big mbulk count string",
                    "too big mbulk count string")) {
                    return null;
                }
                return startMultibulk(in, authRequired);
            }
            return inline(in);
        }
    }

    private byte[][] inline(ByteBuffer in) throws ProtocolException {
        if (!readLine(in, (byte) '\n', "Protocol error: too big inline request", "too big inline request")) {
            return null;
        }
        int len = lineLen;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        lineLen = 0;
        List<byte[]> args = ArgSplitter.split(line, 0, len);
        if (args == null) {
            throw new ProtocolException("ERR Protocol error: unbalanced quotes in request",
                "unbalanced quotes in inline request");
        }
        return args.toArray(EMPTY);
    }

    /**
     * Accumulates bytes into {@link #line} up to and including the terminator. For '\r' the byte after it (the
     * '\n') must also be present and is consumed without being checked, as Redis does. A NUL byte stops the
     * search as C's strchr does. Returns false when more input is needed.
     */
    private boolean readLine(ByteBuffer in, byte terminator, String tooBig, String tooBigReason)
        throws ProtocolException {
        if (lineLen == 0) {
            blocked = false;
        }
        if (terminator == '\r' && lineLen > 0 && line[lineLen - 1] == '\r' && !blocked) {
            // terminator already seen in an earlier chunk; the next byte completes the line
            if (!in.hasRemaining()) {
                return false;
            }
            in.get();
            lineLen--;
            return true;
        }
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == 0) {
                blocked = true;
            }
            boolean ends = b == terminator && !blocked;
            if (!ends && lineLen + 1 >= MAX_LINE + READ_CHUNK) {
                throw new ProtocolException("ERR " + tooBig, tooBigReason);
            }
            if (lineLen == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE + READ_CHUNK + 2));
            }
            line[lineLen++] = b;
            if (ends) {
                if (terminator == '\n') {
                    lineLen--;
                    return true;
                }
                if (!in.hasRemaining()) {
                    return false;
                }
                in.get();
                lineLen--;
                return true;
            }
        }
        if (lineLen > MAX_LINE) {
            // what Redis checks after each read: more than MAX_LINE bytes pending and no terminator among them
            throw new ProtocolException("ERR " + tooBig, tooBigReason);
        }
        return false;
    }

    /** Set once a NUL byte is seen in a header or inline line: Redis's strchr never finds the terminator then. */
    private boolean blocked;

    /** Marks "parse this header the slow way" (incomplete, unusual or invalid). */
    private static final long SLOW = Long.MIN_VALUE + 1;

    /**
     * Fast path for a header line ({@code *N\r\n} or {@code $N\r\n}) that is entirely in {@code in} and is a
     * canonical integer: consumes it and returns N. Anything else (split line, odd bytes, errors) returns
     * {@link #SLOW} without consuming, and the byte-by-byte path produces Redis's exact behaviour.
     */
    private static long fastHeader(ByteBuffer in) {
        int p = in.position() + 1;
        int limit = in.limit();
        if (limit - p < 3) {
            return SLOW;
        }
        boolean negative = false;
        if (in.get(p) == '-') {
            negative = true;
            p++;
        }
        int first = p < limit ? in.get(p) : -1;
        long v;
        if (first == '0') {
            v = 0;
            p++;
            if (negative) {
                return SLOW;
            }
        } else if (first >= '1' && first <= '9') {
            v = first - '0';
            p++;
            int digits = 1;
            while (p < limit) {
                byte b = in.get(p);
                if (b < '0' || b > '9') {
                    break;
                }
                if (++digits > 18) {
                    return SLOW;
                }
                v = v * 10 + (b - '0');
                p++;
            }
        } else {
            return SLOW;
        }
        if (p + 1 >= limit || in.get(p) != '\r') {
            return SLOW;
        }
        in.position(p + 2);
        return negative ? -v : v;
    }

    private byte[][] startMultibulk(ByteBuffer in, boolean authRequired) throws ProtocolException {
        long n = parseLong(line, 1, lineLen);
        lineLen = 0;
        return startMultibulk(n, in, authRequired);
    }

    private byte[][] startMultibulk(long n, ByteBuffer in, boolean authRequired) throws ProtocolException {
        if (n == Long.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new ProtocolException("ERR Protocol error: invalid multibulk length", "invalid mbulk count");
        }
        if (n > 10 && authRequired) {
            throw new ProtocolException("ERR Protocol error: unauthenticated multibulk length",
                "unauth mbulk count");
        }
        if (n <= 0) {
            return EMPTY;
        }
        inMultibulk = true;
        argv = new byte[(int) Math.min(n, 1024)][];
        argc = 0;
        expected = (int) n;
        bulkLen = -1;
        pendingBytes = 0;
        return continueMultibulk(in, authRequired);
    }

    private int expected;

    private byte[][] continueMultibulk(ByteBuffer in, boolean authRequired) throws ProtocolException {
        while (argc < expected) {
            if (skipAfterBulk > 0) {
                while (skipAfterBulk > 0 && in.hasRemaining()) {
                    in.get();
                    skipAfterBulk--;
                }
                if (skipAfterBulk > 0) {
                    return null;
                }
                finishBulk();
                continue;
            }
            if (bulkLen < 0) {
                if (!in.hasRemaining() && lineLen == 0) {
                    return null;
                }
                long len = lineLen == 0 && in.get(in.position()) == '$' ? fastHeader(in) : SLOW;
                if (len == SLOW) {
                    if (!readLine(in, (byte) '\r', "Protocol error: too big bulk count string",
                        "too big bulk count string")) {
                        return null;
                    }
                    if (line[0] != '$') {
                        char got = (char) (line[0] & 0xff);
                        lineLen = 0;
                        throw new ProtocolException("ERR Protocol error: expected '$', got '" + got + "'",
                            "expected $ but got something else");
                    }
                    len = parseLong(line, 1, lineLen);
                    lineLen = 0;
                }
                if (len == Long.MIN_VALUE || len < 0 || len > limits.maxBulkLength()) {
                    throw new ProtocolException("ERR Protocol error: invalid bulk length", "invalid bulk length");
                }
                if (len > 16384 && authRequired) {
                    throw new ProtocolException("ERR Protocol error: unauthenticated bulk length",
                        "unauth bulk length");
                }
                bulkLen = len;
                bulkFill = 0;
                if (len <= EAGER_BULK_LIMIT) {
                    bulk = new byte[(int) len];
                } else {
                    bigChunks = new ArrayList<>();
                    bulk = new byte[EAGER_BULK_LIMIT];
                }
            }
            // copy bulk payload
            while (bulkFill < bulkLen && in.hasRemaining()) {
                if (bigChunks != null && bulkFill - chunkBase() == bulk.length) {
                    bigChunks.add(bulk);
                    bulk = new byte[(int) Math.min(EAGER_BULK_LIMIT, bulkLen - bulkFill)];
                }
                int base = bigChunks == null ? 0 : chunkBase();
                int room = bulk.length - (bulkFill - base);
                int take = Math.min(room, in.remaining());
                in.get(bulk, bulkFill - base, take);
                bulkFill += take;
                pendingBytes += take;
                if (pendingBytes > limits.maxQueryBuffer()) {
                    throw new ProtocolException(null, "query buffer limit");
                }
            }
            if (bulkFill < bulkLen) {
                return null;
            }
            if (in.remaining() >= 2) {
                in.position(in.position() + 2);
                finishBulk();
                continue;
            }
            skipAfterBulk = 2;
        }
        inMultibulk = false;
        byte[][] result = argc == argv.length ? argv : java.util.Arrays.copyOf(argv, argc);
        argv = null;
        return result;
    }

    private int chunkBase() {
        int base = 0;
        for (byte[] c : bigChunks) {
            base += c.length;
        }
        return base;
    }

    private void finishBulk() {
        byte[] value;
        if (bigChunks != null) {
            value = new byte[(int) bulkLen];
            int pos = 0;
            for (byte[] c : bigChunks) {
                System.arraycopy(c, 0, value, pos, c.length);
                pos += c.length;
            }
            System.arraycopy(bulk, 0, value, pos, (int) bulkLen - pos);
            bigChunks = null;
        } else {
            value = bulk;
        }
        bulk = null;
        if (argc == argv.length) {
            argv = java.util.Arrays.copyOf(argv, (int) Math.min((long) argv.length * 2, expected));
        }
        argv[argc++] = value;
        bulkLen = -1;
    }

    /** Redis's string2ll over a header line; Long.MIN_VALUE when invalid. */
    private static long parseLong(byte[] b, int from, int to) {
        try {
            return io.hashslot.common.Numbers.parseLong(b, from, to - from);
        } catch (io.hashslot.common.NotANumberException e) {
            return Long.MIN_VALUE;
        }
    }
}
