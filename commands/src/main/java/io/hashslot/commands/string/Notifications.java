package io.hashslot.commands.string;

import io.hashslot.commands.Client;
import io.hashslot.common.config.KeyspaceEventFlags;

/** Keyspace notification shortcuts for the string family. */
final class Notifications {
    private Notifications() {
    }

    static void string(Client c, String event, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.STRING, event, key, c.dbIndex());
    }

    static void generic(Client c, String event, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, event, key, c.dbIndex());
    }
}
