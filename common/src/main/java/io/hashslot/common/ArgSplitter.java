package io.hashslot.common;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into arguments the way Redis does for inline commands and config files: blanks separate
 * arguments, "double quotes" understand \n \r \t \b \a \xHH and backslash escapes, 'single quotes' only \'.
 * A closing quote must be followed by a blank or the end of the line. A NUL byte ends the line, as in C.
 */
public final class ArgSplitter {
    private ArgSplitter() {
    }

    /** Returns the arguments, or null when quotes are unbalanced or a closing quote is followed by text. */
    public static List<byte[]> split(byte[] line, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (line[i] == 0) {
                end = i;
                break;
            }
        }
        List<byte[]> out = new ArrayList<>();
        int p = off;
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        while (true) {
            while (p < end && isSpace(line[p])) {
                p++;
            }
            if (p >= end) {
                return out;
            }
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            cur.reset();
            while (!done) {
                int c = p < end ? line[p] & 0xff : 0;
                int next = p + 1 < end ? line[p + 1] & 0xff : 0;
                if (inq) {
                    if (c == '\\' && next == 'x' && p + 3 < end && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        cur.write(Character.digit(line[p + 2], 16) * 16 + Character.digit(line[p + 3], 16));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        cur.write(switch (next) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> next;
                        });
                    } else if (c == '"') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        cur.write(c);
                    }
                } else if (insq) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        cur.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> cur.write(c);
                    }
                }
                if (p < end) {
                    p++;
                }
            }
            out.add(cur.toByteArray());
        }
    }

    public static List<byte[]> split(byte[] line) {
        return split(line, 0, line.length);
    }

    /** C's isspace: space, \t, \n, \v, \f, \r. */
    static boolean isSpace(byte b) {
        return b == ' ' || (b >= 9 && b <= 13);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
