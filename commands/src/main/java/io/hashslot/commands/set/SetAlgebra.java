package io.hashslot.commands.set;

import io.hashslot.commands.KeyLookup;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.SetValue;
import java.util.Arrays;
import java.util.Comparator;

/**
 * SMEMBERS, SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF and SDIFFSTORE as Redis computes them:
 * intersections walk the smallest set (sets ordered by size, stably) and test the others; unions and
 * differences build their result as a set that starts as an intset and is re-encoded as members arrive, so
 * replies and stored results have Redis's encoding and, for intsets, its ascending order.
 */
final class SetAlgebra {
    private static final int UNION = 0;
    private static final int DIFF = 1;

    void register(CommandTable t) {
        t.register("smembers", (c, argv) -> inter(c, argv, 1, null, false, 0));
        t.register("sinter", (c, argv) -> inter(c, argv, 1, null, false, 0));
        t.register("sinterstore", (c, argv) -> inter(c, argv, 2, argv[1], false, 0));
        t.register("sintercard", this::sintercard);
        t.register("sunion", (c, argv) -> unionDiff(c, argv, 1, null, UNION));
        t.register("sunionstore", (c, argv) -> unionDiff(c, argv, 2, argv[1], UNION));
        t.register("sdiff", (c, argv) -> unionDiff(c, argv, 1, null, DIFF));
        t.register("sdiffstore", (c, argv) -> unionDiff(c, argv, 2, argv[1], DIFF));
    }

    private void sintercard(Client c, byte[][] argv) {
        String numkeysError = "ERR numkeys should be greater than 0";
        long numkeys;
        try {
            numkeys = Numbers.parseLong(argv[1]);
        } catch (NotANumberException e) {
            throw Args.fail(c, numkeysError);
        }
        if (numkeys < 1) {
            throw Args.fail(c, numkeysError);
        }
        if (numkeys > argv.length - 2) {
            throw Args.fail(c, "ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < argv.length; j++) {
            boolean more = argv.length - 1 - j > 0;
            if (Args.is(argv[j], "LIMIT") && more) {
                j++;
                try {
                    limit = Numbers.parseLong(argv[j]);
                } catch (NotANumberException e) {
                    throw Args.fail(c, "ERR LIMIT can't be negative");
                }
                if (limit < 0) {
                    throw Args.fail(c, "ERR LIMIT can't be negative");
                }
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        inter(c, Arrays.copyOfRange(argv, 0, 2 + (int) numkeys), 2, null, true, limit);
    }

    /** Looks every key up for reading; null entries are missing keys. WRONGTYPE aborts at the first bad key. */
    private static SetValue[] lookup(Client c, byte[][] argv, int from) {
        SetValue[] sets = new SetValue[argv.length - from];
        for (int j = 0; j < sets.length; j++) {
            sets[j] = SetCommands.read(c, argv[from + j]);
        }
        return sets;
    }

    /** sinterGenericCommand: keys argv[from..], stored at {@code dst} when not null. */
    private void inter(Client c, byte[][] argv, int from, byte[] dst, boolean cardinalityOnly, long limit) {
        SetValue[] sets = lookup(c, argv, from);
        for (SetValue s : sets) {
            if (s == null) {
                if (dst != null) {
                    deleteDestination(c, dst);
                    c.reply().integer(0);
                } else if (cardinalityOnly) {
                    c.reply().integer(0);
                } else {
                    SetCommands.emptySet(c);
                }
                return;
            }
        }
        Arrays.sort(sets, Comparator.comparingLong(SetValue::size));
        SetValue first = sets[0];
        SetValue result = dst != null ? SetValue.intset() : null;
        long max = SetCommands.maxIntset(c);
        Reply r = c.reply();
        Object deferred = dst == null && !cardinalityOnly ? r.deferSet() : null;
        int cardinality = 0;
        for (byte[] m : first.members()) {
            boolean inAll = true;
            for (int j = 1; j < sets.length && inAll; j++) {
                inAll = sets[j] == first || sets[j].contains(m);
            }
            if (!inAll) {
                continue;
            }
            if (cardinalityOnly) {
                cardinality++;
                if (limit != 0 && cardinality >= limit) {
                    break;
                }
            } else if (dst == null) {
                r.bulk(m);
                cardinality++;
            } else {
                result.add(m, max);
            }
        }
        if (cardinalityOnly) {
            r.integer(cardinality);
        } else if (dst != null) {
            storeResult(c, dst, result, "sinterstore");
        } else {
            r.fixDeferred(deferred, cardinality);
        }
    }

    /** sunionDiffGenericCommand: keys argv[from..], stored at {@code dst} when not null. */
    private void unionDiff(Client c, byte[][] argv, int from, byte[] dst, int op) {
        SetValue[] sets = lookup(c, argv, from);
        reply(c, combine(c, sets, op), dst, op);
    }

    /** The union of one set as its own reply (SPOP with a count covering the whole set). */
    static void replyWhole(Client c, byte[] key) {
        reply(c, combine(c, new SetValue[] {SetCommands.read(c, key)}, UNION), null, UNION);
    }

    private static SetValue combine(Client c, SetValue[] sets, int op) {
        boolean sameSet = false;
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] == sets[0]) {
                sameSet = true;
            }
        }
        long max = SetCommands.maxIntset(c);
        SetValue result = SetValue.intset();
        if (op == UNION) {
            for (SetValue s : sets) {
                if (s != null) {
                    s.forEach(m -> result.add(m, max));
                }
            }
        } else if (sets[0] != null && !sameSet) {
            long algoOne = 0;
            long algoTwo = 0;
            for (SetValue s : sets) {
                if (s != null) {
                    algoOne += sets[0].size();
                    algoTwo += s.size();
                }
            }
            if (algoOne / 2 <= algoTwo) {
                for (byte[] m : sets[0].members()) {
                    boolean elsewhere = false;
                    for (int j = 1; j < sets.length && !elsewhere; j++) {
                        elsewhere = sets[j] != null && sets[j].contains(m);
                    }
                    if (!elsewhere) {
                        result.add(m, max);
                    }
                }
            } else {
                for (int j = 0; j < sets.length; j++) {
                    if (sets[j] == null) {
                        continue;
                    }
                    if (j == 0) {
                        sets[j].forEach(m -> result.add(m, max));
                    } else {
                        for (byte[] m : sets[j].members()) {
                            result.remove(m);
                        }
                    }
                    if (result.size() == 0) {
                        break;
                    }
                }
            }
        }
        return result;
    }

    private static void reply(Client c, SetValue result, byte[] dst, int op) {
        if (dst == null) {
            Reply r = c.reply();
            r.set((int) result.size());
            result.forEach(r::bulk);
        } else {
            storeResult(c, dst, result, op == UNION ? "sunionstore" : "sdiffstore");
        }
    }

    private static void storeResult(Client c, byte[] dst, SetValue result, String event) {
        if (result.size() > 0) {
            KeyLookup.store(c, dst, result);
            c.reply().integer(result.size());
            SetCommands.notify(c, event, dst);
        } else {
            c.reply().integer(0);
            deleteDestination(c, dst);
        }
    }

    private static void deleteDestination(Client c, byte[] dst) {
        if (c.db().delete(dst)) {
            c.server().keyModified(c.dbIndex(), dst);
            SetCommands.notifyDel(c, dst);
        }
    }
}
