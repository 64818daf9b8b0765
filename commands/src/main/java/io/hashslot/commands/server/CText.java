package io.hashslot.commands.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lenient C conversions some commands apply to their arguments (strtod, atoi, strtoll prefixes). */
final class CText {
    private static final Pattern DOUBLE_PREFIX =
        Pattern.compile("^[ \\t\\n\\x0B\\f\\r]*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");
    private static final Pattern INT_PREFIX = Pattern.compile("^[ \\t\\n\\x0B\\f\\r]*([+-]?\\d+)");

    private CText() {
    }

    /** strtod(s, NULL): the number at the start of {@code s}, 0 when there is none. */
    static double strtod(String s) {
        Matcher m = DOUBLE_PREFIX.matcher(s);
        if (!m.find()) {
            return 0;
        }
        return Double.parseDouble(m.group(1));
    }

    /** atoi: the integer at the start of {@code s} (as a C int), 0 when there is none. */
    static int atoi(String s) {
        Matcher m = INT_PREFIX.matcher(s);
        if (!m.find()) {
            return 0;
        }
        String digits = m.group(1);
        try {
            return (int) Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return digits.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
    }
}
