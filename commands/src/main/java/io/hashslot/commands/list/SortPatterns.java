package io.hashslot.commands.list;

import io.hashslot.commands.Client;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;
import io.hashslot.store.types.HashValue;

/**
 * SORT's BY and GET patterns (lookupKeyByPattern): "#" is the element itself; otherwise the first '*' is replaced
 * by the element to name a key, and "key*->field" reads a hash field. Patterns are searched as C strings (up to a
 * NUL byte), as Redis does, while the text after '*' is copied whole.
 */
final class SortPatterns {
    private SortPatterns() {
    }

    /** Length of the C string in {@code b}: up to the first NUL byte. */
    static int cLength(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    /** Whether a BY pattern names keys to weigh by (has a '*'); otherwise SORT does not sort. */
    static boolean hasStar(byte[] pattern) {
        int n = cLength(pattern);
        for (int i = 0; i < n; i++) {
            if (pattern[i] == '*') {
                return true;
            }
        }
        return false;
    }

    /** The value the pattern names for {@code element}, or null (missing key, wrong type, missing field). */
    static byte[] lookup(Client c, byte[] pattern, byte[] element) {
        if (pattern.length >= 1 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) {
            return element;
        }
        int cLen = cLength(pattern);
        int star = -1;
        for (int i = 0; i < cLen; i++) {
            if (pattern[i] == '*') {
                star = i;
                break;
            }
        }
        if (star < 0) {
            return null;
        }
        int arrow = -1;
        for (int i = star + 1; i + 1 < cLen; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        int fieldLen = 0;
        byte[] field = null;
        if (arrow >= 0 && arrow + 2 < cLen) {
            fieldLen = pattern.length - arrow - 2;
            field = new byte[fieldLen];
            System.arraycopy(pattern, arrow + 2, field, 0, fieldLen);
        }
        int postfixLen = pattern.length - (star + 1) - (field != null ? fieldLen + 2 : 0);
        byte[] key = new byte[star + element.length + postfixLen];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, postfixLen);
        Entry e = c.db().lookupRead(key);
        if (e == null) {
            c.server().stats().keyspaceMisses++;
            return null;
        }
        c.server().stats().keyspaceHits++;
        Object v = e.value();
        if (field != null) {
            return v instanceof HashValue h ? h.get(field) : null;
        }
        return Values.isString(v) ? Values.stringBytes(v) : null;
    }
}
