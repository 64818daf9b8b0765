package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.store.types.LexRange;
import io.hashslot.store.types.ScoreRange;
import io.hashslot.store.types.ZSetValue;

/** ZREM and ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX. A set left empty is deleted. */
final class ZRemoveCommands {
    private enum Kind { RANK, SCORE, LEX }

    void register(CommandTable t) {
        t.register("zrem", this::zrem);
        t.register("zremrangebyrank", (c, argv) -> removeRange(c, argv, Kind.RANK));
        t.register("zremrangebyscore", (c, argv) -> removeRange(c, argv, Kind.SCORE));
        t.register("zremrangebylex", (c, argv) -> removeRange(c, argv, Kind.LEX));
    }

    private void zrem(Client c, byte[][] argv) {
        byte[] key = argv[1];
        ZSetValue z = ZSets.write(c, key);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        long deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < argv.length; j++) {
            if (z.remove(argv[j])) {
                deleted++;
            }
            if (z.size() == 0) {
                c.db().delete(key);
                keyRemoved = true;
                break;
            }
        }
        if (deleted > 0) {
            ZSets.notifyZset(c, "zrem", key);
            if (keyRemoved) {
                ZSets.notifyGeneric(c, "del", key);
            }
            c.server().keyModified(c.dbIndex(), key);
            c.server().addDirty(deleted - 1);
        }
        c.reply().integer(deleted);
    }

    private void removeRange(Client c, byte[][] argv, Kind kind) {
        byte[] key = argv[1];
        long start = 0;
        long end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        String event;
        switch (kind) {
            case RANK -> {
                event = "zremrangebyrank";
                start = Args.longArg(c, argv[2]);
                end = Args.longArg(c, argv[3]);
            }
            case SCORE -> {
                event = "zremrangebyscore";
                scores = ZArgs.scoreRangeOrFail(c, argv[2], argv[3]);
            }
            default -> {
                event = "zremrangebylex";
                lex = ZArgs.lexRangeOrFail(c, argv[2], argv[3]);
            }
        }
        ZSetValue z = ZSets.write(c, key);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        long deleted;
        switch (kind) {
            case RANK -> {
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
                    c.reply().integer(0);
                    return;
                }
                if (end >= len) {
                    end = len - 1;
                }
                deleted = z.deleteRangeByRank(start, end);
            }
            case SCORE -> deleted = z.deleteRangeByScore(scores);
            default -> deleted = z.deleteRangeByLex(lex);
        }
        boolean keyRemoved = false;
        if (z.size() == 0) {
            c.db().delete(key);
            keyRemoved = true;
        }
        if (deleted > 0) {
            c.server().keyModified(c.dbIndex(), key);
            c.server().addDirty(deleted - 1);
            ZSets.notifyZset(c, event, key);
            if (keyRemoved) {
                ZSets.notifyGeneric(c, "del", key);
            }
        }
        c.reply().integer(deleted);
    }
}
