package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.MessageType;

/** Bus message counters per type (CLUSTER INFO's cluster_stats_messages_*) and the PFAIL node count. */
public final class BusStats {
    final long[] sent = new long[MessageType.COUNT];
    final long[] received = new long[MessageType.COUNT];
    /** Nodes in PFAIL counted at the last cron (stats_pfail_nodes); decides how many PFAIL gossip entries. */
    long pfailNodes;
    long linksBufferLimitExceeded;

    public long sent(int type) {
        return sent[type];
    }

    public long received(int type) {
        return received[type];
    }

    public long totalSent() {
        long t = 0;
        for (long v : sent) {
            t += v;
        }
        return t;
    }

    public long totalReceived() {
        long t = 0;
        for (long v : received) {
            t += v;
        }
        return t;
    }

    public long pfailNodes() {
        return pfailNodes;
    }

    public long linksBufferLimitExceeded() {
        return linksBufferLimitExceeded;
    }
}
