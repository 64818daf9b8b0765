package io.hashslot.commands;

import java.util.Arrays;

/** Key positions from Redis 7 key specs (getKeysUsingKeySpecs). */
final class KeyPositions {
    private static final int[] NONE = new int[0];

    private KeyPositions() {
    }

    /** Returns positions, or null when a spec does not fit the arguments (a syntax error for the command). */
    static int[] fromSpecs(CommandSpec cmd, byte[][] argv) {
        if (cmd.keySpecs.isEmpty()) {
            return NONE;
        }
        int argc = argv.length;
        int[] out = new int[8];
        int n = 0;
        for (KeySpec spec : cmd.keySpecs) {
            if (spec.flags.contains("not_key")) {
                continue;
            }
            int first = 0;
            if (spec.keyword == null && !spec.unknownBegin) {
                first = spec.beginIndex;
            } else if (spec.keyword != null) {
                int start = spec.keywordStart > 0 ? spec.keywordStart : argc + spec.keywordStart;
                int end = spec.keywordStart > 0 ? argc - 1 : 1;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) {
                        break;
                    }
                    if (equalsIgnoreCase(argv[i], spec.keyword)) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) {
                    continue;
                }
            } else {
                return null;
            }
            int last;
            int step;
            if (spec.rangeFind) {
                step = spec.keyStep;
                if (spec.lastKey >= 0) {
                    last = first + spec.lastKey;
                } else if (spec.limit == 0) {
                    last = argc + spec.lastKey;
                } else {
                    last = first + ((argc - first) / spec.limit + spec.lastKey);
                }
            } else if (!spec.unknownFind) {
                step = spec.keyStep;
                int idx = first + spec.keyNumIdx;
                if (idx >= argc) {
                    return null;
                }
                long numkeys;
                try {
                    numkeys = io.hashslot.common.Numbers.parseLong(argv[idx]);
                } catch (io.hashslot.common.NotANumberException e) {
                    return null;
                }
                if (numkeys < 0) {
                    return null;
                }
                first += spec.firstKey;
                last = first + (int) numkeys - 1;
            } else {
                return null;
            }
            if (last >= argc || last < first || first >= argc) {
                if (!spec.rangeFind && last == first - 1) {
                    continue; // zero keys
                }
                return null;
            }
            for (int i = first; i <= last; i += step) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = i;
            }
            if (spec.flags.contains("incomplete")) {
                return null;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static boolean equalsIgnoreCase(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            int x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i];
            int y = b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i];
            if (x != y) {
                return false;
            }
        }
        return true;
    }
}
