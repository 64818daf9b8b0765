package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.Errors;
import io.hashslot.common.LongDouble;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.store.types.LexRange;
import io.hashslot.store.types.ScoreRange;

/** Argument parsing of the sorted set commands, with Redis's rules and error replies. */
final class ZArgs {
    static final String NOT_FLOAT_RANGE = "ERR min or max is not a float";
    static final String NOT_LEX_RANGE = "ERR min or max not valid string range item";

    private ZArgs() {
    }

    /**
     * zslParseRange: each bound is C's strtod over the argument as a C string (up to a NUL byte), optionally
     * after "(" for an exclusive bound. Leading white space is skipped, an empty string reads as 0, overflow gives
     * an infinity; anything left over, or NaN, is an error. Returns null when invalid.
     */
    static ScoreRange scoreRange(byte[] min, byte[] max) {
        double[] v = new double[2];
        boolean[] ex = new boolean[2];
        byte[][] args = {min, max};
        for (int i = 0; i < 2; i++) {
            byte[] a = args[i];
            int end = ZSets.cLength(a);
            int start = 0;
            if (end > 0 && a[0] == '(') {
                ex[i] = true;
                start = 1;
            }
            Double d = strtodWhole(a, start, end);
            if (d == null) {
                return null;
            }
            v[i] = d;
        }
        return new ScoreRange(v[0], ex[0], v[1], ex[1]);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** strtod(s, &eptr) with *eptr required to be the end; null when not (or NaN). */
    private static Double strtodWhole(byte[] a, int start, int end) {
        if (start == end) {
            return 0.0;
        }
        int i = start;
        while (i < end && isSpace(a[i])) {
            i++;
        }
        if (i == end) {
            return null;
        }
        try {
            return Numbers.parseDoubleUnchecked(a, i, end - i);
        } catch (NotANumberException e) {
            return null;
        }
    }

    /** Score range or the "min or max is not a float" error (aborting). */
    static ScoreRange scoreRangeOrFail(Client c, byte[] min, byte[] max) {
        ScoreRange r = scoreRange(min, max);
        if (r == null) {
            throw Args.fail(c, NOT_FLOAT_RANGE);
        }
        return r;
    }

    /** Lex range or the "min or max not valid string range item" error (aborting). */
    static LexRange lexRangeOrFail(Client c, byte[] min, byte[] max) {
        LexRange r = LexRange.parse(min, max);
        if (r == null) {
            throw Args.fail(c, NOT_LEX_RANGE);
        }
        return r;
    }

    /** getDoubleFromObjectOrReply with a custom message. */
    static double doubleArg(Client c, byte[] arg, String error) {
        try {
            return Numbers.parseDouble(arg);
        } catch (NotANumberException e) {
            throw Args.fail(c, error);
        }
    }

    /**
     * getRangeLongFromObjectOrReply: {@code error} for anything that is not an integer in [min, max]; without a
     * message Redis names the bounds.
     */
    static long longInRange(Client c, byte[] arg, long min, long max, String error) {
        long v;
        try {
            v = Numbers.parseLong(arg);
        } catch (NotANumberException e) {
            throw Args.fail(c, error != null ? error : Errors.NOT_INTEGER);
        }
        if (v < min || v > max) {
            throw Args.fail(c, error != null ? error
                : "ERR value is out of range, value must between " + min + " and " + max);
        }
        return v;
    }

    /**
     * getTimeoutFromObjectOrReply in seconds: a long double, times 1000, rounded up to whole milliseconds.
     * Returns the relative timeout in ms (0: forever).
     */
    static long timeoutMillis(Client c, byte[] arg) {
        double seconds;
        try {
            seconds = LongDouble.parse(arg).toDouble();
        } catch (NotANumberException e) {
            throw Args.fail(c, "ERR timeout is not a float or out of range");
        }
        double ms = Math.ceil(seconds * 1000.0);
        long t;
        if (Double.isNaN(ms) || ms >= 0x1p63 || ms < -0x1p63) {
            t = Long.MIN_VALUE; // what the x86 conversion of an out-of-range long double yields
        } else {
            t = (long) ms;
        }
        if (t < 0) {
            throw Args.fail(c, Errors.NEGATIVE_TIMEOUT);
        }
        return t;
    }
}
