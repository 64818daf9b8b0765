package io.hashslot.protocol;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads replies (RESP2 and RESP3) from a blocking stream, for clients: parsed, or raw bytes of one reply. */
public final class RespReader {
    private final InputStream in;
    private ByteArrayOutputStream raw;
    private boolean strictTypes;

    public RespReader(InputStream in) {
        this.in = in;
    }

    /**
     * When on, reply types that a hiredis 1.0 client does not know ('|' attributes, '!' blob errors, which Redis 7.0
     * only sends for DEBUG PROTOCOL, and any other unknown byte) are refused like hiredis refuses them: an
     * IOException whose message is {@code Protocol error, got "|" as reply type byte}. Off by default (attributes
     * are skipped).
     */
    public RespReader strictTypes(boolean on) {
        this.strictTypes = on;
        return this;
    }

    /** Reads one reply and returns its exact bytes. */
    public byte[] readRaw() throws IOException {
        raw = new ByteArrayOutputStream();
        try {
            read();
            return raw.toByteArray();
        } finally {
            raw = null;
        }
    }

    private int next() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        if (raw != null) {
            raw.write(b);
        }
        return b;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = next();
            if (b == '\r') {
                int n = next();
                if (n != '\n') {
                    throw new IOException("protocol error: expected LF after CR");
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    private byte[] exactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("connection closed");
        }
        if (raw != null) {
            raw.write(b);
        }
        return b;
    }

    public RespValue read() throws IOException {
        int type = next();
        if (strictTypes && "-+:,_$*%~#=>(".indexOf(type) < 0) {
            String shown = type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("\\x%02x", type);
            throw new IOException("Protocol error, got \"" + shown + "\" as reply type byte");
        }
        String line = line();
        switch (type) {
            case '+':
                return new RespValue.Simple(line);
            case '-':
                return new RespValue.Error(line);
            case ':':
                return new RespValue.Int(Long.parseLong(line));
            case '$':
            case '=':
            case '!': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return new RespValue.Null();
                }
                byte[] b = exactly(n);
                exactly(2);
                if (type == '=') {
                    String fmt = new String(b, 0, Math.min(3, b.length), StandardCharsets.ISO_8859_1);
                    byte[] body = java.util.Arrays.copyOfRange(b, Math.min(4, b.length), b.length);
                    return new RespValue.Bulk(body, fmt);
                }
                if (type == '!') {
                    return new RespValue.Error(new String(b, StandardCharsets.UTF_8));
                }
                return new RespValue.Bulk(b, null);
            }
            case '*':
            case '~':
            case '>': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return new RespValue.Null();
                }
                List<RespValue> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return new RespValue.Array((char) type, items);
            }
            case '%':
            case '|': {
                int n = Integer.parseInt(line);
                List<RespValue> items = new ArrayList<>(2 * n);
                for (int i = 0; i < 2 * n; i++) {
                    items.add(read());
                }
                if (type == '|') {
                    // an attribute precedes the actual reply; keep the reply
                    return read();
                }
                return new RespValue.MapValue((char) type, items);
            }
            case '_':
                return new RespValue.Null();
            case ',':
                return new RespValue.Double(line);
            case '#':
                return new RespValue.Bool(line.equals("t"));
            case '(':
                return new RespValue.BigNumber(line);
            default:
                throw new IOException("protocol error: unknown reply type '" + (char) type + "'");
        }
    }

    /** Encodes a command as a RESP multibulk request. */
    public static byte[] command(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = ("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(header);
        for (byte[] a : args) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }
}
