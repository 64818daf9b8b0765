package io.hashslot.commands.string;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.LongDouble;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;
import java.nio.charset.StandardCharsets;

/** Counters over string values: INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT (80-bit long double arithmetic). */
final class Counters {
    private static final byte[] SET_WORD = Args.bytes("SET");
    private static final byte[] KEEPTTL_WORD = Args.bytes("KEEPTTL");

    void register(CommandTable t) {
        t.register("incr", (c, argv) -> incrDecr(c, argv[1], 1));
        t.register("decr", (c, argv) -> incrDecr(c, argv[1], -1));
        t.register("incrby", (c, argv) -> incrDecr(c, argv[1], Args.longArg(c, argv[2])));
        t.register("decrby", this::decrby);
        t.register("incrbyfloat", this::incrbyfloat);
    }

    private void decrby(Client c, byte[][] argv) {
        long incr = Args.longArg(c, argv[2]);
        if (incr == Long.MIN_VALUE) {
            throw Args.fail(c, "ERR decrement would overflow");
        }
        incrDecr(c, argv[1], -incr);
    }

    private static void incrDecr(Client c, byte[] key, long incr) {
        Db db = c.db();
        Entry e = db.lookupWrite(key);
        StringAccess.checkString(c, e);
        long value = 0;
        if (e != null) {
            Object v = e.value();
            try {
                value = Numbers.parseLong(StringAccess.array(v), 0, StringAccess.length(v));
            } catch (NotANumberException ex) {
                throw Args.fail(c, Errors.NOT_INTEGER);
            }
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
            || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw Args.fail(c, Errors.OVERFLOW);
        }
        value += incr;
        byte[] text = Numbers.toBytes(value);
        if (e != null) {
            db.overwrite(e, text);
        } else {
            db.add(key, text);
        }
        c.server().keyModified(c.dbIndex(), key);
        Notifications.string(c, "incrby", key);
        c.reply().integer(value);
    }

    private void incrbyfloat(Client c, byte[][] argv) {
        byte[] key = argv[1];
        Db db = c.db();
        Entry e = db.lookupWrite(key);
        StringAccess.checkString(c, e);
        LongDouble value = LongDouble.of(java.math.BigDecimal.ZERO);
        if (e != null) {
            value = parse(c, StringAccess.array(e.value()), StringAccess.length(e.value()));
        }
        LongDouble incr = parse(c, argv[2], argv[2].length);
        LongDouble sum = value.add(incr);
        if (sum == null || sum.isInfinite()) {
            throw Args.fail(c, "ERR increment would produce NaN or Infinity");
        }
        byte[] text = sum.toHumanString().getBytes(StandardCharsets.ISO_8859_1);
        // Redis stores the formatted result without trying the int encoding
        Object stored = Numbers.isLong(text) ? MutableString.embedded(text) : text;
        if (e != null) {
            db.overwrite(e, stored);
        } else {
            db.add(key, stored);
        }
        c.server().keyModified(c.dbIndex(), key);
        Notifications.string(c, "incrbyfloat", key);
        c.reply().bulk(text);
        c.rewriteArgv(SET_WORD, key, text, KEEPTTL_WORD);
    }

    /** getLongDoubleFromObjectOrReply: "value is not a valid float". */
    private static LongDouble parse(Client c, byte[] b, int len) {
        try {
            return LongDouble.parse(len == b.length ? b : java.util.Arrays.copyOf(b, len));
        } catch (NotANumberException ex) {
            throw Args.fail(c, Errors.NOT_FLOAT);
        }
    }
}
