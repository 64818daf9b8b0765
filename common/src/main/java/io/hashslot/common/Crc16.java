package io.hashslot.common;

/** CRC16/XMODEM (polynomial 0x1021, initial value 0), the checksum Redis Cluster uses for key slots. */
public final class Crc16 {
    private static final int[] TABLE = buildTable();
    /** TABLE2[x]: the effect of byte x followed by a zero byte, so two input bytes cost two independent lookups. */
    private static final int[] TABLE2 = buildTable2();

    private static int[] buildTable2() {
        int[] t2 = new int[256];
        for (int x = 0; x < 256; x++) {
            int a = TABLE[x];
            t2[x] = ((a & 0xff) << 8) ^ TABLE[a >>> 8];
        }
        return t2;
    }

    private Crc16() {
    }

    private static int[] buildTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[i] = crc & 0xffff;
        }
        return table;
    }

    public static int crc16(byte[] data, int from, int to) {
        int crc = 0;
        int i = from;
        for (; i + 1 < to; i += 2) {
            crc = TABLE2[((crc >>> 8) ^ data[i]) & 0xff] ^ TABLE[((crc & 0xff) ^ data[i + 1]) & 0xff];
        }
        if (i < to) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }
}
