package io.hashslot.cluster.bus;

/** Bits of the header's {@code mflags[0]} byte. */
public final class MessageFlags {
    /** A master paused for a manual failover: its replication offset is final. */
    public static final int PAUSED = 1;
    /** Vote for this FAILOVER_AUTH_REQUEST even though the master is not failing (manual failover). */
    public static final int FORCEACK = 1 << 1;
    /** The PING/PONG/MEET carries ping extensions after the gossip section. */
    public static final int EXT_DATA = 1 << 2;

    private MessageFlags() {
    }
}
