package io.hashslot.commands.set;

import io.hashslot.commands.KeyLookup;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.types.SetValue;

/**
 * The set command family (registered from CommandFamilies): membership commands in {@link SetBasics}, the set
 * algebra (SMEMBERS, SINTER..., SINTERCARD) in {@link SetAlgebra}, SPOP and SRANDMEMBER in {@link SetRandom}.
 * This class holds what they share: typed lookups, the intset threshold and keyspace notifications.
 */
public final class SetCommands {
    private final ServerContext server;

    public SetCommands(ServerContext server) {
        this.server = server;
    }

    public void register(CommandTable t) {
        new SetBasics().register(t);
        new SetAlgebra().register(t);
        new SetRandom().register(t);
    }

    ServerContext server() {
        return server;
    }

    /** The set at {@code key} for reading, null when missing; WRONGTYPE aborts. */
    static SetValue read(Client c, byte[] key) {
        return KeyLookup.read(c, key, SetValue.class);
    }

    /** The set at {@code key} for writing, null when missing; WRONGTYPE aborts. */
    static SetValue write(Client c, byte[] key) {
        return KeyLookup.write(c, key, SetValue.class);
    }

    /** set-max-intset-entries. */
    static long maxIntset(Client c) {
        return c.server().config().getLong("set-max-intset-entries");
    }

    static void notify(Client c, String event, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.SET, event, key, c.dbIndex());
    }

    static void notifyDel(Client c, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", key, c.dbIndex());
    }

    /** The empty set reply: RESP2 *0, RESP3 ~0. */
    static void emptySet(Client c) {
        c.reply().set(0);
    }
}
