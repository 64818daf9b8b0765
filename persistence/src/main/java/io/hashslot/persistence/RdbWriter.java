package io.hashslot.persistence;

import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Keyspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a whole keyspace as an RDB v10 stream, as Redis 7.0 lays it out: header, AUX fields, per non-empty
 * database SELECTDB + RESIZEDB + entries (expiry first), EOF, CRC64.
 */
public final class RdbWriter {
    /** Replication info saved in AUX fields (repl-stream-db, repl-id, repl-offset), or null. */
    public record ReplInfo(int streamDb, String replId, long offset) {
    }

    private final boolean compression;
    private final boolean checksum;

    public RdbWriter(boolean compression, boolean checksum) {
        this.compression = compression;
        this.checksum = checksum;
    }

    public void writeHeader(RdbOutput out, long ctimeSeconds, long usedMem, ReplInfo repl, boolean aofBase)
        throws IOException {
        out.raw(("REDIS" + String.format("%04d", RdbType.VERSION)).getBytes(StandardCharsets.US_ASCII));
        aux(out, "redis-ver", "7.0.15");
        auxInt(out, "redis-bits", 64);
        auxInt(out, "ctime", ctimeSeconds);
        auxInt(out, "used-mem", usedMem);
        if (repl != null) {
            auxInt(out, "repl-stream-db", repl.streamDb());
            aux(out, "repl-id", repl.replId());
            auxInt(out, "repl-offset", repl.offset());
        }
        auxInt(out, "aof-base", aofBase ? 1 : 0);
    }

    private static void aux(RdbOutput out, String key, String value) throws IOException {
        out.writeByte(RdbType.OPCODE_AUX);
        out.writeString(key.getBytes(StandardCharsets.US_ASCII));
        out.writeString(value.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void auxInt(RdbOutput out, String key, long value) throws IOException {
        out.writeByte(RdbType.OPCODE_AUX);
        out.writeString(key.getBytes(StandardCharsets.US_ASCII));
        out.writeLongAsString(value);
    }

    public void writeDbHeader(RdbOutput out, int index, long size, long expires) throws IOException {
        out.writeByte(RdbType.OPCODE_SELECTDB);
        out.writeLength(index);
        out.writeByte(RdbType.OPCODE_RESIZEDB);
        out.writeLength(size);
        out.writeLength(expires);
    }

    public void writeEntry(RdbOutput out, byte[] key, Object value, long expireAt) throws IOException {
        if (expireAt >= 0) {
            out.writeByte(RdbType.OPCODE_EXPIRETIME_MS);
            out.writeMillis(expireAt);
        }
        ValueCodec.writeTypeAndKey(out, key, value);
    }

    public void writeFooter(RdbOutput out) throws IOException {
        out.writeByte(RdbType.OPCODE_EOF);
        long crc = checksum ? out.crc() : 0;
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (crc >>> (8 * i));
        }
        out.rawNoCrc(b);
        out.flush();
    }

    /** Writes every database of {@code keyspace} (synchronously; the caller owns the keyspace meanwhile). */
    public long writeAll(OutputStream stream, Keyspace keyspace, long ctimeSeconds, long usedMem, ReplInfo repl)
        throws IOException {
        return writeAll(stream, keyspace, ctimeSeconds, usedMem, repl, false);
    }

    /** As above; {@code aofBase} marks the RDB preamble of an AOF base file (AUX aof-base 1). */
    public long writeAll(OutputStream stream, Keyspace keyspace, long ctimeSeconds, long usedMem, ReplInfo repl,
                         boolean aofBase) throws IOException {
        RdbOutput out = new RdbOutput(stream, compression);
        writeHeader(out, ctimeSeconds, usedMem, repl, aofBase);
        for (int i = 0; i < keyspace.databases(); i++) {
            Db db = keyspace.db(i);
            if (db.size() == 0) {
                continue;
            }
            writeDbHeader(out, i, db.size(), db.expiringCount());
            IOException[] failure = {null};
            db.forEach((Entry e) -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    writeEntry(out, e.key(), e.value(), e.expireAt());
                } catch (IOException x) {
                    failure[0] = x;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        writeFooter(out);
        return out.written();
    }
}
