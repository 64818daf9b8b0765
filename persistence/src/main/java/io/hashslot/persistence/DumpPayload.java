package io.hashslot.persistence;

import io.hashslot.common.Crc64;
import io.hashslot.common.Lzf;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * DUMP / RESTORE payloads: {@code <type byte><value><RDB version u16 LE><CRC64 u64 LE>}, the CRC covering everything
 * before it. Byte-identical to Redis 7.0's for the same value and encoding.
 */
public final class DumpPayload {
    private DumpPayload() {
    }

    public static byte[] create(Object value, boolean compression) {
        return create(value, compression, null);
    }

    /**
     * The payload, compressing with the caller's reusable LZF table ({@link Lzf.Table}: one per thread that dumps;
     * null makes one when a string is long enough to compress).
     */
    public static byte[] create(Object value, boolean compression, Lzf.Table lzfTable) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbOutput out = new RdbOutput(bytes, compression, lzfTable);
        try {
            ValueCodec.write(out, value);
            out.raw(new byte[] {(byte) RdbType.VERSION, 0});
            long crc = out.crc();
            byte[] footer = new byte[8];
            for (int i = 0; i < 8; i++) {
                footer[i] = (byte) (crc >>> (8 * i));
            }
            out.rawNoCrc(footer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Whether the payload's version is one Redis 7.0 accepts and its checksum matches (verifyDumpPayload). */
    public static boolean verify(byte[] payload) {
        if (payload.length < 10) {
            return false;
        }
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xFF) | (payload[footer + 1] & 0xFF) << 8;
        if (version > RdbType.VERSION) {
            return false;
        }
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        long stored = 0;
        for (int i = 7; i >= 0; i--) {
            stored = (stored << 8) | (payload[payload.length - 8 + i] & 0xFF);
        }
        return crc == stored;
    }

    /** Decodes a verified payload's value; throws RdbFormatException ("Bad data format") when it is unusable. */
    public static Object read(byte[] payload, Encodings enc) throws RdbFormatException {
        RdbInput in = new RdbInput(new ByteArrayInputStream(payload, 0, payload.length - 10));
        try {
            int type = in.readByte();
            if (!ValueCodec.isValueType(type)) {
                throw new RdbFormatException("Bad data format");
            }
            return ValueCodec.read(in, type, enc);
        } catch (IOException e) {
            throw new RdbFormatException("Bad data format");
        }
    }
}
