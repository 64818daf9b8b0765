package io.hashslot.common.config;

import java.util.Locale;

/** Text helpers shared by config types: yes/no, memory units, quoting for rewritten files. */
public final class ConfigText {
    private ConfigText() {
    }

    /** Redis's yesnotoi: -1 when neither. */
    public static int yesNo(String s) {
        if (s.equalsIgnoreCase("yes")) {
            return 1;
        }
        if (s.equalsIgnoreCase("no")) {
            return 0;
        }
        return -1;
    }

    /**
     * Redis's memtoull: a non-negative integer with an optional unit b, k, kb, m, mb, g, gb (case-insensitive;
     * k/m/g are powers of 1000, kb/mb/gb of 1024). Returns -1 when the text is not such a value.
     */
    public static long parseMemory(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        long mul = 1;
        String digits = l;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
            {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (l.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                digits = l.substring(0, l.length() - u[0].length());
                break;
            }
        }
        if (digits.isEmpty() || digits.length() > 20) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), mul);
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Redis's memtoull with its exact edge cases: digits (possibly none, meaning 0) followed by an optional unit
     * b, k, kb, m, mb, g, gb (case-insensitive); a leading '-' or any other suffix is an error. Digits beyond the
     * 64-bit range saturate and the unit multiplication wraps, as in C. Returns the unsigned value in a long, or
     * null when the text is not a memory value.
     */
    public static Long memoryValue(String s) {
        if (s.startsWith("-")) {
            return null;
        }
        int u = 0;
        while (u < s.length() && s.charAt(u) >= '0' && s.charAt(u) <= '9') {
            u++;
        }
        String unit = s.substring(u).toLowerCase(Locale.ROOT);
        long mul = switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000 * 1000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (mul == 0 || u >= 128) {
            return null;
        }
        long val = 0;
        for (int i = 0; i < u; i++) {
            int d = s.charAt(i) - '0';
            if (Long.compareUnsigned(val, Long.divideUnsigned(-1L - d, 10)) > 0) {
                val = -1L; // strtoull saturates at ULLONG_MAX
                break;
            }
            val = val * 10 + d;
        }
        return val * mul;
    }

    /**
     * C's strtoll(s, &end, 10) followed by a check that the whole string was used: leading white space and a
     * sign are allowed, out of range values saturate, and the empty string reads as 0 (no digits, end at the
     * terminator). Returns null when characters are left over.
     */
    public static Long strtollWhole(String s) {
        int i = 0;
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digitsAt = i;
        long val = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (!overflow) {
                if (val > (Long.MAX_VALUE - d) / 10) {
                    overflow = true;
                } else {
                    val = val * 10 + d;
                }
            }
            i++;
        }
        if (i == digitsAt) {
            // no digits: strtoll leaves the end pointer at the start of the string
            return s.isEmpty() ? 0L : null;
        }
        if (i != s.length()) {
            return null;
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -val : val;
    }

    /** Quotes a value for a config file when it is empty or contains blanks, quotes or control bytes. */
    public static String quoteIfNeeded(String v) {
        boolean needs = v.isEmpty();
        for (int i = 0; i < v.length() && !needs; i++) {
            char c = v.charAt(i);
            needs = c <= ' ' || c == '"' || c == '\'' || c == '\\' || c > 126;
        }
        return needs ? repr(v) : v;
    }

    /** Redis's sdscatrepr: a double-quoted string with escapes. */
    public static String repr(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c < 32 || c > 126) {
                        sb.append(String.format("\\x%02x", (int) c & 0xff));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
