package io.hashslot.commands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** SLOWLOG entries, newest first, trimmed to slowlog-max-len; arguments shortened as Redis does. */
public final class SlowLog {
    static final int MAX_ARGC = 32;
    static final int MAX_ARG_LEN = 128;

    /** One slow command. */
    public record Entry(long id, long timeSeconds, long micros, byte[][] argv, String peer, String clientName) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    public void add(byte[][] argv, long timeSeconds, long micros, String peer, String clientName, long maxLen) {
        int argc = Math.min(argv.length, MAX_ARGC);
        byte[][] kept = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            if (argc != argv.length && i == argc - 1) {
                kept[i] = ("... (" + (argv.length - argc + 1) + " more arguments)").getBytes(StandardCharsets.UTF_8);
            } else if (argv[i].length > MAX_ARG_LEN) {
                byte[] head = java.util.Arrays.copyOf(argv[i], MAX_ARG_LEN);
                byte[] tail = ("... (" + (argv[i].length - MAX_ARG_LEN) + " more bytes)")
                    .getBytes(StandardCharsets.UTF_8);
                byte[] b = new byte[head.length + tail.length];
                System.arraycopy(head, 0, b, 0, head.length);
                System.arraycopy(tail, 0, b, head.length, tail.length);
                kept[i] = b;
            } else {
                kept[i] = argv[i];
            }
        }
        entries.addFirst(new Entry(nextId++, timeSeconds, micros, kept, peer, clientName == null ? "" : clientName));
        trim(maxLen);
    }

    public void trim(long maxLen) {
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    public Deque<Entry> entries() {
        return entries;
    }

    public void reset() {
        entries.clear();
    }
}
