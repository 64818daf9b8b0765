package io.hashslot.commands.hash;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.commands.KeyLookup;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.types.HashValue;

/**
 * The hash command family (registered from CommandFamilies): writes in {@link HashWrites}, reads and HSCAN in
 * {@link HashReads}, HRANDFIELD in {@link HashRandomField}. This class holds what they share: typed lookups, the
 * listpack thresholds from the configuration and keyspace notifications.
 */
public final class HashCommands {
    private final ServerContext server;

    public HashCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
        new HashWrites().register(t);
        new HashReads().register(t);
        new HashRandomField().register(t);
    }

    ServerContext server() {
        return server;
    }

    /** The hash at {@code key} for reading, null when missing; WRONGTYPE aborts. */
    static HashValue read(Client c, byte[] key) {
        return KeyLookup.read(c, key, HashValue.class);
    }

    /** The hash at {@code key} for writing, null when missing; WRONGTYPE aborts. */
    static HashValue write(Client c, byte[] key) {
        return KeyLookup.write(c, key, HashValue.class);
    }

    /** hashTypeLookupWriteOrCreate: the hash at {@code key}, created empty (and added) when missing. */
    static HashValue writeOrCreate(Client c, byte[] key) {
        HashValue h = write(c, key);
        if (h == null) {
            h = new HashValue();
            KeyLookup.add(c, key, h);
        }
        return h;
    }

    static long maxEntries(Client c) {
        return c.server().config().getLong("hash-max-listpack-entries");
    }

    static long maxValue(Client c) {
        return c.server().config().getLong("hash-max-listpack-value");
    }

    static void notify(Client c, String event, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.HASH, event, key, c.dbIndex());
    }

    static void notifyDel(Client c, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", key, c.dbIndex());
    }
}
