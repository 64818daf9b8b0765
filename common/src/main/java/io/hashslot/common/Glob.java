package io.hashslot.common;

/**
 * Redis's glob-style matching ({@code *}, {@code ?}, {@code [a-z]}, {@code [^...]}, backslash escapes), with
 * the same corner cases as Redis's stringmatchlen, including the early exit that keeps patterns with many stars
 * from taking exponential time. Bytes compare as signed values, as C chars do on x86.
 */
public final class Glob {
    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return matches(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    public static boolean matches(byte[] pattern, int pOff, int pLen, byte[] string, int sOff, int sLen,
                                  boolean nocase) {
        return match(pattern, pOff, pOff + pLen, string, sOff, sOff + sLen, nocase, new boolean[1]);
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static boolean match(byte[] pat, int p, int pEnd, byte[] str, int s, int sEnd, boolean nocase,
                                 boolean[] skipLonger) {
        while (p < pEnd && s < sEnd) {
            switch (pat[p]) {
                case '*' -> {
                    while (p + 1 < pEnd && pat[p + 1] == '*') {
                        p++;
                    }
                    if (p + 1 == pEnd) {
                        return true;
                    }
                    while (s < sEnd) {
                        if (match(pat, p + 1, pEnd, str, s, sEnd, nocase, skipLonger)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                        s++;
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> s++;
                case '[' -> {
                    p++;
                    boolean not = p < pEnd && pat[p] == '^';
                    if (not) {
                        p++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (p < pEnd && pat[p] == '\\' && pEnd - p >= 2) {
                            p++;
                            if (pat[p] == str[s]) {
                                matched = true;
                            }
                        } else if (p < pEnd && pat[p] == ']') {
                            break;
                        } else if (p >= pEnd) {
                            p--;
                            break;
                        } else if (pEnd - p >= 3 && pat[p + 1] == '-') {
                            int start = pat[p];
                            int end = pat[p + 2];
                            int c = str[s];
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = lower(start);
                                end = lower(end);
                                c = lower(c);
                            }
                            p += 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (nocase ? lower(pat[p]) == lower(str[s]) : pat[p] == str[s]) {
                            matched = true;
                        }
                        p++;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    s++;
                }
                default -> {
                    if (pat[p] == '\\' && pEnd - p >= 2) {
                        p++;
                    }
                    if (nocase ? lower(pat[p]) != lower(str[s]) : pat[p] != str[s]) {
                        return false;
                    }
                    s++;
                }
            }
            p++;
            if (s == sEnd) {
                while (p < pEnd && pat[p] == '*') {
                    p++;
                }
                break;
            }
        }
        return p == pEnd && s == sEnd;
    }
}
