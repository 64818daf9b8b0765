package io.hashslot.scripting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/** C library number text as glibc produces and reads it: printf's %.Ng and strtod's longest-prefix parse. */
final class CNumbers {
    private CNumbers() {
    }

    /** printf("%.{precision}g", d). */
    static String g(double d, int precision) {
        if (Double.isNaN(d)) {
            return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (precision == 0) {
            precision = 1;
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        BigDecimal r = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = r.precision() - r.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String m = r.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            StringBuilder sb = new StringBuilder(m).append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            return sb.append(abs).toString();
        }
        BigDecimal s = r.stripTrailingZeros();
        if (s.scale() < 0) {
            s = s.setScale(0);
        }
        return s.toPlainString();
    }

    /** Result of {@link #strtod}: the value and the index after the number (== start when nothing was read). */
    record Parsed(double value, int end) {
    }

    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] & 0xff : 0;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hex(int c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean matchIgnoreCase(byte[] s, int i, String word) {
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase(at(s, i + k)) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** strtod from {@code start}: the longest prefix that is a C floating point literal. */
    static Parsed strtod(byte[] s, int start) {
        int i = start;
        while (at(s, i) == ' ' || (at(s, i) >= '\t' && at(s, i) <= '\r')) {
            i++;
        }
        boolean negative = false;
        if (at(s, i) == '+' || at(s, i) == '-') {
            negative = at(s, i) == '-';
            i++;
        }
        if (matchIgnoreCase(s, i, "inf")) {
            int end = matchIgnoreCase(s, i, "infinity") ? i + 8 : i + 3;
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, end);
        }
        if (matchIgnoreCase(s, i, "nan")) {
            int end = i + 3;
            if (at(s, end) == '(') {
                int k = end + 1;
                while (Character.isLetterOrDigit(at(s, k)) || at(s, k) == '_') {
                    k++;
                }
                if (at(s, k) == ')') {
                    end = k + 1;
                }
            }
            return new Parsed(negative ? -Double.NaN : Double.NaN, end);
        }
        if (at(s, i) == '0' && (at(s, i + 1) | 0x20) == 'x'
            && (hex(at(s, i + 2)) || (at(s, i + 2) == '.' && hex(at(s, i + 3))))) {
            return hexFloat(s, i + 2, negative);
        }
        int mantissa = i;
        int digits = 0;
        while (digit(at(s, i))) {
            i++;
            digits++;
        }
        if (at(s, i) == '.') {
            i++;
            while (digit(at(s, i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return new Parsed(0, start);
        }
        int end = i;
        if ((at(s, i) | 0x20) == 'e') {
            int k = i + 1;
            if (at(s, k) == '+' || at(s, k) == '-') {
                k++;
            }
            if (digit(at(s, k))) {
                while (digit(at(s, k))) {
                    k++;
                }
                end = k;
            }
        }
        double v = Double.parseDouble(new String(s, mantissa, end - mantissa, StandardCharsets.ISO_8859_1));
        return new Parsed(negative ? -v : v, end);
    }

    private static Parsed hexFloat(byte[] s, int i, boolean negative) {
        StringBuilder m = new StringBuilder("0x");
        while (hex(at(s, i))) {
            m.append((char) at(s, i++));
        }
        if (at(s, i) == '.') {
            m.append('.');
            i++;
            while (hex(at(s, i))) {
                m.append((char) at(s, i++));
            }
        }
        int end = i;
        String exp = "0";
        if ((at(s, i) | 0x20) == 'p') {
            int k = i + 1;
            StringBuilder e = new StringBuilder();
            if (at(s, k) == '+' || at(s, k) == '-') {
                e.append((char) at(s, k++));
            }
            if (digit(at(s, k))) {
                while (digit(at(s, k))) {
                    e.append((char) at(s, k++));
                }
                end = k;
                exp = e.toString();
            }
        }
        String text = m.toString();
        if (text.endsWith(".")) {
            text = text + "0";
        }
        double v;
        try {
            v = Double.parseDouble(text + "p" + exp);
        } catch (NumberFormatException e) {
            v = Double.POSITIVE_INFINITY; // exponent beyond int: overflow
        }
        return new Parsed(negative ? -v : v, end);
    }
}
