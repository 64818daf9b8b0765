package io.hashslot.server.persistence;

import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.persistence.Encodings;
import io.hashslot.persistence.RdbFormatException;
import io.hashslot.persistence.RdbLoader;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Loads RDB files and streams into the node's keyspace with Redis's log lines (rdbLoad). */
final class DataLoader {
    private final ServerContext server;

    DataLoader(ServerContext server) {
        this.server = server;
    }

    static Encodings encodings(ServerContext server) {
        ConfigStore c = server.config();
        return new Encodings(c.getInt("list-max-listpack-size"), c.getLong("hash-max-listpack-entries"),
            c.getLong("hash-max-listpack-value"), c.getLong("set-max-intset-entries"),
            c.getLong("zset-max-listpack-entries"), c.getLong("zset-max-listpack-value"), server.random());
    }

    /** Loads an RDB file; IOException (already logged as Redis logs it) when the file is bad or unreadable. */
    void loadRdb(Path file, boolean merge, PersistenceManager manager) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            loadRdbStream(in, merge, manager);
        }
    }

    /** Loads one RDB from a stream positioned at "REDIS" (files, AOF preambles); stops right after its CRC. */
    RdbLoader.Result loadRdbStream(InputStream in, boolean merge, PersistenceManager manager) throws IOException {
        RdbLoader.Result r;
        try {
            RdbLoader loader = new RdbLoader(encodings(server)).allowDuplicates(merge);
            LoadPacer pacer = manager.pacer();
            if (pacer != null) {
                loader.observer(pacer::afterKey);
            }
            r = loader.load(in, server.keyspace(), manager.iAmMaster(), server.clock().currentTimeMillis());
        } catch (EOFException e) {
            server.log().warning("Short read or OOM loading DB. Unrecoverable error, aborting now.");
            throw e;
        } catch (RdbFormatException e) {
            server.log().warning(e.getMessage());
            server.log().warning("Internal error in RDB reading: " + e.getMessage());
            throw new IOException(e.getMessage(), e);
        }
        String ver = r.auxString("redis-ver");
        if (ver != null) {
            server.log().notice("Loading RDB produced by version " + ver);
        }
        String ctime = r.auxString("ctime");
        if (ctime != null) {
            try {
                long age = server.clock().currentTimeMillis() / 1000 - Long.parseLong(ctime);
                server.log().notice("RDB age " + Math.max(0, age) + " seconds");
            } catch (NumberFormatException e) {
                // not a number: Redis would log a garbage age, we skip it
            }
        }
        String used = r.auxString("used-mem");
        if (used != null) {
            try {
                server.log().notice(String.format(Locale.ROOT, "RDB memory usage when created %.2f Mb",
                    Long.parseLong(used) / (1024.0 * 1024)));
            } catch (NumberFormatException e) {
                // ignored
            }
        }
        server.log().notice("Done loading RDB, keys loaded: " + r.keysLoaded + ", keys expired: "
            + r.expiredSkipped + ".");
        manager.recordLoad(r.keysLoaded, r.expiredSkipped);
        return r;
    }

    /** Whether a file starts with "REDIS" (an AOF base or incr file with an RDB preamble). */
    static boolean startsWithRdb(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(5);
            return new String(b, StandardCharsets.US_ASCII).equals("REDIS");
        }
    }
}
