package io.hashslot.commands;

import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import java.nio.charset.StandardCharsets;

/**
 * Argument helpers with Redis's error replies. Parsing methods reply with the error themselves and throw
 * {@link Abort} so that handlers can write {@code long n = Args.longArg(c, argv[2]);} without checking.
 */
public final class Args {
    private Args() {
    }

    /** Thrown after an error reply has been written; the processor treats the command as done. */
    public static final class Abort extends RuntimeException {
        Abort() {
            super(null, null, false, false);
        }
    }

    /** Replies with an error and aborts the command. */
    public static Abort fail(Client c, String error) {
        c.error(error);
        return new Abort();
    }

    public static boolean is(byte[] arg, String word) {
        int n = word.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int a = arg[i];
            int b = word.charAt(i);
            if (a != b && (a | 0x20) != (b | 0x20)) {
                return false;
            }
            if (a != b && !Character.isLetter(b)) {
                return false;
            }
        }
        return true;
    }

    public static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** getLongLongFromObjectOrReply: "value is not an integer or out of range". */
    public static long longArg(Client c, byte[] arg) {
        try {
            return Numbers.parseLong(arg);
        } catch (NotANumberException e) {
            throw fail(c, Errors.NOT_INTEGER);
        }
    }

    /** Like {@link #longArg} with a custom message (e.g. "timeout is not an integer or out of range"). */
    public static long longArg(Client c, byte[] arg, String error) {
        try {
            return Numbers.parseLong(arg);
        } catch (NotANumberException e) {
            throw fail(c, error);
        }
    }

    /** getRangeLongFromObjectOrReply. */
    public static long longInRange(Client c, byte[] arg, long min, long max, String error) {
        long v = longArg(c, arg, error == null ? Errors.NOT_INTEGER : error);
        if (v < min || v > max) {
            throw fail(c, error == null ? Errors.NOT_INTEGER : error);
        }
        return v;
    }

    /** getPositiveLongFromObjectOrReply. */
    public static long positiveLong(Client c, byte[] arg, String error) {
        return longInRange(c, arg, 0, Long.MAX_VALUE, error == null ? "ERR value is out of range, must be positive"
            : error);
    }

    public static int intArg(Client c, byte[] arg) {
        return (int) longInRange(c, arg, Integer.MIN_VALUE, Integer.MAX_VALUE, null);
    }

    /** getDoubleFromObjectOrReply: "value is not a valid float". */
    public static double doubleArg(Client c, byte[] arg) {
        return doubleArg(c, arg, Errors.NOT_FLOAT);
    }

    /** Like {@link #doubleArg} with a custom message (e.g. "ERR need numeric radius"). */
    public static double doubleArg(Client c, byte[] arg, String error) {
        try {
            return Numbers.parseDouble(arg);
        } catch (NotANumberException e) {
            throw fail(c, error);
        }
    }
}
