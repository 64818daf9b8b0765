package io.hashslot.common;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Number parsing and formatting with Redis's exact rules: strict integers (no sign '+', no leading zeros, no
 * spaces), strtod-compatible doubles, and C's {@code %.17g} output.
 */
public final class Numbers {
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);
    /** Longest accepted integer text, as Redis's LONG_STR_SIZE - 1. */
    private static final int MAX_LONG_CHARS = 20;

    private Numbers() {
    }

    public static boolean isLong(byte[] b) {
        return isLong(b, 0, b.length);
    }

    public static boolean isLong(byte[] b, int off, int len) {
        try {
            parseLong(b, off, len);
            return true;
        } catch (NotANumberException e) {
            return false;
        }
    }

    public static long parseLong(byte[] b) throws NotANumberException {
        return parseLong(b, 0, b.length);
    }

    /** Redis's string2ll: the whole text must be a canonical base-10 signed 64-bit integer. */
    public static long parseLong(byte[] b, int off, int len) throws NotANumberException {
        if (len == 0 || len > MAX_LONG_CHARS) {
            throw new NotANumberException();
        }
        if (len == 1 && b[off] == '0') {
            return 0;
        }
        int p = off;
        int end = off + len;
        boolean negative = false;
        if (b[p] == '-') {
            negative = true;
            p++;
            if (p == end) {
                throw new NotANumberException();
            }
        }
        if (b[p] < '1' || b[p] > '9') {
            throw new NotANumberException();
        }
        long v = b[p++] - '0';
        // accumulate as a negative number so that Long.MIN_VALUE fits
        v = -v;
        while (p < end) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                throw new NotANumberException();
            }
            if (v < Long.MIN_VALUE / 10) {
                throw new NotANumberException();
            }
            v *= 10;
            if (v < Long.MIN_VALUE + d) {
                throw new NotANumberException();
            }
            v -= d;
            p++;
        }
        if (negative) {
            return v;
        }
        if (v == Long.MIN_VALUE) {
            throw new NotANumberException();
        }
        return -v;
    }

    public static byte[] toBytes(long v) {
        if (v >= 0 && v < 10) {
            return new byte[] {(byte) ('0' + v)};
        }
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * strtod-compatible parsing with Redis's checks (getDoubleFromObject): the whole text must be consumed, no
     * leading space, not NaN, no overflow to infinity from a finite literal, no underflow to zero.
     */
    public static double parseDouble(byte[] b) throws NotANumberException {
        return parseDouble(b, 0, b.length);
    }

    public static double parseDouble(byte[] b, int off, int len) throws NotANumberException {
        if (len == 0 || len > 5000) {
            throw new NotANumberException();
        }
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
        FloatText t = FloatText.scan(s);
        if (t == null || t.nan) {
            throw new NotANumberException();
        }
        if (t.infinite) {
            return t.negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double d = t.hex ? Double.parseDouble(t.javaText()) : Double.parseDouble(t.javaText());
        if (Double.isInfinite(d)) {
            throw new NotANumberException();
        }
        if (d == 0 && t.nonZeroDigits) {
            throw new NotANumberException();
        }
        return d;
    }

    /**
     * C's strtod applied to a whole literal with no range checks, as Redis's zslParseRange uses it: the text must
     * be one strtod literal (no surrounding space) and not NaN, but overflow gives an infinity and underflow zero
     * instead of an error.
     */
    public static double parseDoubleUnchecked(byte[] b, int off, int len) throws NotANumberException {
        FloatText t = FloatText.scan(new String(b, off, len, StandardCharsets.ISO_8859_1));
        if (t == null || t.nan) {
            throw new NotANumberException();
        }
        if (t.infinite) {
            return t.negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t.javaText());
    }

    /** C's printf("%.17g"): 17 significant digits, trailing zeros removed, exponent form outside [1e-5, 1e17). */
    public static String formatG17(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1.0 / d) < 0 ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        BigDecimal rounded = new BigDecimal(d).round(SEVENTEEN);
        return formatG(rounded, 17);
    }

    /** C's %.{precision}g applied to an already rounded decimal. */
    static String formatG(BigDecimal rounded, int precision) {
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.toPlainString();
            StringBuilder sb = new StringBuilder(m.length() + 5).append(m).append('e');
            sb.append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            return sb.append(abs).toString();
        }
        BigDecimal stripped = rounded.stripTrailingZeros();
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0);
        }
        return stripped.toPlainString();
    }

    /** Redis's d2string: integers print as integers, everything else as %.17g. */
    public static String d2string(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && d != 0 && Math.abs(d) < 9.2e18) {
            long l = (long) d;
            if ((double) l == d) {
                return Long.toString(l);
            }
        }
        return formatG17(d);
    }

    /** The lexical form of a C floating point literal, as strtod reads it. */
    static final class FloatText {
        boolean negative;
        boolean infinite;
        boolean nan;
        boolean hex;
        boolean nonZeroDigits;
        String body;

        String javaText() {
            return (negative ? "-" : "") + body;
        }

        /** Returns null when the text is not entirely one strtod literal. */
        static FloatText scan(String s) {
            FloatText t = new FloatText();
            int i = 0;
            int n = s.length();
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                t.negative = s.charAt(i) == '-';
                i++;
            }
            String rest = s.substring(i);
            String lower = rest.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("inf") || lower.equals("infinity")) {
                t.infinite = true;
                return t;
            }
            if (lower.equals("nan") || (lower.startsWith("nan(") && lower.endsWith(")"))) {
                t.nan = true;
                return t;
            }
            if (lower.startsWith("0x")) {
                return scanHex(t, rest.substring(2)) ? t : null;
            }
            int j = 0;
            int m = rest.length();
            int digits = 0;
            while (j < m && isDigit(rest.charAt(j))) {
                if (rest.charAt(j) != '0') {
                    t.nonZeroDigits = true;
                }
                j++;
                digits++;
            }
            if (j < m && rest.charAt(j) == '.') {
                j++;
                while (j < m && isDigit(rest.charAt(j))) {
                    if (rest.charAt(j) != '0') {
                        t.nonZeroDigits = true;
                    }
                    j++;
                    digits++;
                }
            }
            if (digits == 0) {
                return null;
            }
            if (j < m && (rest.charAt(j) == 'e' || rest.charAt(j) == 'E')) {
                int k = j + 1;
                if (k < m && (rest.charAt(k) == '+' || rest.charAt(k) == '-')) {
                    k++;
                }
                int expDigits = 0;
                while (k < m && isDigit(rest.charAt(k))) {
                    k++;
                    expDigits++;
                }
                if (expDigits > 0) {
                    j = k;
                }
            }
            if (j != m) {
                return null;
            }
            t.body = rest;
            return t;
        }

        private static boolean scanHex(FloatText t, String r) {
            int j = 0;
            int m = r.length();
            int digits = 0;
            StringBuilder mant = new StringBuilder();
            while (j < m && Character.digit(r.charAt(j), 16) >= 0) {
                if (r.charAt(j) != '0') {
                    t.nonZeroDigits = true;
                }
                mant.append(r.charAt(j++));
                digits++;
            }
            if (j < m && r.charAt(j) == '.') {
                mant.append('.');
                j++;
                while (j < m && Character.digit(r.charAt(j), 16) >= 0) {
                    if (r.charAt(j) != '0') {
                        t.nonZeroDigits = true;
                    }
                    mant.append(r.charAt(j++));
                    digits++;
                }
            }
            if (digits == 0) {
                return false;
            }
            String exp = "p0";
            if (j < m && (r.charAt(j) == 'p' || r.charAt(j) == 'P')) {
                int k = j + 1;
                if (k < m && (r.charAt(k) == '+' || r.charAt(k) == '-')) {
                    k++;
                }
                int expDigits = 0;
                while (k < m && isDigit(r.charAt(k))) {
                    k++;
                    expDigits++;
                }
                if (expDigits > 0) {
                    exp = "p" + r.substring(j + 1, k);
                    j = k;
                }
            }
            if (j != m) {
                return false;
            }
            t.hex = true;
            t.body = "0x" + mant + exp;
            return true;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
