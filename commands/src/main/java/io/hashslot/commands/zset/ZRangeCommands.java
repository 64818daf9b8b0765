package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.LexRange;
import io.hashslot.store.types.ScoreRange;
import io.hashslot.store.types.ZSetValue;
import java.util.List;

/**
 * ZRANGE (BYSCORE BYLEX REV LIMIT WITHSCORES), ZRANGESTORE and the older ZREVRANGE, Z[REV]RANGEBYSCORE,
 * Z[REV]RANGEBYLEX, all through one parser as Redis's zrangeGenericCommand.
 */
final class ZRangeCommands {
    private enum Kind { AUTO, RANK, SCORE, LEX }

    void register(CommandTable t) {
        t.register("zrange", (c, argv) -> range(c, argv, 1, null, Kind.AUTO, null));
        t.register("zrangestore", (c, argv) -> range(c, argv, 2, argv[1], Kind.AUTO, null));
        t.register("zrevrange", (c, argv) -> range(c, argv, 1, null, Kind.RANK, true));
        t.register("zrangebyscore", (c, argv) -> range(c, argv, 1, null, Kind.SCORE, false));
        t.register("zrevrangebyscore", (c, argv) -> range(c, argv, 1, null, Kind.SCORE, true));
        t.register("zrangebylex", (c, argv) -> range(c, argv, 1, null, Kind.LEX, false));
        t.register("zrevrangebylex", (c, argv) -> range(c, argv, 1, null, Kind.LEX, true));
    }

    /**
     * @param keyIdx position of the source key; min and max follow it
     * @param dst destination key for ZRANGESTORE, else null
     * @param reverse null when REV may be given, else the fixed direction
     */
    private void range(Client c, byte[][] argv, int keyIdx, byte[] dst, Kind kind, Boolean reverse) {
        boolean store = dst != null;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIdx + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (!store && ZSets.option(a, "withscores")) {
                withScores = true;
            } else if (ZSets.option(a, "limit") && left >= 2) {
                offset = Args.longArg(c, argv[j + 1]);
                limit = Args.longArg(c, argv[j + 2]);
                j += 2;
            } else if (reverse == null && ZSets.option(a, "rev")) {
                reverse = true;
            } else if (kind == Kind.AUTO && ZSets.option(a, "bylex")) {
                kind = Kind.LEX;
            } else if (kind == Kind.AUTO && ZSets.option(a, "byscore")) {
                kind = Kind.SCORE;
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        boolean rev = reverse != null && reverse;
        if (kind == Kind.AUTO) {
            kind = Kind.RANK;
        }
        if (limit != -1 && kind == Kind.RANK) {
            throw Args.fail(c, "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or "
                + "BYLEX");
        }
        if (withScores && kind == Kind.LEX) {
            throw Args.fail(c, "ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        int minIdx = keyIdx + 1;
        int maxIdx = keyIdx + 2;
        if (rev && kind != Kind.RANK) {
            minIdx = keyIdx + 2;
            maxIdx = keyIdx + 1;
        }
        long start = 0;
        long end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        switch (kind) {
            case SCORE -> scores = ZArgs.scoreRangeOrFail(c, argv[minIdx], argv[maxIdx]);
            case LEX -> lex = ZArgs.lexRangeOrFail(c, argv[minIdx], argv[maxIdx]);
            default -> {
                start = Args.longArg(c, argv[minIdx]);
                end = Args.longArg(c, argv[maxIdx]);
            }
        }
        ZSetValue z = ZSets.read(c, argv[keyIdx]);
        if (z == null) {
            if (store) {
                storeResult(c, dst, null, -1);
            } else {
                c.reply().array(0);
            }
            return;
        }
        List<ZSetValue.Element> result;
        long sizeHint = -1;
        switch (kind) {
            case SCORE -> result = offset > 0 && offset >= z.size() ? List.of()
                : z.rangeByScore(scores, rev, offset, limit);
            case LEX -> result = z.rangeByLex(lex, rev, offset, limit);
            default -> {
                long len = z.size();
                if (start < 0) {
                    start = len + start;
                }
                if (end < 0) {
                    end = len + end;
                }
                if (start < 0) {
                    start = 0;
                }
                if (start > end || start >= len) {
                    result = List.of();
                    sizeHint = 0;
                } else {
                    if (end >= len) {
                        end = len - 1;
                    }
                    result = z.rangeByRank(start, end, rev);
                    sizeHint = end - start + 1;
                }
            }
        }
        if (store) {
            storeResult(c, dst, result, sizeHint);
            return;
        }
        Reply r = c.reply();
        ZSets.replyElementsHeader(r, result.size(), withScores);
        for (ZSetValue.Element e : result) {
            ZSets.replyElement(r, e.member(), e.score(), withScores);
        }
    }

    /**
     * ZRANGESTORE's result handler: a skiplist when the known length exceeds the listpack limit, else a listpack
     * converted as members are added; an empty result deletes the destination.
     */
    private static void storeResult(Client c, byte[] dst, List<ZSetValue.Element> result, long sizeHint) {
        long maxEntries = ZSets.maxEntries(c);
        long maxValue = ZSets.maxValue(c);
        if (result == null || result.isEmpty()) {
            c.reply().integer(0);
            if (c.db().delete(dst)) { // dbDelete: no expiry check first
                c.server().keyModified(c.dbIndex(), dst);
                ZSets.notifyGeneric(c, "del", dst);
            }
            return;
        }
        ZSetValue z = sizeHint > maxEntries ? ZSetValue.skiplist(c.server().random(), result.size())
            : ZSetValue.listpack(c.server().random());
        for (ZSetValue.Element e : result) {
            z.put(e.member(), e.score(), maxEntries, maxValue);
        }
        ZSets.setKey(c, dst, z);
        c.reply().integer(result.size());
        ZSets.notifyZset(c, "zrangestore", dst);
    }
}
