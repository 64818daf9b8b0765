package io.hashslot.tools.cli;

/**
 * The lenient C conversions redis-cli applies to option values: atoi/strtol (leading blanks, optional sign, digits
 * up to the first other character, 0 when there are none) and atof (the longest prefix that is a number).
 */
final class CNumbers {
    private CNumbers() {
    }

    /** strtoll(s, NULL, 10): clamps to the long range like C does on overflow. */
    static long strtol(String s) {
        int i = skipBlanks(s, 0);
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        boolean overflow = false;
        for (; i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128; i++) {
            int d = s.charAt(i) - '0';
            if (!overflow) {
                if (v > (Long.MAX_VALUE - d) / 10) {
                    overflow = true;
                } else {
                    v = v * 10 + d;
                }
            }
        }
        if (overflow) {
            return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return neg ? -v : v;
    }

    /** atoi(s): the int conversion of strtol (wrapping like the usual C implementations). */
    static int atoi(String s) {
        return (int) strtol(s);
    }

    /** atof(s): the value of the longest decimal prefix, 0 when there is none. */
    static double atof(String s) {
        int start = skipBlanks(s, 0);
        for (int end = s.length(); end > start; end--) {
            char last = s.charAt(end - 1);
            if (!Character.isDigit(last) && last != '.') {
                continue;
            }
            try {
                return Double.parseDouble(s.substring(start, end));
            } catch (NumberFormatException e) {
                // try a shorter prefix
            }
        }
        return 0;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || (s.charAt(i) >= 9 && s.charAt(i) <= 13))) {
            i++;
        }
        return i;
    }
}
