package io.hashslot.commands.script;

import io.hashslot.common.ArgSplitter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The optional first line of an EVAL script, {@code #!lua flags=no-writes,allow-oom}: the engine name and the
 * script flags (Redis 7.0's evalExtractShebangFlags). A script without it runs in compatibility mode.
 */
public record Shebang(int flags, int length) {
    /** No shebang: Redis 6 compatible behaviour (SCRIPT_FLAG_EVAL_COMPAT_MODE). */
    public static final int COMPAT = 1;
    public static final int NO_WRITES = 1 << 1;
    public static final int ALLOW_OOM = 1 << 2;
    public static final int ALLOW_STALE = 1 << 3;
    public static final int NO_CLUSTER = 1 << 4;
    public static final int ALLOW_CROSS_SLOT = 1 << 5;

    private static final String[] NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster",
        "allow-cross-slot-keys"};
    private static final int[] BITS = {NO_WRITES, ALLOW_OOM, ALLOW_STALE, NO_CLUSTER, ALLOW_CROSS_SLOT};

    /** Thrown for a malformed shebang; the message is Redis's, without the ERR code. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Reads the shebang of a script body; {@link #length()} is the number of bytes before its line feed. */
    public static Shebang parse(byte[] body) throws Invalid {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return new Shebang(COMPAT, 0);
        }
        int nl = -1;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                nl = i;
                break;
            }
            if (body[i] == 0) {
                break; // strchr stops at the end of the C string
            }
        }
        if (nl < 0) {
            throw new Invalid("Invalid script shebang");
        }
        List<byte[]> parts = ArgSplitter.split(body, 0, nl);
        if (parts == null || parts.isEmpty()) {
            throw new Invalid("Invalid engine in script shebang");
        }
        String engine = cString(parts.get(0));
        if (!engine.equals("#!lua")) {
            throw new Invalid("Unexpected engine in script shebang: " + engine);
        }
        int flags = 0;
        for (int j = 1; j < parts.size(); j++) {
            String part = cString(parts.get(j));
            if (!part.startsWith("flags=")) {
                throw new Invalid("Unknown lua shebang option: " + part);
            }
            String list = new String(parts.get(j), 6, parts.get(j).length - 6, StandardCharsets.ISO_8859_1);
            if (list.isEmpty()) {
                continue;
            }
            for (String f : list.split(",", -1)) {
                flags |= flagBit(cString(f));
            }
        }
        return new Shebang(flags, nl);
    }

    private static int flagBit(String name) throws Invalid {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return BITS[i];
            }
        }
        throw new Invalid("Unexpected flag in script shebang: " + name);
    }

    private static String cString(byte[] b) {
        return cString(new String(b, StandardCharsets.ISO_8859_1));
    }

    private static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }
}
