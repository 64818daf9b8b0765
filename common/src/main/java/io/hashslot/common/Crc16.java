package io.hashslot.common;

/** CRC16/XMODEM (polynomial 0x1021, initial value 0), the checksum Redis Cluster uses for key slots. */
public final class Crc16 {
    private static final int[] TABLE = buildTable();

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
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }
}
