package io.hashslot.cluster.core;

import java.util.Locale;

/** Node flag bits (header {@code flags}, gossip {@code flags}, {@code clusterNode.flags}) and their printed names. */
public final class NodeFlags {
    public static final int MASTER = 1;
    public static final int SLAVE = 2;
    public static final int PFAIL = 4;
    public static final int FAIL = 8;
    public static final int MYSELF = 16;
    public static final int HANDSHAKE = 32;
    public static final int NOADDR = 64;
    public static final int MEET = 128;
    public static final int MIGRATE_TO = 256;
    public static final int NOFAILOVER = 512;

    private static final int[] PRINTED = {MYSELF, MASTER, SLAVE, PFAIL, FAIL, HANDSHAKE, NOADDR, NOFAILOVER};
    private static final String[] PRINTED_NAMES = {
        "myself", "master", "slave", "fail?", "fail", "handshake", "noaddr", "nofailover"
    };

    private NodeFlags() {
    }

    /** The comma list CLUSTER NODES prints, in Redis's fixed order, or "noflags". */
    public static String describe(int flags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PRINTED.length; i++) {
            if ((flags & PRINTED[i]) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(PRINTED_NAMES[i]);
            }
        }
        return sb.length() == 0 ? "noflags" : sb.toString();
    }

    /**
     * One flag word of nodes.conf (case-insensitive): its bit, 0 for "noflags", or -1 when Redis would refuse it.
     */
    public static int parseWord(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (int i = 0; i < PRINTED.length; i++) {
            if (PRINTED_NAMES[i].equals(w)) {
                return PRINTED[i];
            }
        }
        return w.equals("noflags") ? 0 : -1;
    }
}
