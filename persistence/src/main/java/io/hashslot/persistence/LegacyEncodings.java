package io.hashslot.persistence;

import io.hashslot.common.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact blobs older RDB types carry: intset (type 11, also written by 7.0), ziplist (types 10, 12, 13, 14)
 * and zipmap (type 9). Ziplists and zipmaps are only read; Redis 7.0 never writes them.
 */
public final class LegacyEncodings {
    private LegacyEncodings() {
    }

    /** Serializes sorted distinct integers as an intset with the smallest width that fits all. */
    public static byte[] encodeIntset(long[] sorted) {
        return encodeIntset(sorted, 2);
    }

    /**
     * Serializes an intset with at least {@code minWidth} bytes per value: Redis's intsets keep the widest width
     * they ever needed, even after the wide members are gone.
     */
    public static byte[] encodeIntset(long[] sorted, int minWidth) {
        int width = minWidth;
        for (long v : sorted) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                width = 8;
            } else if ((v < Short.MIN_VALUE || v > Short.MAX_VALUE) && width < 4) {
                width = 4;
            }
        }
        byte[] b = new byte[8 + width * sorted.length];
        putLe(b, 0, width, 4);
        putLe(b, 4, sorted.length, 4);
        for (int i = 0; i < sorted.length; i++) {
            putLe(b, 8 + i * width, sorted[i], width);
        }
        return b;
    }

    private static void putLe(byte[] b, int off, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    public static long[] decodeIntset(byte[] b) throws RdbFormatException {
        if (b.length < 8) {
            throw new RdbFormatException("intset too short");
        }
        int width = (int) RedisListpack.readLe(b, 0, 4);
        long len = RedisListpack.readLe(b, 4, 4);
        if ((width != 2 && width != 4 && width != 8) || len == 0 || b.length != 8 + width * len) {
            throw new RdbFormatException("intset header invalid");
        }
        long[] out = new long[(int) len];
        for (int i = 0; i < len; i++) {
            long v = RedisListpack.readLe(b, 8 + i * width, width);
            if (width == 2) {
                v = (short) v;
            } else if (width == 4) {
                v = (int) v;
            }
            out[i] = v;
            if (i > 0 && out[i - 1] >= v) {
                throw new RdbFormatException("intset not strictly ascending");
            }
        }
        return out;
    }

    /** Parses a ziplist into its entries (integers as decimal text). */
    public static List<byte[]> decodeZiplist(byte[] b) throws RdbFormatException {
        if (b.length < 11) {
            throw new RdbFormatException("ziplist too short");
        }
        long zlbytes = RedisListpack.readLe(b, 0, 4);
        if (zlbytes != b.length || (b[b.length - 1] & 0xFF) != 0xFF) {
            throw new RdbFormatException("ziplist header invalid");
        }
        List<byte[]> out = new ArrayList<>();
        int p = 10;
        int end = b.length - 1;
        while (p < end) {
            int prev = b[p] & 0xFF;
            p += prev == 0xFE ? 5 : 1;
            if (p >= end) {
                throw new RdbFormatException("ziplist entry past the end");
            }
            int enc = b[p] & 0xFF;
            int type = enc >>> 6;
            if (type == 0) {
                int len = enc & 0x3F;
                out.add(slice(b, p + 1, len, end));
                p += 1 + len;
            } else if (type == 1) {
                check(p + 2, end);
                int len = ((enc & 0x3F) << 8) | (b[p + 1] & 0xFF);
                out.add(slice(b, p + 2, len, end));
                p += 2 + len;
            } else if (type == 2) {
                check(p + 5, end);
                long len = ((b[p + 1] & 0xFFL) << 24) | ((b[p + 2] & 0xFFL) << 16) | ((b[p + 3] & 0xFFL) << 8)
                    | (b[p + 4] & 0xFFL);
                out.add(slice(b, p + 5, (int) len, end));
                p += 5 + (int) len;
            } else {
                long v;
                int size;
                switch (enc) {
                    case 0xC0 -> {
                        size = 2;
                        check(p + 1 + size, end);
                        v = (short) RedisListpack.readLe(b, p + 1, 2);
                    }
                    case 0xD0 -> {
                        size = 4;
                        check(p + 1 + size, end);
                        v = (int) RedisListpack.readLe(b, p + 1, 4);
                    }
                    case 0xE0 -> {
                        size = 8;
                        check(p + 1 + size, end);
                        v = RedisListpack.readLe(b, p + 1, 8);
                    }
                    case 0xF0 -> {
                        size = 3;
                        check(p + 1 + size, end);
                        v = RedisListpack.readLe(b, p + 1, 3);
                        if ((v & 0x800000) != 0) {
                            v -= 1 << 24;
                        }
                    }
                    case 0xFE -> {
                        size = 1;
                        check(p + 1 + size, end);
                        v = b[p + 1];
                    }
                    default -> {
                        if (enc >= 0xF1 && enc <= 0xFD) {
                            size = 0;
                            v = (enc & 0x0F) - 1;
                        } else {
                            throw new RdbFormatException("invalid ziplist entry encoding");
                        }
                    }
                }
                out.add(Numbers.toBytes(v));
                p += 1 + size;
            }
        }
        return out;
    }

    /** Parses a zipmap into key, value, key, value... */
    public static List<byte[]> decodeZipmap(byte[] b) throws RdbFormatException {
        if (b.length < 2) {
            throw new RdbFormatException("zipmap too short");
        }
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while (true) {
            if (p >= b.length) {
                throw new RdbFormatException("zipmap not terminated");
            }
            if ((b[p] & 0xFF) == 0xFF) {
                break;
            }
            int[] klen = zipmapLen(b, p);
            p += klen[1];
            out.add(slice(b, p, klen[0], b.length));
            p += klen[0];
            if (p >= b.length) {
                throw new RdbFormatException("zipmap value missing");
            }
            int[] vlen = zipmapLen(b, p);
            p += vlen[1];
            int free = b[p++] & 0xFF;
            out.add(slice(b, p, vlen[0], b.length));
            p += vlen[0] + free;
        }
        if (out.size() % 2 != 0) {
            throw new RdbFormatException("zipmap odd entry count");
        }
        return out;
    }

    private static int[] zipmapLen(byte[] b, int p) throws RdbFormatException {
        int first = b[p] & 0xFF;
        if (first < 254) {
            return new int[] {first, 1};
        }
        if (first == 254) {
            check(p + 5, b.length);
            return new int[] {(int) RedisListpack.readLe(b, p + 1, 4), 5};
        }
        throw new RdbFormatException("invalid zipmap length");
    }

    private static void check(int upTo, int end) throws RdbFormatException {
        if (upTo > end) {
            throw new RdbFormatException("entry past the end");
        }
    }

    private static byte[] slice(byte[] b, int from, int len, int end) throws RdbFormatException {
        if (len < 0 || from + len > end) {
            throw new RdbFormatException("string past the end");
        }
        return java.util.Arrays.copyOfRange(b, from, from + len);
    }
}
