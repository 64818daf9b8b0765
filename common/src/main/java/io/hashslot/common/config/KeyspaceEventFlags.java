package io.hashslot.common.config;

/** The event classes of notify-keyspace-events, with Redis's parse and canonical print order. */
public final class KeyspaceEventFlags {
    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 12;
    public static final int NEW = 1 << 13;
    /** 'A': every class except key-miss and new. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private KeyspaceEventFlags() {
    }

    /** Returns the flags, or -1 for an unknown character. */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            switch (classes.charAt(i)) {
                case 'A' -> flags |= ALL;
                case 'g' -> flags |= GENERIC;
                case '$' -> flags |= STRING;
                case 'l' -> flags |= LIST;
                case 's' -> flags |= SET;
                case 'h' -> flags |= HASH;
                case 'z' -> flags |= ZSET;
                case 'x' -> flags |= EXPIRED;
                case 'e' -> flags |= EVICTED;
                case 'K' -> flags |= KEYSPACE;
                case 'E' -> flags |= KEYEVENT;
                case 't' -> flags |= STREAM;
                case 'm' -> flags |= KEY_MISS;
                case 'd' -> flags |= MODULE;
                case 'n' -> flags |= NEW;
                default -> {
                    return -1;
                }
            }
        }
        return flags;
    }

    public static String format(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & ALL) == ALL) {
            sb.append('A');
        } else {
            if ((flags & GENERIC) != 0) {
                sb.append('g');
            }
            if ((flags & STRING) != 0) {
                sb.append('$');
            }
            if ((flags & LIST) != 0) {
                sb.append('l');
            }
            if ((flags & SET) != 0) {
                sb.append('s');
            }
            if ((flags & HASH) != 0) {
                sb.append('h');
            }
            if ((flags & ZSET) != 0) {
                sb.append('z');
            }
            if ((flags & EXPIRED) != 0) {
                sb.append('x');
            }
            if ((flags & EVICTED) != 0) {
                sb.append('e');
            }
            if ((flags & STREAM) != 0) {
                sb.append('t');
            }
            if ((flags & MODULE) != 0) {
                sb.append('d');
            }
            if ((flags & NEW) != 0) {
                sb.append('n');
            }
        }
        if ((flags & KEYSPACE) != 0) {
            sb.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            sb.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            sb.append('m');
        }
        return sb.toString();
    }
}
