package io.hashslot.commands.zset;

import io.hashslot.commands.KeyLookup;
import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Entry;
import io.hashslot.store.types.BytesMap;
import io.hashslot.store.types.SetValue;
import io.hashslot.store.types.ZSetValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (zunionInterDiffGenericCommand). Inputs may be sorted
 * sets or sets (members score 1). Sums follow Redis's order of evaluation (inputs by ascending size, stable), so
 * floating point results match; +inf plus -inf sums to 0.
 */
final class ZSetOperations {
    private enum Op { UNION, INTER, DIFF }

    private static final int SUM = 0;
    private static final int MIN = 1;
    private static final int MAX = 2;

    void register(CommandTable t) {
        t.register("zunionstore", (c, argv) -> run(c, argv, argv[1], 2, Op.UNION, false, "zunionstore"));
        t.register("zinterstore", (c, argv) -> run(c, argv, argv[1], 2, Op.INTER, false, "zinterstore"));
        t.register("zdiffstore", (c, argv) -> run(c, argv, argv[1], 2, Op.DIFF, false, "zdiffstore"));
        t.register("zunion", (c, argv) -> run(c, argv, null, 1, Op.UNION, false, "zunion"));
        t.register("zinter", (c, argv) -> run(c, argv, null, 1, Op.INTER, false, "zinter"));
        t.register("zdiff", (c, argv) -> run(c, argv, null, 1, Op.DIFF, false, "zdiff"));
        t.register("zintercard", (c, argv) -> run(c, argv, null, 1, Op.INTER, true, "zintercard"));
    }

    /** One input: a sorted set, a set, or nothing (missing key), with its weight. */
    private static final class Source {
        final Object value;
        double weight = 1.0;

        Source(Object value) {
            this.value = value;
        }

        long size() {
            if (value instanceof ZSetValue z) {
                return z.size();
            }
            return value instanceof SetValue s ? s.size() : 0;
        }

        /** The member's score in this input (1 for a set member), or null. */
        Double find(byte[] member) {
            if (value instanceof ZSetValue z) {
                return z.score(member);
            }
            return value instanceof SetValue s && s.contains(member) ? 1.0 : null;
        }

        void forEach(BiConsumer<byte[], Double> visitor) {
            if (value instanceof ZSetValue z) {
                z.forEach(visitor);
            } else if (value instanceof SetValue s) {
                s.forEach(m -> visitor.accept(m, 1.0));
            }
        }
    }

    private static double aggregate(double target, double val, int how) {
        return switch (how) {
            case SUM -> {
                double r = target + val;
                yield Double.isNaN(r) ? 0.0 : r;
            }
            case MIN -> val < target ? val : target;
            default -> val > target ? val : target;
        };
    }

    private void run(Client c, byte[][] argv, byte[] dst, int numKeysIdx, Op op, boolean cardinalityOnly,
                     String name) {
        long setNum = Args.longArg(c, argv[numKeysIdx]);
        if (setNum < 1) {
            throw Args.fail(c, "ERR at least 1 input key is needed for '" + name + "' command");
        }
        if (setNum > argv.length - (numKeysIdx + 1)) {
            throw Args.fail(c, Errors.SYNTAX);
        }
        int n = (int) setNum;
        List<Source> src = new ArrayList<>(n);
        int j = numKeysIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            Entry e = KeyLookup.readEntry(c, argv[j]);
            Object v = e == null ? null : e.value();
            if (v != null && !(v instanceof ZSetValue) && !(v instanceof SetValue)) {
                throw Args.fail(c, Errors.WRONGTYPE);
            }
            src.add(new Source(v));
        }
        int how = SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = argv.length - j;
        while (remaining > 0) {
            if (op != Op.DIFF && !cardinalityOnly && remaining >= n + 1 && ZSets.option(argv[j], "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    src.get(i).weight = ZArgs.doubleArg(c, argv[j], "ERR weight value is not a float");
                }
            } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2
                && ZSets.option(argv[j], "aggregate")) {
                j++;
                remaining--;
                if (ZSets.option(argv[j], "sum")) {
                    how = SUM;
                } else if (ZSets.option(argv[j], "min")) {
                    how = MIN;
                } else if (ZSets.option(argv[j], "max")) {
                    how = MAX;
                } else {
                    throw Args.fail(c, Errors.SYNTAX);
                }
                j++;
                remaining--;
            } else if (dst == null && !cardinalityOnly && ZSets.option(argv[j], "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && ZSets.option(argv[j], "limit")) {
                j++;
                remaining--;
                limit = Args.positiveLong(c, argv[j], "ERR LIMIT can't be negative");
                j++;
                remaining--;
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        if (op != Op.DIFF) {
            src.sort(Comparator.comparingLong(Source::size));
        }
        List<ZSetValue.Element> result = new ArrayList<>();
        long cardinality = 0;
        switch (op) {
            case INTER -> cardinality = inter(src, how, cardinalityOnly, limit, result);
            case UNION -> union(src, how, result);
            default -> diff(src, result);
        }
        if (cardinalityOnly) {
            c.reply().integer(cardinality);
            return;
        }
        result.sort((a, b) -> ZSetValue.compare(a.score(), a.member(), b.score(), b.member()));
        if (dst != null) {
            store(c, dst, op, result);
            return;
        }
        Reply r = c.reply();
        ZSets.replyElementsHeader(r, result.size(), withScores);
        for (ZSetValue.Element e : result) {
            ZSets.replyElement(r, e.member(), e.score(), withScores);
        }
    }

    private static long inter(List<Source> src, int how, boolean cardinalityOnly, long limit,
                              List<ZSetValue.Element> result) {
        Source first = src.get(0);
        if (first.size() == 0) {
            return 0;
        }
        long[] cardinality = {0};
        boolean[] stop = {false};
        first.forEach((member, s) -> {
            if (stop[0]) {
                return;
            }
            double score = first.weight * s;
            if (Double.isNaN(score)) {
                score = 0;
            }
            for (int k = 1; k < src.size(); k++) {
                Source other = src.get(k);
                Double found = other.value == first.value ? s : other.find(member);
                if (found == null) {
                    return;
                }
                score = aggregate(score, found * other.weight, how);
            }
            if (cardinalityOnly) {
                cardinality[0]++;
                if (limit > 0 && cardinality[0] >= limit) {
                    stop[0] = true;
                }
            } else {
                result.add(new ZSetValue.Element(member, score));
            }
        });
        return cardinality[0];
    }

    private static void union(List<Source> src, int how, List<ZSetValue.Element> result) {
        long largest = src.get(src.size() - 1).size();
        BytesMap acc = new BytesMap((int) Math.min(largest, 1 << 24));
        List<byte[]> order = new ArrayList<>();
        for (Source s : src) {
            if (s.size() == 0) {
                continue;
            }
            s.forEach((member, score) -> {
                double v = s.weight * score;
                if (Double.isNaN(v)) {
                    v = 0;
                }
                BytesMap.Node node = acc.node(member);
                if (node == null) {
                    acc.put(member, new double[] {v});
                    order.add(member);
                } else {
                    double[] t = (double[]) node.value();
                    t[0] = aggregate(t[0], v, how);
                }
            });
        }
        for (byte[] m : order) {
            result.add(new ZSetValue.Element(m, ((double[]) acc.get(m))[0]));
        }
    }

    private static void diff(List<Source> src, List<ZSetValue.Element> result) {
        Source first = src.get(0);
        if (first.size() == 0) {
            return;
        }
        for (int k = 1; k < src.size(); k++) {
            if (src.get(k).value == first.value) {
                return; // the first input minus itself
            }
        }
        first.forEach((member, score) -> {
            for (int k = 1; k < src.size(); k++) {
                if (src.get(k).find(member) != null) {
                    return;
                }
            }
            result.add(new ZSetValue.Element(member, score));
        });
    }

    /** The STORE forms: setKey with the encoding zsetConvertToListpackIfNeeded picks, or delete when empty. */
    private static void store(Client c, byte[] dst, Op op, List<ZSetValue.Element> result) {
        if (result.isEmpty()) {
            c.reply().integer(0);
            if (c.db().delete(dst)) {
                c.server().keyModified(c.dbIndex(), dst);
                ZSets.notifyGeneric(c, "del", dst);
            }
            return;
        }
        long maxLen = 0;
        long total = 0;
        for (ZSetValue.Element e : result) {
            maxLen = Math.max(maxLen, e.member().length);
            total += e.member().length;
        }
        boolean packed = result.size() <= ZSets.maxEntries(c) && maxLen <= ZSets.maxValue(c)
            && total <= Integer.MAX_VALUE / 2;
        ZSetValue z = ZSetValue.fromSorted(result, packed, c.server().random());
        ZSets.setKey(c, dst, z);
        c.reply().integer(result.size());
        ZSets.notifyZset(c, switch (op) {
            case UNION -> "zunionstore";
            case INTER -> "zinterstore";
            default -> "zdiffstore";
        }, dst);
    }
}
