package io.hashslot.cluster.util;

/** C library number parsing as Redis's nodes.conf loader uses it: lenient {@code atoi} and {@code strtoull}. */
public final class CNumbers {
    private CNumbers() {
    }

    /** atoi: leading blanks, optional sign, decimal digits up to the first other char; 0 when none. */
    public static int atoi(String s) {
        return (int) strtol(s);
    }

    /** strtol(s, NULL, 10), saturating at the long range like glibc. */
    public static long strtol(String s) {
        int i = skipSpace(s);
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        boolean overflow = false;
        for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            int d = s.charAt(i) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            } else {
                v = v * 10 + d;
            }
        }
        if (overflow) {
            return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return neg ? -v : v;
    }

    /** strtoull(s, NULL, 10): like strtol but unsigned; "-n" wraps; overflow gives 2^64-1 (as a long, -1). */
    public static long strtoull(String s) {
        int i = skipSpace(s);
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            int d = s.charAt(i) - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                return -1L;
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    private static int skipSpace(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || (s.charAt(i) >= 9 && s.charAt(i) <= 13))) {
            i++;
        }
        return i;
    }
}
