package io.hashslot.protocol;

import io.hashslot.common.Numbers;
import java.nio.charset.StandardCharsets;

/** Encodes replies as RESP2 or RESP3 bytes into a {@link ReplyBuffer}. */
public final class RespEncoder implements Reply {
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ReplyBuffer out;
    private int protocol = 2;

    public RespEncoder(ReplyBuffer out) {
        this.out = out;
    }

    public ReplyBuffer buffer() {
        return out;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    public void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    @Override
    public void ok() {
        out.put(OK, 0, OK.length);
    }

    @Override
    public void simple(String s) {
        out.put((byte) '+');
        putSafeLine(s);
        out.crlf();
    }

    @Override
    public void error(String message) {
        out.put((byte) '-');
        putSafeLine(message);
        out.crlf();
    }

    /** Writes a status or error text, replacing CR and LF by spaces as Redis does. */
    private void putSafeLine(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                b[i] = ' ';
            }
        }
        out.put(b, 0, b.length);
    }

    @Override
    public void integer(long v) {
        out.put((byte) ':');
        out.putLong(v);
        out.crlf();
    }

    /** A bulk string from an array that never changes (stored values): large ones are sent without copying. */
    @Override
    public void bulk(byte[] b) {
        int len = b.length;
        if (len < 1000) {
            out.smallBulk(b, 0, len);
            return;
        }
        out.put((byte) '$');
        out.putLong(len);
        out.crlf();
        out.putShared(b, 0, len);
        out.crlf();
    }

    @Override
    public void bulk(byte[] b, int off, int len) {
        if (len < 1000) {
            out.smallBulk(b, off, len);
            return;
        }
        out.put((byte) '$');
        out.putLong(len);
        out.crlf();
        out.put(b, off, len);
        out.crlf();
    }

    @Override
    public void bulk(String s) {
        bulk(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void nullBulk() {
        if (protocol == 2) {
            out.put(NULL_BULK, 0, NULL_BULK.length);
        } else {
            out.put(NULL3, 0, NULL3.length);
        }
    }

    @Override
    public void nullArray() {
        if (protocol == 2) {
            out.put(NULL_ARRAY, 0, NULL_ARRAY.length);
        } else {
            out.put(NULL3, 0, NULL3.length);
        }
    }

    private void header(char type, long n) {
        out.put((byte) type);
        out.putLong(n);
        out.crlf();
    }

    @Override
    public void array(int n) {
        header('*', n);
    }

    @Override
    public void map(int n) {
        if (protocol == 2) {
            header('*', 2L * n);
        } else {
            header('%', n);
        }
    }

    @Override
    public void set(int n) {
        header(protocol == 2 ? '*' : '~', n);
    }

    @Override
    public void push(int n) {
        header(protocol == 2 ? '*' : '>', n);
    }

    @Override
    public void attribute(int n) {
        header('|', n);
    }

    @Override
    public void doubleValue(double d) {
        if (protocol == 2) {
            bulk(Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Numbers.formatG17(d));
        } else {
            out.put((byte) ',');
            out.putAscii(Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Numbers.formatG17(d));
            out.crlf();
        }
    }

    @Override
    public void doubleText(String text) {
        if (protocol == 2) {
            bulk(text);
        } else {
            out.put((byte) ',');
            out.putAscii(text);
            out.crlf();
        }
    }

    @Override
    public void bool(boolean b) {
        if (protocol == 2) {
            integer(b ? 1 : 0);
        } else {
            out.putAscii(b ? "#t\r\n" : "#f\r\n");
        }
    }

    @Override
    public void verbatim(String text, String format) {
        if (protocol == 2) {
            bulk(text);
            return;
        }
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        out.put((byte) '=');
        out.putLong(b.length + 4);
        out.crlf();
        out.putAscii(format);
        out.put((byte) ':');
        out.put(b, 0, b.length);
        out.crlf();
    }

    @Override
    public void bigNumber(String digits) {
        if (protocol == 2) {
            bulk(digits);
        } else {
            out.put((byte) '(');
            out.putAscii(digits);
            out.crlf();
        }
    }

    private record Deferred(int at, char type, boolean pairs) {
    }

    private Object defer(char type, boolean pairs) {
        out.deferredOpen++;
        return new Deferred(out.mark(), type, pairs);
    }

    @Override
    public Object deferArray() {
        return defer('*', false);
    }

    @Override
    public Object deferMap() {
        return protocol == 2 ? defer('*', true) : defer('%', false);
    }

    @Override
    public Object deferSet() {
        return defer(protocol == 2 ? '*' : '~', false);
    }

    @Override
    public void fixDeferred(Object handle, int n) {
        Deferred d = (Deferred) handle;
        long count = d.pairs ? 2L * n : n;
        byte[] header = (d.type + Long.toString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        out.insert(d.at, header);
        out.deferredOpen--;
    }

    /** Appends raw, already encoded protocol bytes. */
    public void raw(byte[] b) {
        out.put(b, 0, b.length);
    }
}
