package io.hashslot.commands.list;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.ListValue;
import java.util.ArrayList;
import java.util.List;

/** List commands that work by position or by value: LLEN, LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS. */
final class IndexCommands {
    private static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
        + "second ... or use negative to start from the end of the list";

    void register(CommandTable t) {
        t.register("llen", this::llen);
        t.register("lrange", this::lrange);
        t.register("lindex", this::lindex);
        t.register("lset", this::lset);
        t.register("linsert", this::linsert);
        t.register("lrem", this::lrem);
        t.register("ltrim", this::ltrim);
        t.register("lpos", this::lpos);
    }

    private void llen(Client c, byte[][] argv) {
        ListValue l = Lists.read(c, argv[1]);
        c.reply().integer(l == null ? 0 : l.size());
    }

    private void lrange(Client c, byte[][] argv) {
        long start = Args.longArg(c, argv[2]);
        long end = Args.longArg(c, argv[3]);
        ListValue l = Lists.read(c, argv[1]);
        if (l == null) {
            c.reply().array(0);
            return;
        }
        Lists.replyRange(c.reply(), l, start, end, false);
    }

    /** A head-based index for a possibly negative one, or -1 when out of range. */
    private static long normalize(ListValue l, long index) {
        long i = index < 0 ? l.size() + index : index;
        return i < 0 || i >= l.size() ? -1 : i;
    }

    private void lindex(Client c, byte[][] argv) {
        ListValue l = Lists.read(c, argv[1]);
        if (l == null) {
            c.reply().nullBulk();
            return;
        }
        long i = normalize(l, Args.longArg(c, argv[2]));
        if (i < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(l.get(i));
        }
    }

    private void lset(Client c, byte[][] argv) {
        byte[] key = argv[1];
        ListValue l = Lists.write(c, key);
        if (l == null) {
            c.error(Errors.NO_SUCH_KEY);
            return;
        }
        long i = normalize(l, Args.longArg(c, argv[2]));
        if (i < 0) {
            c.error(Errors.OUT_OF_RANGE);
            return;
        }
        l.set(i, argv[3]);
        c.reply().ok();
        Lists.modified(c, key, 1);
        Lists.notifyList(c, "lset", key);
    }

    private void linsert(Client c, byte[][] argv) {
        boolean after;
        if (Args.is(argv[2], "AFTER")) {
            after = true;
        } else if (Args.is(argv[2], "BEFORE")) {
            after = false;
        } else {
            c.error(Errors.SYNTAX);
            return;
        }
        byte[] key = argv[1];
        ListValue l = Lists.write(c, key);
        if (l == null) {
            c.reply().integer(0);
            return;
        }
        if (!l.insertAtPivot(argv[3], argv[4], after)) {
            c.reply().integer(-1);
            return;
        }
        Lists.modified(c, key, 1);
        Lists.notifyList(c, "linsert", key);
        c.reply().integer(l.size());
    }

    private void lrem(Client c, byte[][] argv) {
        long toRemove = Args.longArg(c, argv[2]);
        byte[] key = argv[1];
        ListValue l = Lists.write(c, key);
        if (l == null) {
            c.reply().integer(0);
            return;
        }
        boolean fromTail = toRemove < 0;
        long limit = fromTail ? -toRemove : toRemove;
        if (limit < 0) {
            limit = 0; // -LONG_MIN: the count can never be reached, so everything matching goes
        }
        long removed = l.removeMatching(argv[3], limit, fromTail);
        if (removed > 0) {
            Lists.modified(c, key, removed);
            Lists.notifyList(c, "lrem", key);
        }
        Lists.deleteIfEmpty(c, key, l);
        c.reply().integer(removed);
    }

    private void ltrim(Client c, byte[][] argv) {
        long start = Args.longArg(c, argv[2]);
        long end = Args.longArg(c, argv[3]);
        byte[] key = argv[1];
        ListValue l = Lists.write(c, key);
        if (l == null) {
            c.reply().ok();
            return;
        }
        long len = l.size();
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        long ltrim;
        long rtrim;
        if (start > end || start >= len) {
            ltrim = len;
            rtrim = 0;
        } else {
            if (end >= len) {
                end = len - 1;
            }
            ltrim = start;
            rtrim = len - end - 1;
        }
        l.removeHead(ltrim);
        l.removeTail(rtrim);
        Lists.notifyList(c, "ltrim", key);
        Lists.deleteIfEmpty(c, key, l);
        Lists.modified(c, key, ltrim + rtrim);
        c.reply().ok();
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
    private void lpos(Client c, byte[][] argv) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean moreArgs = j < argv.length - 1;
            if (Args.is(argv[j], "RANK") && moreArgs) {
                rank = Args.longArg(c, argv[++j]);
                if (rank == 0) {
                    throw Args.fail(c, RANK_ZERO);
                }
            } else if (Args.is(argv[j], "COUNT") && moreArgs) {
                count = Args.positiveLong(c, argv[++j], "ERR COUNT can't be negative");
            } else if (Args.is(argv[j], "MAXLEN") && moreArgs) {
                maxlen = Args.positiveLong(c, argv[++j], "ERR MAXLEN can't be negative");
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        boolean fromTail = false;
        if (rank < 0) {
            rank = -rank; // stays negative for LONG_MIN, which then accepts the first match, as Redis does
            fromTail = true;
        }
        Reply r = c.reply();
        ListValue l = Lists.read(c, argv[1]);
        if (l == null) {
            if (count != -1) {
                r.array(0);
            } else {
                r.nullBulk();
            }
            return;
        }
        long wantRank = rank;
        long wantCount = count;
        long[] matches = {0};
        List<Long> found = new ArrayList<>();
        l.findMatches(argv[2], fromTail, maxlen, index -> {
            matches[0]++;
            if (matches[0] >= wantRank) {
                found.add(index);
                if (wantCount == -1) {
                    return false;
                }
                return wantCount == 0 || matches[0] - wantRank + 1 < wantCount;
            }
            return true;
        });
        if (count != -1) {
            r.array(found.size());
            for (long i : found) {
                r.integer(i);
            }
        } else if (found.isEmpty()) {
            r.nullBulk();
        } else {
            r.integer(found.get(0));
        }
    }
}
