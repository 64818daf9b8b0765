package io.hashslot.commands.set;

import io.hashslot.commands.KeyLookup;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Entry;
import io.hashslot.store.types.SetValue;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * SPOP and SRANDMEMBER with Redis's strategies and side effects. SPOP propagates as SREM of what it removed (one
 * SREM per member when a count is given), or as DEL when the count takes the whole set; SRANDMEMBER with a
 * negative count may repeat members, with a positive count returns distinct ones.
 */
final class SetRandom {
    private static final byte[] SREM = Args.bytes("SREM");
    private static final byte[] DEL = Args.bytes("DEL");
    /** SPOP: when the set is this many times bigger than what stays, pop members one by one. */
    private static final long SPOP_MOVE_STRATEGY_MUL = 5;
    /** SRANDMEMBER: when the set is not this many times bigger than count, drop members from a copy. */
    private static final long SRANDMEMBER_SUB_STRATEGY_MUL = 3;

    void register(CommandTable t) {
        t.register("spop", this::spop);
        t.register("srandmember", this::srandmember);
    }

    private void spop(Client c, byte[][] argv) {
        if (argv.length == 3) {
            spopWithCount(c, argv);
            return;
        } else if (argv.length > 3) {
            throw Args.fail(c, Errors.SYNTAX);
        }
        byte[] key = argv[1];
        SetValue set = SetCommands.write(c, key);
        if (set == null) {
            c.reply().nullBulk();
            return;
        }
        byte[] member = set.random(c.server().random());
        set.remove(member);
        SetCommands.notify(c, "spop", key);
        c.rewriteArgv(SREM, key, member);
        c.reply().bulk(member);
        if (set.size() == 0) {
            c.db().delete(key);
            SetCommands.notifyDel(c, key);
        }
        c.server().keyModified(c.dbIndex(), key);
    }

    private void spopWithCount(Client c, byte[][] argv) {
        long count = Args.positiveLong(c, argv[2], null);
        byte[] key = argv[1];
        Entry e = c.db().lookupWrite(key);
        if (e == null) {
            SetCommands.emptySet(c);
            return;
        }
        SetValue set = KeyLookup.checked(c, e, SetValue.class);
        if (count == 0) {
            SetCommands.emptySet(c);
            return;
        }
        long size = set.size();
        SetCommands.notify(c, "spop", key);
        c.server().addDirty(Math.min(count, size) - 1);
        if (count >= size) {
            SetAlgebra.replyWhole(c, key);
            c.db().delete(key);
            SetCommands.notifyDel(c, key);
            c.rewriteArgv(DEL, key);
            c.server().keyModified(c.dbIndex(), key);
            return;
        }
        Reply r = c.reply();
        r.set((int) count);
        RandomGenerator random = c.server().random();
        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            for (long i = 0; i < count; i++) {
                byte[] member = set.random(random);
                r.bulk(member);
                set.remove(member);
                c.alsoPropagate(SREM, key, member);
            }
        } else {
            long max = SetCommands.maxIntset(c);
            SetValue kept = null;
            for (long i = 0; i < remaining; i++) {
                byte[] member = set.random(random);
                if (kept == null) {
                    kept = SetValue.forFirstMember(member, max);
                }
                kept.add(member, max);
                set.remove(member);
            }
            set.forEach(member -> {
                r.bulk(member);
                c.alsoPropagate(SREM, key, member);
            });
            c.db().overwrite(e, kept);
        }
        c.preventPropagation();
        c.server().keyModified(c.dbIndex(), key);
    }

    private void srandmember(Client c, byte[][] argv) {
        if (argv.length == 3) {
            srandmemberWithCount(c, argv);
            return;
        } else if (argv.length > 3) {
            throw Args.fail(c, Errors.SYNTAX);
        }
        SetValue set = SetCommands.read(c, argv[1]);
        if (set == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(set.random(c.server().random()));
    }

    private void srandmemberWithCount(Client c, byte[][] argv) {
        long l = Args.longArg(c, argv[2]);
        if (l == Long.MIN_VALUE) {
            throw Args.fail(c, "ERR value is out of range, value must between -9223372036854775807 and "
                + "9223372036854775807");
        }
        boolean unique = l >= 0;
        long count = unique ? l : -l;
        SetValue set = SetCommands.read(c, argv[1]);
        Reply r = c.reply();
        if (set == null || count == 0) {
            r.array(0);
            return;
        }
        long size = set.size();
        RandomGenerator random = c.server().random();
        if (!unique || count == 1) {
            if (count > Integer.MAX_VALUE) {
                throw Args.fail(c, "ERR value is out of range");
            }
            r.array((int) count);
            for (long i = 0; i < count; i++) {
                r.bulk(set.random(random));
            }
            return;
        }
        if (count >= size) {
            r.array((int) size);
            set.forEach(r::bulk);
            return;
        }
        if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            byte[][] all = set.members();
            boolean[] dropped = new boolean[all.length];
            for (long left = size; left > count; ) {
                int p = random.nextInt(all.length);
                if (!dropped[p]) {
                    dropped[p] = true;
                    left--;
                }
            }
            r.array((int) count);
            for (int p = 0; p < all.length; p++) {
                if (!dropped[p]) {
                    r.bulk(all[p]);
                }
            }
            return;
        }
        Set<ByteBuffer> picked = new LinkedHashSet<>();
        while (picked.size() < count) {
            picked.add(ByteBuffer.wrap(set.random(random)));
        }
        r.array((int) count);
        for (ByteBuffer b : picked) {
            r.bulk(b.array());
        }
    }
}
