package io.hashslot.common;

/** Key to hash slot: CRC16 of the key (or of its first non-empty {hash tag}) modulo 16384. */
public final class HashSlot {
    public static final int COUNT = 16384;
    public static final int MASK = COUNT - 1;

    private HashSlot() {
    }

    public static int of(byte[] key) {
        int open = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open >= 0) {
            for (int close = open + 1; close < key.length; close++) {
                if (key[close] == '}') {
                    if (close > open + 1) {
                        return Crc16.crc16(key, open + 1, close) & MASK;
                    }
                    break;
                }
            }
        }
        return Crc16.crc16(key, 0, key.length) & MASK;
    }
}
