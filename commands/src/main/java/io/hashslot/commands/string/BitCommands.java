package io.hashslot.commands.string;

import io.hashslot.commands.KeyLookup;
import static io.hashslot.commands.string.StringAccess.option;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;

/** Bitmap commands over string values: SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP. */
final class BitCommands {
    static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";
    private static final String BAD_BIT = "ERR bit is not an integer or out of range";
    private static final int AND = 0;
    private static final int OR = 1;
    private static final int XOR = 2;
    private static final int NOT = 3;

    void register(CommandTable t) {
        t.register("setbit", this::setbit);
        t.register("getbit", this::getbit);
        t.register("bitcount", this::bitcount);
        t.register("bitpos", this::bitpos);
        t.register("bitop", this::bitop);
    }

    /**
     * getBitOffsetFromArgument: a bit offset below proto-max-bulk-len * 8; with {@code hashBits > 0} the form
     * "#N" means N * hashBits (BITFIELD).
     */
    static long bitOffset(Client c, byte[] arg, int hashBits) {
        int skip = hashBits > 0 && arg.length > 0 && arg[0] == '#' ? 1 : 0;
        long offset;
        try {
            offset = Numbers.parseLong(arg, skip, arg.length - skip);
        } catch (NotANumberException e) {
            throw Args.fail(c, BAD_OFFSET);
        }
        if (skip == 1) {
            offset *= hashBits;
        }
        if (offset < 0 || (!StringAccess.mustObey(c) && (offset >> 3) >= StringAccess.maxBulkLength(c))
            || (offset >> 3) >= StringAccess.MAX_ARRAY) {
            throw Args.fail(c, BAD_OFFSET);
        }
        return offset;
    }

    /**
     * lookupStringForBitCommand: the key's value as a raw mutable string at least long enough to hold bit
     * {@code maxBit}, creating the key if needed. {@code grown[0]} tells whether the key was created or
     * lengthened. Replies WRONGTYPE and aborts for other types.
     */
    static MutableString writableForBits(Client c, byte[] key, long maxBit, boolean[] grown) {
        int bytes = (int) ((maxBit >>> 3) + 1);
        Db db = c.db();
        Entry e = db.lookupWrite(key);
        StringAccess.checkString(c, e);
        MutableString m;
        if (e == null) {
            m = new MutableString(new byte[0], 0);
            m.ensureLength(bytes);
            db.add(key, m);
            grown[0] = true;
        } else {
            m = StringAccess.unshare(db, e);
            int old = m.length();
            m.ensureLength(bytes);
            grown[0] = old != m.length();
        }
        return m;
    }

    private void setbit(Client c, byte[][] argv) {
        long offset = bitOffset(c, argv[2], 0);
        long on = Args.longArg(c, argv[3], BAD_BIT);
        if ((on & ~1L) != 0) {
            throw Args.fail(c, BAD_BIT);
        }
        boolean[] grown = {false};
        MutableString m = writableForBits(c, argv[1], offset, grown);
        int index = (int) (offset >>> 3);
        int shift = 7 - (int) (offset & 7);
        int byteval = m.byteAt(index) & 0xff;
        int bitval = (byteval >>> shift) & 1;
        if (grown[0] || bitval != on) {
            byteval = (byteval & ~(1 << shift)) | ((int) on << shift);
            m.setByte(index, (byte) byteval);
            c.server().keyModified(c.dbIndex(), argv[1]);
            Notifications.string(c, "setbit", argv[1]);
        }
        c.reply().integer(bitval);
    }

    private void getbit(Client c, byte[][] argv) {
        long offset = bitOffset(c, argv[2], 0);
        Object v = StringAccess.readString(c, argv[1]);
        int bitval = 0;
        if (v != null) {
            long index = offset >>> 3;
            if (index < StringAccess.length(v)) {
                bitval = (StringAccess.array(v)[(int) index] >>> (7 - (int) (offset & 7))) & 1;
            }
        }
        c.reply().integer(bitval);
    }

    private void bitcount(Client c, byte[][] argv) {
        Object v = StringAccess.readString(c, argv[1]);
        if (v == null) {
            c.reply().integer(0);
            return;
        }
        byte[] p = StringAccess.array(v);
        long strlen = StringAccess.length(v);
        long start;
        long end;
        int firstMask = 0;
        int lastMask = 0;
        if (argv.length == 4 || argv.length == 5) {
            long totlen = strlen;
            start = Args.longArg(c, argv[2]);
            end = Args.longArg(c, argv[3]);
            if (start < 0 && end < 0 && start > end) {
                c.reply().integer(0);
                return;
            }
            boolean isBit = argv.length == 5 && bitUnit(c, argv[4]);
            if (isBit) {
                totlen <<= 3;
            }
            if (start < 0) {
                start = totlen + start;
            }
            if (end < 0) {
                end = totlen + end;
            }
            if (start < 0) {
                start = 0;
            }
            if (end < 0) {
                end = 0;
            }
            if (end >= totlen) {
                end = totlen - 1;
            }
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (argv.length == 2) {
            start = 0;
            end = strlen - 1;
        } else {
            throw Args.fail(c, Errors.SYNTAX);
        }
        if (start > end) {
            c.reply().integer(0);
            return;
        }
        long count = Bits.popcount(p, (int) start, (int) (end - start + 1));
        if (firstMask != 0) {
            count -= Integer.bitCount(p[(int) start] & firstMask);
        }
        if (lastMask != 0) {
            count -= Integer.bitCount(p[(int) end] & lastMask);
        }
        c.reply().integer(count);
    }

    /** BIT or BYTE (case-insensitive): true for BIT; anything else is a syntax error. */
    private static boolean bitUnit(Client c, byte[] arg) {
        if (option(arg, "bit")) {
            return true;
        } else if (option(arg, "byte")) {
            return false;
        }
        throw Args.fail(c, Errors.SYNTAX);
    }

    private void bitpos(Client c, byte[][] argv) {
        long bit = Args.longArg(c, argv[2]);
        if (bit != 0 && bit != 1) {
            throw Args.fail(c, "ERR The bit argument must be 1 or 0.");
        }
        Entry e = KeyLookup.readEntry(c, argv[1]);
        if (e == null) {
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        StringAccess.checkString(c, e);
        Object v = e.value();
        byte[] p = StringAccess.array(v);
        long strlen = StringAccess.length(v);
        long start;
        long end;
        boolean endGiven = false;
        int firstMask = 0;
        int lastMask = 0;
        if (argv.length >= 4 && argv.length <= 6) {
            long totlen = strlen;
            start = Args.longArg(c, argv[3]);
            boolean isBit = argv.length == 6 && bitUnit(c, argv[5]);
            if (argv.length >= 5) {
                end = Args.longArg(c, argv[4]);
                endGiven = true;
            } else {
                end = isBit ? (totlen << 3) + 7 : totlen - 1;
            }
            if (isBit) {
                totlen <<= 3;
            }
            if (start < 0) {
                start = totlen + start;
            }
            if (end < 0) {
                end = totlen + end;
            }
            if (start < 0) {
                start = 0;
            }
            if (end < 0) {
                end = 0;
            }
            if (end >= totlen) {
                end = totlen - 1;
            }
            if (isBit && start <= end) {
                firstMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (argv.length == 3) {
            start = 0;
            end = strlen - 1;
        } else {
            throw Args.fail(c, Errors.SYNTAX);
        }
        if (start > end) {
            c.reply().integer(-1);
            return;
        }
        c.reply().integer(bitposInRange(p, (int) start, (int) end, (int) bit, firstMask, lastMask, endGiven));
    }

    /** The search part of BITPOS over bytes [start, end] with the bits outside a BIT range masked away. */
    static long bitposInRange(byte[] p, int start, int end, int bit, int firstMask, int lastMask,
                              boolean endGiven) {
        long bytes = end - start + 1;
        long pos;
        found:
        {
            if (firstMask != 0) {
                int tmp = bit == 1 ? p[start] & ~firstMask & 0xff : (p[start] | firstMask) & 0xff;
                if (lastMask != 0 && bytes == 1) {
                    tmp = bit == 1 ? tmp & ~lastMask & 0xff : (tmp | lastMask) & 0xff;
                }
                pos = Bits.bitpos(new byte[] {(byte) tmp}, 0, 1, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) {
                    break found;
                }
                start++;
                bytes--;
            }
            long curBytes = bytes - (lastMask != 0 ? 1 : 0);
            if (curBytes > 0) {
                pos = Bits.bitpos(p, start, (int) curBytes, bit);
                if (bytes == curBytes || (pos != -1 && pos != curBytes << 3)) {
                    break found;
                }
                start += (int) curBytes;
                bytes -= curBytes;
            }
            int tmp = bit == 1 ? p[end] & ~lastMask & 0xff : (p[end] | lastMask) & 0xff;
            pos = Bits.bitpos(new byte[] {(byte) tmp}, 0, 1, bit);
        }
        if (endGiven && bit == 0 && pos == bytes << 3) {
            return -1;
        }
        if (pos != -1) {
            pos += (long) start << 3;
        }
        return pos;
    }

    private void bitop(Client c, byte[][] argv) {
        int op;
        if (option(argv[1], "and")) {
            op = AND;
        } else if (option(argv[1], "or")) {
            op = OR;
        } else if (option(argv[1], "xor")) {
            op = XOR;
        } else if (option(argv[1], "not")) {
            op = NOT;
        } else {
            throw Args.fail(c, Errors.SYNTAX);
        }
        if (op == NOT && argv.length != 4) {
            throw Args.fail(c, "ERR BITOP NOT must be called with a single source key.");
        }
        int n = argv.length - 3;
        byte[][] src = new byte[n][];
        int[] len = new int[n];
        int maxLen = 0;
        for (int j = 0; j < n; j++) {
            Object v = StringAccess.readString(c, argv[j + 3]);
            if (v == null) {
                src[j] = new byte[0];
                continue;
            }
            src[j] = StringAccess.array(v);
            len[j] = StringAccess.length(v);
            maxLen = Math.max(maxLen, len[j]);
        }
        byte[] target = argv[2];
        if (maxLen > 0) {
            byte[] res = compute(op, src, len, maxLen);
            StringAccess.setKey(c, target, new MutableString(res, 0), false);
            Notifications.string(c, "set", target);
        } else if (c.db().delete(target)) {
            c.server().keyModified(c.dbIndex(), target);
            Notifications.generic(c, "del", target);
        }
        c.reply().integer(maxLen);
    }

    private static byte[] compute(int op, byte[][] src, int[] len, int maxLen) {
        byte[] res = new byte[maxLen];
        int n = src.length;
        for (int j = 0; j < maxLen; j++) {
            int out = len[0] <= j ? 0 : src[0][j] & 0xff;
            if (op == NOT) {
                out = ~out & 0xff;
            }
            for (int i = 1; i < n; i++) {
                int b = len[i] <= j ? 0 : src[i][j] & 0xff;
                if (op == AND) {
                    out &= b;
                } else if (op == OR) {
                    out |= b;
                } else {
                    out ^= b;
                }
            }
            res[j] = (byte) out;
        }
        return res;
    }
}
