package io.hashslot.server;

import io.hashslot.commands.ValueSerializer;
import io.hashslot.common.Lzf;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.persistence.DumpPayload;
import io.hashslot.persistence.Encodings;
import io.hashslot.persistence.RdbFormatException;
import java.util.random.RandomGenerator;

/** DUMP/RESTORE payloads through the persistence module, with the node's current encoding thresholds. */
final class RdbValueSerializer implements ValueSerializer {
    private final ConfigStore config;
    private final RandomGenerator random;
    /** Reused by every DUMP: the node dumps on one thread at a time (the event loop, or a script under its gate). */
    private final Lzf.Table lzfTable = new Lzf.Table();

    RdbValueSerializer(ConfigStore config, RandomGenerator random) {
        this.config = config;
        this.random = random;
    }

    static Encodings encodings(ConfigStore config, RandomGenerator random) {
        return new Encodings(config.getInt("list-max-listpack-size"), config.getLong("hash-max-listpack-entries"),
            config.getLong("hash-max-listpack-value"), config.getLong("set-max-intset-entries"),
            config.getLong("zset-max-listpack-entries"), config.getLong("zset-max-listpack-value"), random);
    }

    @Override
    public byte[] dump(Object value) {
        return DumpPayload.create(value, config.getBool("rdbcompression"), lzfTable);
    }

    @Override
    public boolean verify(byte[] payload) {
        return DumpPayload.verify(payload);
    }

    @Override
    public Object restore(byte[] payload) {
        try {
            return DumpPayload.read(payload, encodings(config, random));
        } catch (RdbFormatException e) {
            return null;
        }
    }
}
