package io.hashslot.persistence;

import io.hashslot.common.Crc64;
import io.hashslot.common.Lzf;
import io.hashslot.common.Numbers;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Low-level RDB reader: lengths, strings in every encoding, doubles, with a running CRC64 of what was read. */
public final class RdbInput {
    /** Strings longer than this are refused (protects against absurd declared lengths). */
    private static final long MAX_STRING = 512L * 1024 * 1024 * 4;

    private final InputStream in;
    private long crc;
    private long read;

    public RdbInput(InputStream in) {
        this.in = in;
    }

    public long crc() {
        return crc;
    }

    public long bytesRead() {
        return read;
    }

    public int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("Unexpected EOF reading RDB file");
        }
        crc = Crc64.update(crc, b);
        read++;
        return b;
    }

    public byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("Unexpected EOF reading RDB file");
        }
        crc = Crc64.update(crc, b, 0, n);
        read += n;
        return b;
    }

    /** Bytes read without adding them to the CRC (the trailer). */
    public byte[] readBytesNoCrc(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("Unexpected EOF reading RDB file");
        }
        read += n;
        return b;
    }

    /** A length, or -(encoding type + 1) when the first byte is a special string encoding. */
    private long lengthOrEncoding() throws IOException {
        int first = readByte();
        int type = first >>> 6;
        if (type == 0) {
            return first & 0x3F;
        } else if (type == 1) {
            return ((first & 0x3F) << 8) | readByte();
        } else if (type == 2) {
            if (first == 0x80) {
                byte[] b = readBytes(4);
                return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
            } else if (first == 0x81) {
                byte[] b = readBytes(8);
                long v = 0;
                for (byte x : b) {
                    v = (v << 8) | (x & 0xFF);
                }
                return v;
            }
            throw new IOException("Unknown length encoding " + first + " in rdbLoadLen()");
        }
        return -((first & 0x3F) + 1);
    }

    public long readLength() throws IOException {
        long v = lengthOrEncoding();
        if (v < 0) {
            throw new IOException("Unexpected string encoding where a length was expected");
        }
        return v;
    }

    public byte[] readString() throws IOException {
        long v = lengthOrEncoding();
        if (v >= 0) {
            if (v > MAX_STRING) {
                throw new IOException("String length " + v + " too large");
            }
            return readBytes((int) v);
        }
        int enc = (int) (-v - 1);
        switch (enc) {
            case 0:
                return Numbers.toBytes((byte) readByte());
            case 1: {
                byte[] b = readBytes(2);
                return Numbers.toBytes((short) ((b[0] & 0xFF) | (b[1] & 0xFF) << 8));
            }
            case 2: {
                byte[] b = readBytes(4);
                return Numbers.toBytes((b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | b[3] << 24);
            }
            case 3: {
                long clen = readLength();
                long len = readLength();
                if (clen > MAX_STRING || len > MAX_STRING) {
                    throw new IOException("LZF string too large");
                }
                byte[] c = readBytes((int) clen);
                byte[] out = Lzf.decompress(c, 0, c.length, (int) len);
                if (out == null) {
                    throw new IOException("Invalid LZF compressed string");
                }
                return out;
            }
            default:
                throw new IOException("Unknown RDB string encoding type " + enc);
        }
    }

    public double readBinaryDouble() throws IOException {
        byte[] b = readBytes(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return Double.longBitsToDouble(v);
    }

    /** The old string-encoded double of ZSET type 3. */
    public double readStringDouble() throws IOException {
        int len = readByte();
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] b = readBytes(len);
                try {
                    return Double.parseDouble(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new IOException("Invalid double value");
                }
        }
    }

    public long readMillis() throws IOException {
        byte[] b = readBytes(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    public int readSeconds() throws IOException {
        byte[] b = readBytes(4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | b[3] << 24;
    }
}
