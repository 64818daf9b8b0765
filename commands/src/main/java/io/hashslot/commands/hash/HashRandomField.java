package io.hashslot.commands.hash;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.HashValue;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * HRANDFIELD key [count [WITHVALUES]]. A negative count may repeat fields (in random order); a positive count
 * returns distinct fields: the whole hash when count covers it, else a sample (Redis's strategies: drop random
 * fields from a copy when count is close to the size, else pick until enough distinct ones, a listpack being
 * sampled in one ordered pass). With WITHVALUES, RESP3 nests each field and value in an array of 2.
 */
final class HashRandomField {
    /** How many times bigger than count the hash must be to pick instead of dropping. */
    private static final long SUB_STRATEGY_MUL = 3;

    void register(CommandTable t) {
        t.register("hrandfield", this::hrandfield);
    }

    private void hrandfield(Client c, byte[][] argv) {
        if (argv.length >= 3) {
            long l = Args.longArg(c, argv[2]);
            if (l == Long.MIN_VALUE) {
                throw Args.fail(c, "ERR value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807");
            }
            boolean withValues = false;
            if (argv.length > 4 || (argv.length == 4 && !Args.is(argv[3], "withvalues"))) {
                throw Args.fail(c, Errors.SYNTAX);
            } else if (argv.length == 4) {
                withValues = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                    throw Args.fail(c, "ERR value is out of range");
                }
            }
            withCount(c, argv[1], l, withValues);
            return;
        }
        HashValue h = HashCommands.read(c, argv[1]);
        if (h == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(h.random(c.server().random())[0]);
    }

    private static void emit(Reply r, byte[] field, byte[] value, boolean withValues) {
        if (withValues && r.protocol() > 2) {
            r.array(2);
        }
        r.bulk(field);
        if (withValues) {
            r.bulk(value);
        }
    }

    private static void header(Client c, long n, boolean withValues) {
        long len = withValues && c.reply().protocol() == 2 ? n * 2 : n;
        if (len > Integer.MAX_VALUE) {
            throw Args.fail(c, "ERR value is out of range");
        }
        c.reply().array((int) len);
    }

    private void withCount(Client c, byte[] key, long l, boolean withValues) {
        HashValue h = HashCommands.read(c, key);
        Reply r = c.reply();
        if (h == null) {
            r.array(0);
            return;
        }
        long size = h.size();
        boolean unique = l >= 0;
        long count = unique ? l : -l;
        if (count == 0) {
            r.array(0);
            return;
        }
        RandomGenerator random = c.server().random();
        if (!unique || count == 1) {
            header(c, count, withValues);
            if (h.isPacked()) {
                byte[][] flat = h.flatten();
                int pairs = flat.length / 2;
                for (long i = 0; i < count; i++) {
                    int p = random.nextInt(pairs);
                    emit(r, flat[2 * p], flat[2 * p + 1], withValues);
                }
            } else {
                for (long i = 0; i < count; i++) {
                    byte[][] pair = h.random(random);
                    emit(r, pair[0], pair[1], withValues);
                }
            }
            return;
        }
        header(c, Math.min(count, size), withValues);
        if (count >= size) {
            h.forEach((f, v) -> emit(r, f, v, withValues));
            return;
        }
        if (count * SUB_STRATEGY_MUL > size) {
            byte[][] flat = h.flatten();
            boolean[] dropped = new boolean[(int) size];
            for (long left = size; left > count; ) {
                int p = random.nextInt((int) size);
                if (!dropped[p]) {
                    dropped[p] = true;
                    left--;
                }
            }
            for (int p = 0; p < size; p++) {
                if (!dropped[p]) {
                    emit(r, flat[2 * p], flat[2 * p + 1], withValues);
                }
            }
            return;
        }
        if (h.isPacked()) {
            byte[][] flat = h.flatten();
            long needed = count;
            for (int p = 0; p < size && needed > 0; p++) {
                if (random.nextLong(size - p) < needed) {
                    emit(r, flat[2 * p], flat[2 * p + 1], withValues);
                    needed--;
                }
            }
            return;
        }
        Set<ByteBuffer> seen = new HashSet<>();
        while (seen.size() < count) {
            byte[][] pair = h.random(random);
            if (seen.add(ByteBuffer.wrap(pair[0]))) {
                emit(r, pair[0], pair[1], withValues);
            }
        }
    }
}
