package io.hashslot.store.types;

import java.util.Arrays;

/**
 * A member interval as ZRANGEBYLEX takes it: "[a" inclusive, "(a" exclusive, "-" minus infinity, "+" plus
 * infinity. {@code min}/{@code max} are null for the infinities.
 */
public record LexRange(byte[] min, boolean minExclusive, boolean minIsNegInf, boolean minIsPosInf,
                       byte[] max, boolean maxExclusive, boolean maxIsNegInf, boolean maxIsPosInf) {
    public boolean aboveMin(byte[] m) {
        if (minIsNegInf) {
            return true;
        }
        if (minIsPosInf) {
            return false;
        }
        int c = Arrays.compareUnsigned(m, min);
        return minExclusive ? c > 0 : c >= 0;
    }

    public boolean belowMax(byte[] m) {
        if (maxIsPosInf) {
            return true;
        }
        if (maxIsNegInf) {
            return false;
        }
        int c = Arrays.compareUnsigned(m, max);
        return maxExclusive ? c < 0 : c <= 0;
    }

    public boolean contains(byte[] m) {
        return aboveMin(m) && belowMax(m);
    }

    /**
     * Parses "[x", "(x", "-", "+"; returns null for anything else (Redis: "min or max not valid string range
     * item").
     */
    public static LexRange parse(byte[] min, byte[] max) {
        Bound a = bound(min);
        Bound b = bound(max);
        if (a == null || b == null) {
            return null;
        }
        return new LexRange(a.value, a.exclusive, a.negInf, a.posInf, b.value, b.exclusive, b.negInf, b.posInf);
    }

    private record Bound(byte[] value, boolean exclusive, boolean negInf, boolean posInf) {
    }

    /**
     * zslParseLexRangeItem: the first byte decides; "+" and "-" must end there (as C strings: a NUL byte ends
     * them too), while "[" and "(" take every byte after them.
     */
    private static Bound bound(byte[] s) {
        if (s.length == 0) {
            return null;
        }
        boolean single = s.length == 1 || s[1] == 0;
        return switch (s[0]) {
            case '-' -> single ? new Bound(null, true, true, false) : null;
            case '+' -> single ? new Bound(null, true, false, true) : null;
            case '[', '(' -> new Bound(Arrays.copyOfRange(s, 1, s.length), s[0] == '(', false, false);
            default -> null;
        };
    }

    /** Whether the range is empty by construction (zslIsInLexRange's quick check). */
    public boolean isEmpty() {
        if (minIsPosInf || maxIsNegInf) {
            return true;
        }
        if (minIsNegInf || maxIsPosInf) {
            return false;
        }
        int c = Arrays.compareUnsigned(min, max);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }
}
