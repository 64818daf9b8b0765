package io.hashslot.persistence;

import io.hashslot.common.Crc64;
import io.hashslot.common.Lzf;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Low-level RDB writer: opcodes, lengths, strings (integer, LZF or raw, chosen as Redis chooses), doubles, with a
 * running CRC64 of everything written.
 */
public final class RdbOutput {
    private final OutputStream out;
    private final boolean compression;
    private long crc;
    private long written;
    private final byte[] one = new byte[1];
    /** LZF's hash table (512 KB), made on the first string long enough to compress unless the caller gave one. */
    private Lzf.Table lzfTable;

    public RdbOutput(OutputStream out, boolean compression) {
        this(out, compression, null);
    }

    /** With a caller's reusable LZF table (null: one is made when first needed). */
    public RdbOutput(OutputStream out, boolean compression, Lzf.Table lzfTable) {
        this.out = out;
        this.compression = compression;
        this.lzfTable = lzfTable;
    }

    public long crc() {
        return crc;
    }

    public long written() {
        return written;
    }

    public void raw(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        crc = Crc64.update(crc, b, off, len);
        written += len;
    }

    public void raw(byte[] b) throws IOException {
        raw(b, 0, b.length);
    }

    public void writeByte(int b) throws IOException {
        one[0] = (byte) b;
        raw(one, 0, 1);
    }

    /** Writes bytes without adding them to the CRC (the trailer itself). */
    public void rawNoCrc(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    public void writeLength(long len) throws IOException {
        if (len < (1 << 6)) {
            writeByte((int) len);
        } else if (len < (1 << 14)) {
            raw(new byte[] {(byte) (0x40 | (len >>> 8)), (byte) len});
        } else if (len <= 0xFFFFFFFFL) {
            raw(new byte[] {(byte) 0x80, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
        } else {
            byte[] b = new byte[9];
            b[0] = (byte) 0x81;
            for (int i = 0; i < 8; i++) {
                b[1 + i] = (byte) (len >>> (56 - 8 * i));
            }
            raw(b);
        }
    }

    /** Integer special encoding if the value fits 32 bits (rdbEncodeInteger); returns false otherwise. */
    private boolean writeIntEncoded(long v) throws IOException {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            raw(new byte[] {(byte) 0xC0, (byte) v});
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            raw(new byte[] {(byte) 0xC1, (byte) v, (byte) (v >>> 8)});
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            raw(new byte[] {(byte) 0xC2, (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
        } else {
            return false;
        }
        return true;
    }

    /** Writes a string as rdbSaveRawString does. */
    public void writeString(byte[] s) throws IOException {
        writeString(s, 0, s.length);
    }

    public void writeString(byte[] s, int off, int len) throws IOException {
        if (len <= 11 && len > 0) {
            try {
                long v = Numbers.parseLong(s, off, len);
                if (writeIntEncoded(v)) {
                    return;
                }
            } catch (NotANumberException e) {
                // not an integer
            }
        }
        if (compression && len > 20) {
            byte[] in = off == 0 && len == s.length ? s : java.util.Arrays.copyOfRange(s, off, off + len);
            byte[] buf = new byte[len - 4];
            if (lzfTable == null) {
                lzfTable = new Lzf.Table();
            }
            int clen = Lzf.compress(in, len, buf, len - 4, lzfTable);
            if (clen > 0) {
                writeByte(0xC3);
                writeLength(clen);
                writeLength(len);
                raw(buf, 0, clen);
                return;
            }
        }
        writeLength(len);
        raw(s, off, len);
    }

    /** A string holding a decimal integer (used for integer-valued AUX fields). */
    public void writeLongAsString(long v) throws IOException {
        if (!writeIntEncoded(v)) {
            byte[] b = Numbers.toBytes(v);
            writeLength(b.length);
            raw(b);
        }
    }

    /** 8-byte IEEE-754 little-endian (ZSET_2 scores). */
    public void writeBinaryDouble(double d) throws IOException {
        long v = Double.doubleToRawLongBits(d);
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        raw(b);
    }

    /** 8-byte little-endian millisecond time (EXPIRETIME_MS). */
    public void writeMillis(long ms) throws IOException {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (ms >>> (8 * i));
        }
        raw(b);
    }

    public void flush() throws IOException {
        out.flush();
    }
}
