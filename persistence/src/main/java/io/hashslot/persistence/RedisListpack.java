package io.hashslot.persistence;

import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's listpack serialization (types 16, 17, 18 and stream nodes): header {@code total_bytes u32 LE,
 * num_elements u16 LE}, entries {@code encoding+data, backlen}, terminator 0xFF. Integers that are canonical
 * int64 text are stored in the smallest integer form, as Redis does.
 */
public final class RedisListpack {
    private RedisListpack() {
    }

    /** Serializes elements exactly as Redis would build the listpack by appending them in order. */
    public static byte[] encode(List<byte[]> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[6], 0, 6);
        for (byte[] e : elements) {
            int start = out.size();
            writeEntry(out, e);
            writeBacklen(out, out.size() - start);
        }
        out.write(0xFF);
        byte[] b = out.toByteArray();
        int total = b.length;
        b[0] = (byte) total;
        b[1] = (byte) (total >>> 8);
        b[2] = (byte) (total >>> 16);
        b[3] = (byte) (total >>> 24);
        int n = elements.size() < 65535 ? elements.size() : 65535;
        b[4] = (byte) n;
        b[5] = (byte) (n >>> 8);
        return b;
    }

    /** Size in bytes of one element's encoding+data plus backlen (what Redis's quicklist fill accounting uses). */
    public static int entrySize(byte[] e) {
        int l = encodingSize(e);
        return l + backlenSize(l);
    }

    private static Long asInt(byte[] e) {
        if (e.length == 0 || e.length > 20) {
            return null;
        }
        try {
            return Numbers.parseLong(e);
        } catch (NotANumberException x) {
            return null;
        }
    }

    private static int encodingSize(byte[] e) {
        Long v = asInt(e);
        if (v != null) {
            long x = v;
            if (x >= 0 && x <= 127) {
                return 1;
            } else if (x >= -4096 && x <= 4095) {
                return 2;
            } else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) {
                return 3;
            } else if (x >= -(1 << 23) && x <= (1 << 23) - 1) {
                return 4;
            } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
                return 5;
            }
            return 9;
        }
        int len = e.length;
        if (len < 64) {
            return 1 + len;
        } else if (len < 4096) {
            return 2 + len;
        }
        return 5 + len;
    }

    private static int backlenSize(int l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    private static void writeEntry(ByteArrayOutputStream out, byte[] e) {
        Long v = asInt(e);
        if (v != null) {
            long x = v;
            if (x >= 0 && x <= 127) {
                out.write((int) x);
            } else if (x >= -4096 && x <= 4095) {
                int u = (int) (x & 0x1FFF);
                out.write(0xC0 | (u >>> 8));
                out.write(u & 0xFF);
            } else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) {
                out.write(0xF1);
                le(out, x, 2);
            } else if (x >= -(1 << 23) && x <= (1 << 23) - 1) {
                out.write(0xF2);
                le(out, x, 3);
            } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
                out.write(0xF3);
                le(out, x, 4);
            } else {
                out.write(0xF4);
                le(out, x, 8);
            }
            return;
        }
        int len = e.length;
        if (len < 64) {
            out.write(0x80 | len);
        } else if (len < 4096) {
            out.write(0xE0 | (len >>> 8));
            out.write(len & 0xFF);
        } else {
            out.write(0xF0);
            le(out, len, 4);
        }
        out.write(e, 0, e.length);
    }

    private static void le(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private static void writeBacklen(ByteArrayOutputStream out, int l) {
        int n = backlenSize(l);
        // most significant 7-bit group first; every byte but the first has 0x80
        for (int i = n - 1; i >= 0; i--) {
            int group = (l >>> (7 * i)) & 0x7F;
            out.write(i == n - 1 ? group : group | 0x80);
        }
    }

    /** Parses a listpack blob; throws {@link RdbFormatException} on malformed input. */
    public static List<byte[]> decode(byte[] b) throws RdbFormatException {
        if (b.length < 7) {
            throw new RdbFormatException("listpack too short");
        }
        long total = (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
        if (total != b.length || (b[b.length - 1] & 0xFF) != 0xFF) {
            throw new RdbFormatException("listpack header or terminator invalid");
        }
        int declared = (b[4] & 0xFF) | (b[5] & 0xFF) << 8;
        List<byte[]> out = new ArrayList<>(declared == 65535 ? 16 : declared);
        int p = 6;
        int end = b.length - 1;
        while (p < end) {
            int first = b[p] & 0xFF;
            int start = p;
            byte[] value;
            if ((first & 0x80) == 0) {
                value = Numbers.toBytes(first);
                p += 1;
            } else if ((first & 0xC0) == 0x80) {
                int len = first & 0x3F;
                value = slice(b, p + 1, len, end);
                p += 1 + len;
            } else if ((first & 0xE0) == 0xC0) {
                need(b, p + 2, end);
                int u = ((first & 0x1F) << 8) | (b[p + 1] & 0xFF);
                value = Numbers.toBytes(u >= 4096 ? u - 8192 : u);
                p += 2;
            } else if ((first & 0xF0) == 0xE0) {
                need(b, p + 2, end);
                int len = ((first & 0x0F) << 8) | (b[p + 1] & 0xFF);
                value = slice(b, p + 2, len, end);
                p += 2 + len;
            } else if (first == 0xF0) {
                need(b, p + 5, end);
                long len = readLe(b, p + 1, 4);
                if (len > Integer.MAX_VALUE) {
                    throw new RdbFormatException("listpack entry too long");
                }
                value = slice(b, p + 5, (int) len, end);
                p += 5 + (int) len;
            } else if (first == 0xF1) {
                need(b, p + 3, end);
                value = Numbers.toBytes((short) readLe(b, p + 1, 2));
                p += 3;
            } else if (first == 0xF2) {
                need(b, p + 4, end);
                long v = readLe(b, p + 1, 3);
                if ((v & 0x800000) != 0) {
                    v -= 1 << 24;
                }
                value = Numbers.toBytes(v);
                p += 4;
            } else if (first == 0xF3) {
                need(b, p + 5, end);
                value = Numbers.toBytes((int) readLe(b, p + 1, 4));
                p += 5;
            } else if (first == 0xF4) {
                need(b, p + 9, end);
                value = Numbers.toBytes(readLe(b, p + 1, 8));
                p += 9;
            } else {
                throw new RdbFormatException("invalid listpack entry encoding");
            }
            p += backlenSize(p - start);
            if (p > end) {
                throw new RdbFormatException("listpack entry past the end");
            }
            out.add(value);
        }
        if (declared != 65535 && declared != out.size()) {
            throw new RdbFormatException("listpack element count mismatch");
        }
        return out;
    }

    private static void need(byte[] b, int upTo, int end) throws RdbFormatException {
        if (upTo > end) {
            throw new RdbFormatException("listpack entry past the end");
        }
    }

    private static byte[] slice(byte[] b, int from, int len, int end) throws RdbFormatException {
        if (from + len > end) {
            throw new RdbFormatException("listpack string past the end");
        }
        return java.util.Arrays.copyOfRange(b, from, from + len);
    }

    static long readLe(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
