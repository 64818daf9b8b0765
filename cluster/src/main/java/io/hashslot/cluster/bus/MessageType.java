package io.hashslot.cluster.bus;

/**
 * Cluster bus message types (the header's {@code type} field) and the names Redis uses for them in
 * {@code CLUSTER INFO} statistics and log lines.
 */
public final class MessageType {
    public static final int PING = 0;
    public static final int PONG = 1;
    public static final int MEET = 2;
    public static final int FAIL = 3;
    public static final int PUBLISH = 4;
    public static final int FAILOVER_AUTH_REQUEST = 5;
    public static final int FAILOVER_AUTH_ACK = 6;
    public static final int UPDATE = 7;
    public static final int MFSTART = 8;
    public static final int MODULE = 9;
    public static final int PUBLISHSHARD = 10;
    /** Number of known types; statistics are kept for types below this value. */
    public static final int COUNT = 11;

    private static final String[] NAMES = {
        "ping", "pong", "meet", "fail", "publish", "auth-req", "auth-ack", "update", "mfstart", "module", "publishshard"
    };

    private MessageType() {
    }

    /** The name Redis prints for the type ("ping", "auth-req", ...), or "unknown". */
    public static String name(int type) {
        return type >= 0 && type < COUNT ? NAMES[type] : "unknown";
    }

    /** PING, PONG and MEET share one layout: header, gossip entries, ping extensions. */
    public static boolean isPingLike(int type) {
        return type == PING || type == PONG || type == MEET;
    }
}
