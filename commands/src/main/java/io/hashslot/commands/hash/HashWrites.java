package io.hashslot.commands.hash;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.LongDouble;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.store.types.HashValue;

/** HSET, HMSET, HSETNX, HDEL, HINCRBY and HINCRBYFLOAT. */
final class HashWrites {
    private static final byte[] HSET = Args.bytes("HSET");

    void register(CommandTable t) {
        t.register("hset", (c, argv) -> hset(c, argv, "hset"));
        t.register("hmset", (c, argv) -> hset(c, argv, "hmset"));
        t.register("hsetnx", this::hsetnx);
        t.register("hdel", this::hdel);
        t.register("hincrby", this::hincrby);
        t.register("hincrbyfloat", this::hincrbyfloat);
    }

    private void hset(Client c, byte[][] argv, String name) {
        if (argv.length % 2 == 1) {
            c.error(Errors.arity(name));
            return;
        }
        byte[] key = argv[1];
        HashValue h = HashCommands.writeOrCreate(c, key);
        long maxEntries = HashCommands.maxEntries(c);
        long maxValue = HashCommands.maxValue(c);
        h.tryConversion(argv, 2, argv.length - 1, maxValue);
        int created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (h.put(argv[i], argv[i + 1], maxEntries, maxValue)) {
                created++;
            }
        }
        if (name.equals("hset")) {
            c.reply().integer(created);
        } else {
            c.reply().ok();
        }
        c.server().keyModified(c.dbIndex(), key);
        HashCommands.notify(c, "hset", key);
        c.server().addDirty((argv.length - 2) / 2 - 1);
    }

    private void hsetnx(Client c, byte[][] argv) {
        byte[] key = argv[1];
        HashValue h = HashCommands.writeOrCreate(c, key);
        if (h.contains(argv[2])) {
            c.reply().integer(0);
            return;
        }
        long maxValue = HashCommands.maxValue(c);
        h.tryConversion(argv, 2, 3, maxValue);
        h.put(argv[2], argv[3], HashCommands.maxEntries(c), maxValue);
        c.reply().integer(1);
        c.server().keyModified(c.dbIndex(), key);
        HashCommands.notify(c, "hset", key);
    }

    private void hdel(Client c, byte[][] argv) {
        byte[] key = argv[1];
        HashValue h = HashCommands.write(c, key);
        if (h == null) {
            c.reply().integer(0);
            return;
        }
        int deleted = 0;
        boolean removed = false;
        for (int j = 2; j < argv.length; j++) {
            if (h.remove(argv[j])) {
                deleted++;
                if (h.size() == 0) {
                    c.db().delete(key);
                    removed = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.server().keyModified(c.dbIndex(), key);
            HashCommands.notify(c, "hdel", key);
            if (removed) {
                HashCommands.notifyDel(c, key);
            }
            c.server().addDirty(deleted - 1);
        }
        c.reply().integer(deleted);
    }

    private void hincrby(Client c, byte[][] argv) {
        long incr = Args.longArg(c, argv[3]);
        byte[] key = argv[1];
        HashValue h = HashCommands.writeOrCreate(c, key);
        byte[] current = h.get(argv[2]);
        long value = 0;
        if (current != null) {
            try {
                value = Numbers.parseLong(current);
            } catch (NotANumberException e) {
                throw Args.fail(c, "ERR hash value is not an integer");
            }
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
            || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw Args.fail(c, Errors.OVERFLOW);
        }
        value += incr;
        h.put(argv[2], Numbers.toBytes(value), HashCommands.maxEntries(c), HashCommands.maxValue(c));
        c.reply().integer(value);
        c.server().keyModified(c.dbIndex(), key);
        HashCommands.notify(c, "hincrby", key);
    }

    private void hincrbyfloat(Client c, byte[][] argv) {
        LongDouble incr;
        try {
            incr = LongDouble.parse(argv[3]);
        } catch (NotANumberException e) {
            throw Args.fail(c, Errors.NOT_FLOAT);
        }
        if (incr.isInfinite()) {
            throw Args.fail(c, "ERR value is NaN or Infinity");
        }
        byte[] key = argv[1];
        HashValue h = HashCommands.writeOrCreate(c, key);
        byte[] current = h.get(argv[2]);
        LongDouble value = LongDouble.of(java.math.BigDecimal.ZERO);
        if (current != null) {
            try {
                value = LongDouble.parse(current);
            } catch (NotANumberException e) {
                throw Args.fail(c, "ERR hash value is not a float");
            }
        }
        LongDouble sum = value.add(incr);
        if (sum == null || sum.isInfinite()) {
            throw Args.fail(c, "ERR increment would produce NaN or Infinity");
        }
        byte[] text = Args.bytes(sum.toHumanString());
        h.put(argv[2], text, HashCommands.maxEntries(c), HashCommands.maxValue(c));
        c.reply().bulk(text);
        c.server().keyModified(c.dbIndex(), key);
        HashCommands.notify(c, "hincrbyfloat", key);
        c.rewriteArgv(HSET, key, argv[2], text);
    }
}
