package io.hashslot.cluster.core;

import io.hashslot.common.LogLevel;

/**
 * Config epoch rules: bumping without consensus (BUMPEPOCH, closing an import, TAKEOVER) and resolving two masters
 * with the same config epoch (the node with the smaller name moves to a new epoch).
 */
final class EpochRules {
    private final ClusterNode c;

    EpochRules(ClusterNode c) {
        this.c = c;
    }

    /** clusterBumpConfigEpochWithoutConsensus: true when a new epoch was taken. */
    boolean bumpWithoutConsensus() {
        NodeTable t = c.table;
        long maxEpoch = t.maxEpoch();
        if (t.myself.configEpoch == 0 || t.myself.configEpoch != maxEpoch) {
            t.currentEpoch++;
            t.myself.configEpoch = t.currentEpoch;
            c.out.todo(Outbox.TODO_SAVE_CONFIG | Outbox.TODO_FSYNC_CONFIG);
            c.out.log(LogLevel.WARNING, "New configEpoch set to " + Long.toUnsignedString(t.myself.configEpoch));
            return true;
        }
        return false;
    }

    /** clusterHandleConfigEpochCollision: called when a master sender has my config epoch. */
    void handleCollision(KnownNode sender) {
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        if (sender.configEpoch != myself.configEpoch || !sender.isMaster() || !myself.isMaster()) {
            return;
        }
        if (compareNames(sender.name, myself.name) <= 0) {
            return;
        }
        t.currentEpoch++;
        myself.configEpoch = t.currentEpoch;
        c.saveConfigNow(true);
        c.out.log(LogLevel.VERBOSE, "WARNING: configEpoch collision with node " + sender.name
            + ". configEpoch set to " + Long.toUnsignedString(myself.configEpoch));
    }

    /** memcmp of two 40-byte names. */
    static int compareNames(String a, String b) {
        for (int i = 0; i < 40; i++) {
            int x = i < a.length() ? a.charAt(i) & 0xff : 0;
            int y = i < b.length() ? b.charAt(i) & 0xff : 0;
            if (x != y) {
                return x - y;
            }
        }
        return 0;
    }
}
