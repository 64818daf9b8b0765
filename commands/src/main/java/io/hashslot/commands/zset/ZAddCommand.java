package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.store.types.ZSetValue;

/** ZADD (NX XX GT LT CH INCR) and ZINCRBY, as Redis's zaddGenericCommand and zsetAdd. */
final class ZAddCommand {
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int GT = 1 << 2;
    static final int LT = 1 << 3;
    static final int INCR = 1 << 4;

    /** What {@link #add} did (zsetAdd's out flags). */
    static final int ADDED = 1;
    static final int UPDATED = 1 << 1;
    static final int NOP = 1 << 2;
    static final int NAN = 1 << 3;

    void register(CommandTable t) {
        t.register("zadd", (c, argv) -> zadd(c, argv, 0));
        t.register("zincrby", (c, argv) -> zadd(c, argv, INCR));
    }

    /**
     * zsetAdd: adds or updates one member under the option flags; returns the out flags and stores the resulting
     * score in {@code newScore[0]} when the member was added or considered for update.
     */
    static int add(ZSetValue z, double score, byte[] member, int flags, long maxEntries, long maxValue,
                   double[] newScore) {
        if (Double.isNaN(score)) {
            return NAN;
        }
        Double current = z.score(member);
        if (current != null) {
            if ((flags & NX) != 0) {
                return NOP;
            }
            double cur = current;
            if ((flags & INCR) != 0) {
                score += cur;
                if (Double.isNaN(score)) {
                    return NAN;
                }
            }
            if (((flags & LT) != 0 && score >= cur) || ((flags & GT) != 0 && score <= cur)) {
                return NOP;
            }
            newScore[0] = score;
            if (score != cur) {
                z.put(member, score, maxEntries, maxValue);
                return UPDATED;
            }
            return 0;
        }
        if ((flags & XX) != 0) {
            return NOP;
        }
        z.put(member, score, maxEntries, maxValue);
        newScore[0] = score;
        return ADDED;
    }

    static void zadd(Client c, byte[][] argv, int flags) {
        byte[] key = argv[1];
        boolean ch = false;
        int scoreIdx = 2;
        while (scoreIdx < argv.length) {
            byte[] opt = argv[scoreIdx];
            if (ZSets.option(opt, "nx")) {
                flags |= NX;
            } else if (ZSets.option(opt, "xx")) {
                flags |= XX;
            } else if (ZSets.option(opt, "ch")) {
                ch = true;
            } else if (ZSets.option(opt, "incr")) {
                flags |= INCR;
            } else if (ZSets.option(opt, "gt")) {
                flags |= GT;
            } else if (ZSets.option(opt, "lt")) {
                flags |= LT;
            } else {
                break;
            }
            scoreIdx++;
        }
        boolean incr = (flags & INCR) != 0;
        boolean nx = (flags & NX) != 0;
        boolean xx = (flags & XX) != 0;
        boolean gt = (flags & GT) != 0;
        boolean lt = (flags & LT) != 0;
        int elements = argv.length - scoreIdx;
        if (elements % 2 != 0 || elements == 0) {
            throw Args.fail(c, Errors.SYNTAX);
        }
        elements /= 2;
        if (nx && xx) {
            throw Args.fail(c, "ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw Args.fail(c, "ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw Args.fail(c, "ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = Args.doubleArg(c, argv[scoreIdx + j * 2]);
        }
        ZSetValue z = ZSets.write(c, key);
        long maxEntries = ZSets.maxEntries(c);
        long maxValue = ZSets.maxValue(c);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        if (z == null && xx) {
            reply(c, incr, ch, processed, score, added, updated);
            return;
        }
        if (z == null) {
            z = maxEntries == 0 || maxValue < argv[scoreIdx + 1].length
                ? ZSetValue.skiplist(c.server().random(), 4) : ZSetValue.listpack(c.server().random());
            ZSets.addKey(c, key, z);
        }
        double[] newScore = new double[1];
        for (int j = 0; j < elements; j++) {
            int out = add(z, scores[j], argv[scoreIdx + 1 + j * 2], flags, maxEntries, maxValue, newScore);
            if ((out & NAN) != 0) {
                c.error("ERR resulting score is not a number (NaN)");
                finish(c, key, incr, added, updated);
                return;
            }
            if ((out & ADDED) != 0) {
                added++;
            }
            if ((out & UPDATED) != 0) {
                updated++;
            }
            if ((out & NOP) == 0) {
                processed++;
            }
            score = newScore[0];
        }
        reply(c, incr, ch, processed, score, added, updated);
        finish(c, key, incr, added, updated);
    }

    private static void reply(Client c, boolean incr, boolean ch, int processed, double score, int added,
                              int updated) {
        if (incr) {
            if (processed > 0) {
                c.reply().doubleValue(score);
            } else {
                c.reply().nullBulk();
            }
        } else {
            c.reply().integer(ch ? added + updated : added);
        }
    }

    private static void finish(Client c, byte[] key, boolean incr, int added, int updated) {
        if (added + updated > 0) {
            c.server().keyModified(c.dbIndex(), key);
            c.server().addDirty(added + updated - 1L);
            ZSets.notifyZset(c, incr ? "zincr" : "zadd", key);
        }
    }
}
