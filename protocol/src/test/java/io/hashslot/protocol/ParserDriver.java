package io.hashslot.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds a byte stream to a {@link RequestParser} in chunks, the way the server's channel handler does (bytes a
 * call leaves unconsumed are offered again in front of the next chunk), and collects the requests.
 */
final class ParserDriver {
    private final RequestParser parser;
    private final boolean authRequired;
    private byte[] leftover = new byte[0];
    final List<List<String>> requests = new ArrayList<>();

    ParserDriver(ParserLimits limits, boolean authRequired) {
        this.parser = new RequestParser(limits);
        this.authRequired = authRequired;
    }

    ParserDriver() {
        this(ParserLimits.DEFAULT, false);
    }

    /** Offers one chunk; returns this. Empty requests (blank inline lines, *0, *-1) are not collected. */
    ParserDriver feed(byte[] chunk) throws ProtocolException {
        byte[] data = leftover.length == 0 ? chunk : concat(leftover, chunk);
        ByteBuffer in = ByteBuffer.wrap(data);
        byte[][] argv;
        while ((argv = parser.next(in, authRequired)) != null) {
            if (argv.length > 0) {
                requests.add(strings(argv));
            }
            if (!in.hasRemaining()) {
                break;
            }
        }
        leftover = Arrays.copyOfRange(data, in.position(), data.length);
        return this;
    }

    ParserDriver feed(String latin1) throws ProtocolException {
        return feed(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds {@code stream} cut at the given ascending offsets. */
    ParserDriver feed(byte[] stream, int[] cuts) throws ProtocolException {
        int prev = 0;
        for (int cut : cuts) {
            feed(Arrays.copyOfRange(stream, prev, cut));
            prev = cut;
        }
        return feed(Arrays.copyOfRange(stream, prev, stream.length));
    }

    boolean partial() {
        return parser.hasPartialRequest();
    }

    /** Arguments as Latin-1 strings (one char per byte), so byte-exact comparisons read well in failures. */
    static List<String> strings(byte[][] argv) {
        List<String> l = new ArrayList<>(argv.length);
        for (byte[] a : argv) {
            l.add(new String(a, StandardCharsets.ISO_8859_1));
        }
        return l;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A multibulk request for {@code args}. */
    static byte[] multibulk(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(latin1("*" + args.size() + "\r\n"));
        for (byte[] a : args) {
            out.writeBytes(latin1("$" + a.length + "\r\n"));
            out.writeBytes(a);
            out.writeBytes(latin1("\r\n"));
        }
        return out.toByteArray();
    }

    /** An inline request for {@code args}: every argument double-quoted, every byte as a \xHH escape. */
    static byte[] inlineQuoted(List<byte[]> args, boolean crlf) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : args) {
            sb.append(sb.length() == 0 ? "" : " ").append('"');
            for (byte b : a) {
                sb.append(String.format("\\x%02x", b & 0xff));
            }
            sb.append('"');
        }
        sb.append(crlf ? "\r\n" : "\n");
        return latin1(sb.toString());
    }

    static ParserLimits limits(long maxBulk, long maxQuery) {
        return new ParserLimits() {
            @Override
            public long maxBulkLength() {
                return maxBulk;
            }

            @Override
            public long maxQueryBuffer() {
                return maxQuery;
            }
        };
    }
}
