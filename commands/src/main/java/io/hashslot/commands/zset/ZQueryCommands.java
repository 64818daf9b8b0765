package io.hashslot.commands.zset;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.LexRange;
import io.hashslot.store.types.ScoreRange;
import io.hashslot.store.types.ZSetValue;

/** ZSCORE, ZMSCORE, ZRANK, ZREVRANK (no WITHSCORE in 7.0), ZCARD, ZCOUNT, ZLEXCOUNT. */
final class ZQueryCommands {
    void register(CommandTable t) {
        t.register("zscore", this::zscore);
        t.register("zmscore", this::zmscore);
        t.register("zrank", (c, argv) -> zrank(c, argv, false));
        t.register("zrevrank", (c, argv) -> zrank(c, argv, true));
        t.register("zcard", this::zcard);
        t.register("zcount", this::zcount);
        t.register("zlexcount", this::zlexcount);
    }

    private void zscore(Client c, byte[][] argv) {
        ZSetValue z = ZSets.read(c, argv[1]);
        Double s = z == null ? null : z.score(argv[2]);
        if (s == null) {
            c.reply().nullBulk();
        } else {
            c.reply().doubleValue(s);
        }
    }

    private void zmscore(Client c, byte[][] argv) {
        ZSetValue z = ZSets.read(c, argv[1]);
        Reply r = c.reply();
        r.array(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            Double s = z == null ? null : z.score(argv[j]);
            if (s == null) {
                r.nullBulk();
            } else {
                r.doubleValue(s);
            }
        }
    }

    private void zrank(Client c, byte[][] argv, boolean reverse) {
        ZSetValue z = ZSets.read(c, argv[1]);
        long rank = z == null ? -1 : z.rank(argv[2], reverse);
        if (rank < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().integer(rank);
        }
    }

    private void zcard(Client c, byte[][] argv) {
        ZSetValue z = ZSets.read(c, argv[1]);
        c.reply().integer(z == null ? 0 : z.size());
    }

    private void zcount(Client c, byte[][] argv) {
        ScoreRange range = ZArgs.scoreRangeOrFail(c, argv[2], argv[3]);
        ZSetValue z = ZSets.read(c, argv[1]);
        c.reply().integer(z == null ? 0 : z.countByScore(range));
    }

    private void zlexcount(Client c, byte[][] argv) {
        LexRange range = ZArgs.lexRangeOrFail(c, argv[2], argv[3]);
        ZSetValue z = ZSets.read(c, argv[1]);
        c.reply().integer(z == null ? 0 : z.countByLex(range));
    }
}
