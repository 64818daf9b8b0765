package io.hashslot.commands.string;

import io.hashslot.commands.KeyLookup;
import static io.hashslot.commands.string.StringAccess.option;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;
import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO: GET, SET and INCRBY of signed (i1..i64) and unsigned (u1..u63) integers at bit
 * offsets (or "#N" field indexes), with OVERFLOW WRAP, SAT or FAIL applying to the operations after it.
 */
final class BitfieldCommand {
    private static final String BAD_TYPE =
        "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    private static final int GET = 0;
    private static final int SET = 1;
    private static final int INCRBY = 2;

    /** One parsed operation. */
    private record Op(int opcode, long offset, long value, int overflow, int bits, boolean signed) {
    }

    void register(CommandTable t) {
        t.register("bitfield", (c, argv) -> bitfield(c, argv, false));
        t.register("bitfield_ro", (c, argv) -> bitfield(c, argv, true));
    }

    private void bitfield(Client c, byte[][] argv, boolean readOnlyCommand) {
        List<Op> ops = new ArrayList<>();
        int overflow = Bits.WRAP;
        boolean readonly = true;
        long highestWrite = 0;
        for (int j = 2; j < argv.length; j++) {
            int remaining = argv.length - j - 1;
            byte[] sub = argv[j];
            int opcode;
            if (option(sub, "get") && remaining >= 2) {
                opcode = GET;
            } else if (option(sub, "set") && remaining >= 3) {
                opcode = SET;
            } else if (option(sub, "incrby") && remaining >= 3) {
                opcode = INCRBY;
            } else if (option(sub, "overflow") && remaining >= 1) {
                byte[] kind = argv[++j];
                if (option(kind, "wrap")) {
                    overflow = Bits.WRAP;
                } else if (option(kind, "sat")) {
                    overflow = Bits.SAT;
                } else if (option(kind, "fail")) {
                    overflow = Bits.FAIL;
                } else {
                    throw Args.fail(c, "ERR Invalid OVERFLOW type specified");
                }
                continue;
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
            byte[] type = argv[j + 1];
            boolean signed = type.length > 0 && type[0] == 'i';
            int bits = bitsOf(c, type);
            long offset = BitCommands.bitOffset(c, argv[j + 2], bits);
            long value = 0;
            if (opcode != GET) {
                readonly = false;
                if (Long.compareUnsigned(highestWrite, offset + bits - 1) < 0) {
                    highestWrite = offset + bits - 1;
                }
                value = Args.longArg(c, argv[j + 3]);
            }
            ops.add(new Op(opcode, offset, value, overflow, bits, signed));
            j += opcode == GET ? 2 : 3;
        }
        MutableString target = null;
        Object readValue = null;
        boolean grown = false;
        if (readonly) {
            Entry e = KeyLookup.readEntry(c, argv[1]);
            StringAccess.checkString(c, e);
            readValue = e == null ? null : e.value();
        } else {
            if (readOnlyCommand) {
                throw Args.fail(c, "ERR BITFIELD_RO only supports the GET subcommand");
            }
            boolean[] g = {false};
            target = BitCommands.writableForBits(c, argv[1], highestWrite, g);
            grown = g[0];
            readValue = target;
        }
        c.reply().array(ops.size());
        long changes = 0;
        long[] limit = new long[1];
        for (Op op : ops) {
            if (op.opcode == GET) {
                replyGet(c, op, readValue);
                continue;
            }
            byte[] p = target.array();
            long oldValue = op.signed ? Bits.getSigned(p, op.offset, op.bits) : Bits.getUnsigned(p, op.offset, op.bits);
            long newValue;
            long result;
            int over;
            if (op.opcode == INCRBY) {
                over = op.signed ? Bits.checkSigned(oldValue, op.value, op.bits, op.overflow, limit)
                    : Bits.checkUnsigned(oldValue, op.value, op.bits, op.overflow, limit);
                newValue = over != 0 ? limit[0] : oldValue + op.value;
                result = newValue;
            } else {
                over = op.signed ? Bits.checkSigned(op.value, 0, op.bits, op.overflow, limit)
                    : Bits.checkUnsigned(op.value, 0, op.bits, op.overflow, limit);
                newValue = over != 0 ? limit[0] : op.value;
                result = oldValue;
            }
            if (over != 0 && op.overflow == Bits.FAIL) {
                c.reply().nullBulk();
                continue;
            }
            c.reply().integer(result);
            Bits.setUnsigned(p, op.offset, op.bits, newValue);
            if (grown || oldValue != newValue) {
                changes++;
            }
        }
        if (changes > 0) {
            c.server().keyModified(c.dbIndex(), argv[1]);
            c.server().addDirty(changes - 1);
            Notifications.string(c, "setbit", argv[1]);
        }
    }

    /** getBitfieldTypeFromArgument: 'i' or 'u' then the width (1..64 signed, 1..63 unsigned). */
    private static int bitsOf(Client c, byte[] type) {
        if (type.length == 0 || (type[0] != 'i' && type[0] != 'u')) {
            throw Args.fail(c, BAD_TYPE);
        }
        long bits;
        try {
            bits = Numbers.parseLong(type, 1, StringAccess.cLength(type) - 1);
        } catch (NotANumberException e) {
            throw Args.fail(c, BAD_TYPE);
        }
        if (bits < 1 || (type[0] == 'i' && bits > 64) || (type[0] == 'u' && bits > 63)) {
            throw Args.fail(c, BAD_TYPE);
        }
        return (int) bits;
    }

    /** GET reads through a zero-padded copy of the 9 bytes around the field, so fields past the end read 0. */
    private static void replyGet(Client c, Op op, Object value) {
        byte[] buf = new byte[9];
        long first = op.offset >>> 3;
        if (value != null) {
            byte[] src = StringAccess.array(value);
            int len = StringAccess.length(value);
            for (int i = 0; i < 9 && first + i < len; i++) {
                buf[i] = src[(int) (first + i)];
            }
        }
        long inner = op.offset - first * 8;
        c.reply().integer(op.signed ? Bits.getSigned(buf, inner, op.bits) : Bits.getUnsigned(buf, inner, op.bits));
    }
}
