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
