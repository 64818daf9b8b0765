package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.Glob;
import io.hashslot.common.Numbers;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.ZSetValue;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** ZRANDMEMBER (count, negative counts, WITHSCORES) and ZSCAN (MATCH, COUNT). */
final class ZRandScanCommands {
    private static final String INVALID_CURSOR = "ERR invalid cursor";

    void register(CommandTable t) {
        t.register("zrandmember", this::zrandmember);
        t.register("zscan", this::zscan);
    }

    private void zrandmember(Client c, byte[][] argv) {
        if (argv.length >= 3) {
            long l = ZArgs.longInRange(c, argv[2], -Long.MAX_VALUE, Long.MAX_VALUE, null);
            boolean withScores = false;
            if (argv.length > 4 || (argv.length == 4 && !ZSets.option(argv[3], "withscores"))) {
                throw Args.fail(c, Errors.SYNTAX);
            } else if (argv.length == 4) {
                withScores = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                    throw Args.fail(c, "ERR value is out of range");
                }
            }
            withCount(c, argv[1], l, withScores);
            return;
        }
        ZSetValue z = ZSets.read(c, argv[1]);
        if (z == null) {
            c.reply().nullBulk();
            return;
        }
        c.reply().bulk(z.random().member());
    }

    private void withCount(Client c, byte[] key, long l, boolean withScores) {
        ZSetValue z = ZSets.read(c, key);
        Reply r = c.reply();
        if (z == null) {
            r.array(0);
            return;
        }
        long size = z.size();
        boolean unique = l >= 0;
        long count = Math.abs(l);
        if (count == 0) {
            r.array(0);
            return;
        }
        if (!unique || count == 1) {
            // each pick independent; an answer that cannot be encoded is cut short, as an output limit would
            long n = Math.min(count, (Integer.MAX_VALUE - 8) / (withScores ? 2 : 1));
            ZSets.replyElementsHeader(r, n, withScores);
            // a listpack is indexed once (as lpRandomPairs walks it once) instead of seeking per pick
            List<ZSetValue.Element> all = z.isPacked() ? z.elements() : null;
            RandomGenerator rnd = c.server().random();
            for (long i = 0; i < n; i++) {
                ZSetValue.Element e = all != null ? all.get(rnd.nextInt(all.size())) : z.random();
                ZSets.replyElement(r, e.member(), e.score(), withScores);
            }
            if (n < count) {
                c.closeAfterReply();
            }
            return;
        }
        long replySize = Math.min(count, size);
        ZSets.replyElementsHeader(r, replySize, withScores);
        List<ZSetValue.Element> picked;
        if (count >= size) {
            // the whole set, walked from the highest score as Redis's zuiNext does
            picked = z.elements();
            java.util.Collections.reverse(picked);
        } else if (count * 3 > size) {
            picked = z.elements();
            RandomGenerator rnd = c.server().random();
            while (picked.size() > count) {
                int i = rnd.nextInt(picked.size());
                picked.set(i, picked.get(picked.size() - 1));
                picked.remove(picked.size() - 1);
            }
        } else {
            picked = z.randomDistinct((int) count);
        }
        for (ZSetValue.Element e : picked) {
            ZSets.replyElement(r, e.member(), e.score(), withScores);
        }
    }

    /**
     * parseScanCursorOrReply: strtoul in base 10 over the argument as a C string; leading space, trailing bytes
     * and overflow are errors, a sign is allowed (a minus negates modulo 2^64), an empty string is 0.
     */
    static long cursor(Client c, byte[] arg) {
        int end = ZSets.cLength(arg);
        if (end == 0) {
            return 0;
        }
        int i = 0;
        if (arg[0] == ' ' || (arg[0] >= '\t' && arg[0] <= '\r')) {
            throw Args.fail(c, INVALID_CURSOR);
        }
        boolean negative = false;
        if (arg[0] == '+' || arg[0] == '-') {
            negative = arg[0] == '-';
            i++;
        }
        if (i == end) {
            throw Args.fail(c, INVALID_CURSOR);
        }
        long v = 0;
        for (; i < end; i++) {
            int d = arg[i] - '0';
            if (d < 0 || d > 9 || Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                throw Args.fail(c, INVALID_CURSOR);
            }
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) {
                throw Args.fail(c, INVALID_CURSOR);
            }
            v = next;
        }
        return negative ? -v : v;
    }

    /** How a listpack holds a score: integral values up to 2^62 as integers, others as d2string text. */
    static String listpackScoreText(double d) {
        if (d == Math.rint(d) && Math.abs(d) <= 0x1p62) {
            return Long.toString((long) d);
        }
        return Numbers.formatG17(d);
    }

    private void zscan(Client c, byte[][] argv) {
        long cursor = cursor(c, argv[2]);
        ZSetValue z = ZSets.read(c, argv[1]);
        Reply r = c.reply();
        if (z == null) {
            r.array(2);
            r.bulk("0");
            r.array(0);
            return;
        }
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < argv.length; ) {
            int left = argv.length - i;
            if (ZSets.option(argv[i], "count") && left >= 2) {
                count = Args.longArg(c, argv[i + 1]);
                if (count < 1) {
                    throw Args.fail(c, Errors.SYNTAX);
                }
                i += 2;
            } else if (ZSets.option(argv[i], "match") && left >= 2) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        List<byte[]> members = new ArrayList<>();
        List<String> scores = new ArrayList<>();
        if (z.isPacked()) {
            z.forEach((m, s) -> {
                members.add(m);
                scores.add(listpackScoreText(s));
            });
            cursor = 0;
        } else {
            long wanted = count > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : count * 2;
            long maxIterations = wanted > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : wanted * 10;
            do {
                cursor = z.scan(cursor, (m, s) -> {
                    members.add(m);
                    scores.add(Numbers.formatG17(s));
                });
            } while (cursor != 0 && maxIterations-- > 0 && members.size() * 2L < wanted);
        }
        List<Integer> kept = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            if (pattern == null || Glob.matches(pattern, members.get(i), false)) {
                kept.add(i);
            }
        }
        r.array(2);
        r.bulk(Long.toString(cursor));
        r.array(kept.size() * 2);
        for (int i : kept) {
            r.bulk(members.get(i));
            r.bulk(scores.get(i));
        }
    }
}
