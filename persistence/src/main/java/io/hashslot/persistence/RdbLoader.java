package io.hashslot.persistence;

import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Keyspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads an RDB stream (versions 1..10) into a keyspace as Redis 7.0 does: opcodes anywhere between entries,
 * unknown AUX fields ignored, keys already expired dropped by a master, CRC64 checked unless it is zero.
 * Unsupported value types (modules, streams) stop the load with an error naming the type.
 */
public final class RdbLoader {
    /** What a load found besides the keys. */
    public static final class Result {
        public long keysLoaded;
        public long expiredSkipped;
        public int version;
        public final Map<String, byte[]> aux = new LinkedHashMap<>();

        public String auxString(String key) {
            byte[] v = aux.get(key);
            return v == null ? null : new String(v, StandardCharsets.ISO_8859_1);
        }
    }

    private final Encodings encodings;
    private boolean allowDuplicates;
    private KeyObserver observer;

    /** Told after each key the loader read, with the payload bytes read so far. */
    public interface KeyObserver {
        /** May pause (to let the node serve clients) or throw to abort the load. */
        void afterKey(long bytesRead) throws IOException;
    }

    public RdbLoader(Encodings encodings) {
        this.encodings = encodings;
    }

    /** DEBUG RELOAD MERGE (RDBFLAGS_ALLOW_DUP): a key already present is replaced instead of failing the load. */
    public RdbLoader allowDuplicates(boolean allow) {
        this.allowDuplicates = allow;
        return this;
    }

    /** Watches the load key by key (a replica's load serves clients between chunks of keys). */
    public RdbLoader observer(KeyObserver observer) {
        this.observer = observer;
        return this;
    }

    private void observe(RdbInput in) throws IOException {
        if (observer != null) {
            observer.afterKey(in.bytesRead());
        }
    }

    public Result load(InputStream stream, Keyspace keyspace, boolean master, long nowMillis)
        throws IOException, RdbFormatException {
        RdbInput in = new RdbInput(stream);
        Result result = new Result();
        byte[] magic = in.readBytes(9);
        String header = new String(magic, StandardCharsets.ISO_8859_1);
        if (!header.startsWith("REDIS")) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        int version;
        try {
            version = Integer.parseInt(header.substring(5));
        } catch (NumberFormatException e) {
            throw new RdbFormatException("Wrong signature trying to load DB from file");
        }
        if (version < 1 || version > RdbType.VERSION) {
            throw new RdbFormatException("Can't handle RDB format version " + version);
        }
        result.version = version;
        Db db = keyspace.db(0);
        long expireAt = -1;
        while (true) {
            int type = in.readByte();
            switch (type) {
                case RdbType.OPCODE_EXPIRETIME:
                    expireAt = in.readSeconds() * 1000L;
                    continue;
                case RdbType.OPCODE_EXPIRETIME_MS:
                    expireAt = in.readMillis();
                    continue;
                case RdbType.OPCODE_FREQ:
                    in.readByte();
                    continue;
                case RdbType.OPCODE_IDLE:
                    in.readLength();
                    continue;
                case RdbType.OPCODE_EOF:
                    break;
                case RdbType.OPCODE_SELECTDB: {
                    long id = in.readLength();
                    if (id >= keyspace.databases()) {
                        throw new RdbFormatException("FATAL: Data file was created with a Redis server configured "
                            + "to handle more than " + keyspace.databases() + " databases. Exiting");
                    }
                    db = keyspace.db((int) id);
                    continue;
                }
                case RdbType.OPCODE_RESIZEDB:
                    in.readLength();
                    in.readLength();
                    continue;
                case RdbType.OPCODE_AUX: {
                    byte[] k = in.readString();
                    byte[] v = in.readString();
                    result.aux.put(new String(k, StandardCharsets.ISO_8859_1), v);
                    continue;
                }
                case RdbType.OPCODE_MODULE_AUX:
                    throw new RdbFormatException("The RDB file contains AUX module data I can't load: no matching "
                        + "module");
                case RdbType.OPCODE_FUNCTION:
                case RdbType.OPCODE_FUNCTION2:
                    throw new RdbFormatException("The RDB file contains function libraries, which Hashslot does "
                        + "not support yet");
                default: {
                    if (!ValueCodec.isValueType(type)) {
                        throw new RdbFormatException("Unknown RDB encoding type " + type);
                    }
                    if (type == RdbType.MODULE || type == RdbType.MODULE_2) {
                        throw new RdbFormatException("The RDB file contains module data I can't load: no matching "
                            + "module (value type " + type + ")");
                    }
                    if (type == RdbType.STREAM_LISTPACKS || type == RdbType.STREAM_LISTPACKS_2) {
                        throw new RdbFormatException("The RDB file contains a stream key (value type " + type
                            + "), which Hashslot does not support yet");
                    }
                    byte[] key = in.readString();
                    Object value;
                    try {
                        value = ValueCodec.read(in, type, encodings);
                    } catch (RdbFormatException e) {
                        if (e.getMessage().startsWith("Empty keys")) {
                            expireAt = -1;
                            observe(in);
                            continue;
                        }
                        throw new RdbFormatException(e.getMessage() + " (key '" + new String(key,
                            StandardCharsets.ISO_8859_1) + "')");
                    }
                    if (master && expireAt >= 0 && expireAt < nowMillis) {
                        result.expiredSkipped++;
                    } else {
                        if (db.find(key) != null) {
                            if (!allowDuplicates) {
                                throw new RdbFormatException("Duplicated key found in RDB file");
                            }
                            db.delete(key);
                        }
                        Entry e = db.add(key, value);
                        if (expireAt >= 0) {
                            db.setExpire(e, expireAt);
                        }
                        result.keysLoaded++;
                    }
                    expireAt = -1;
                    observe(in);
                    continue;
                }
            }
            break;
        }
        if (version >= 5) {
            long computed = in.crc();
            byte[] b = in.readBytesNoCrc(8);
            long stored = 0;
            for (int i = 7; i >= 0; i--) {
                stored = (stored << 8) | (b[i] & 0xFF);
            }
            if (stored != 0 && stored != computed) {
                throw new RdbFormatException("Wrong RDB checksum expected: (" + Long.toHexString(stored) + ") got ("
                    + Long.toHexString(computed) + "). Aborting now.");
            }
        }
        return result;
    }
}
