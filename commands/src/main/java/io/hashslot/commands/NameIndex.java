package io.hashslot.commands;

import java.util.Arrays;

/**
 * Case-insensitive lookup of command names straight from argv bytes, without building a String per command.
 * Open addressing over lower-cased ASCII names.
 */
final class NameIndex {
    private byte[][] names = new byte[512][];
    private CommandSpec[] values = new CommandSpec[512];
    private int size;

    private static int hash(byte[] b) {
        int h = 0;
        for (byte x : b) {
            h = h * 31 + lower(x);
        }
        return h ^ (h >>> 16);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static boolean equalsIgnoreCase(byte[] stored, byte[] probe) {
        if (stored.length != probe.length) {
            return false;
        }
        for (int i = 0; i < stored.length; i++) {
            if (stored[i] != lower(probe[i])) {
                return false;
            }
        }
        return true;
    }

    CommandSpec get(byte[] name) {
        int mask = names.length - 1;
        int i = hash(name) & mask;
        while (names[i] != null) {
            if (equalsIgnoreCase(names[i], name)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void put(String name, CommandSpec spec) {
        if ((size + 1) * 2 > names.length) {
            rehash(names.length * 2);
        }
        byte[] key = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int mask = names.length - 1;
        int i = hash(key) & mask;
        while (names[i] != null) {
            if (Arrays.equals(names[i], key)) {
                values[i] = spec;
                return;
            }
            i = (i + 1) & mask;
        }
        names[i] = key;
        values[i] = spec;
        size++;
    }

    void remove(String name) {
        byte[][] oldNames = names;
        CommandSpec[] oldValues = values;
        names = new byte[oldNames.length][];
        values = new CommandSpec[oldValues.length];
        size = 0;
        byte[] key = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < oldNames.length; i++) {
            if (oldNames[i] != null && !Arrays.equals(oldNames[i], key)) {
                put(new String(oldNames[i], java.nio.charset.StandardCharsets.ISO_8859_1), oldValues[i]);
            }
        }
    }

    private void rehash(int capacity) {
        byte[][] oldNames = names;
        CommandSpec[] oldValues = values;
        names = new byte[capacity][];
        values = new CommandSpec[capacity];
        size = 0;
        for (int i = 0; i < oldNames.length; i++) {
            if (oldNames[i] != null) {
                put(new String(oldNames[i], java.nio.charset.StandardCharsets.ISO_8859_1), oldValues[i]);
            }
        }
    }
}
