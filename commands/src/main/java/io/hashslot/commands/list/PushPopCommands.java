package io.hashslot.commands.list;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.common.Numbers;
import io.hashslot.store.types.ListValue;

/** The non-blocking commands that add or remove list elements at the ends: pushes, pops, LMPOP, LMOVE. */
final class PushPopCommands {
    void register(CommandTable t) {
        t.register("lpush", (c, argv) -> push(c, argv, true, false));
        t.register("rpush", (c, argv) -> push(c, argv, false, false));
        t.register("lpushx", (c, argv) -> push(c, argv, true, true));
        t.register("rpushx", (c, argv) -> push(c, argv, false, true));
        t.register("lpop", (c, argv) -> pop(c, argv, true));
        t.register("rpop", (c, argv) -> pop(c, argv, false));
        t.register("lmpop", (c, argv) -> {
            MpopArgs a = MpopArgs.parse(c, argv, 1);
            mpop(c, argv, a);
        });
        t.register("lmove", (c, argv) -> {
            boolean from = Lists.position(c, argv[3]);
            boolean to = Lists.position(c, argv[4]);
            move(c, argv[1], argv[2], from, to, null);
        });
        t.register("rpoplpush", (c, argv) -> move(c, argv[1], argv[2], false, true, null));
    }

    /** LPUSH/RPUSH/LPUSHX/RPUSHX ({@code xx}: only when the list exists). */
    private void push(Client c, byte[][] argv, boolean head, boolean xx) {
        byte[] key = argv[1];
        ListValue l = Lists.write(c, key);
        if (l == null) {
            if (xx) {
                c.reply().integer(0);
                return;
            }
            l = Lists.create(c, key);
        }
        for (int j = 2; j < argv.length; j++) {
            if (head) {
                l.pushHead(argv[j]);
            } else {
                l.pushTail(argv[j]);
            }
        }
        c.reply().integer(l.size());
        Lists.modified(c, key, argv.length - 2);
        Lists.notifyList(c, head ? "lpush" : "rpush", key);
    }

    /** LPOP/RPOP key [count]. */
    private void pop(Client c, byte[][] argv, boolean head) {
        if (argv.length > 3) {
            c.error(Errors.arity(head ? "lpop" : "rpop"));
            return;
        }
        boolean hasCount = argv.length == 3;
        long count = hasCount ? Args.positiveLong(c, argv[2], null) : 0;
        byte[] key = argv[1];
        ListValue l = Lists.write(c, key);
        if (l == null) {
            if (hasCount) {
                c.reply().nullArray();
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            c.reply().array(0);
            return;
        }
        if (!hasCount) {
            byte[] v = head ? l.popHead() : l.popTail();
            c.reply().bulk(v);
            Lists.elementsRemoved(c, key, head, l, 1);
        } else {
            long n = Math.min(count, l.size());
            Lists.popRangeReply(c.reply(), l, head, n);
            Lists.elementsRemoved(c, key, head, l, n);
        }
    }

    /** The parsed arguments of LMPOP and BLMPOP. */
    static final class MpopArgs {
        int firstKey;
        int numkeys;
        boolean head;
        long count;

        /** Parses "numkeys key... LEFT|RIGHT [COUNT n]" starting at {@code numkeysIdx}, as lmpopGenericCommand. */
        static MpopArgs parse(Client c, byte[][] argv, int numkeysIdx) {
            MpopArgs a = new MpopArgs();
            long numkeys = Args.longInRange(c, argv[numkeysIdx], 1, Long.MAX_VALUE,
                "ERR numkeys should be greater than 0");
            if (numkeys >= argv.length - numkeysIdx - 1) {
                throw Args.fail(c, Errors.SYNTAX);
            }
            int whereIdx = numkeysIdx + (int) numkeys + 1;
            a.head = Lists.position(c, argv[whereIdx]);
            long count = -1;
            for (int j = whereIdx + 1; j < argv.length; j++) {
                boolean moreArgs = j < argv.length - 1;
                if (count == -1 && Args.is(argv[j], "COUNT") && moreArgs) {
                    j++;
                    count = Args.longInRange(c, argv[j], 1, Long.MAX_VALUE, "ERR count should be greater than 0");
                } else {
                    throw Args.fail(c, Errors.SYNTAX);
                }
            }
            a.count = count == -1 ? 1 : count;
            a.firstKey = numkeysIdx + 1;
            a.numkeys = (int) numkeys;
            return a;
        }
    }

    /** LMPOP: pops from the first non-empty list; propagates as [LR]POP key n. */
    static void mpop(Client c, byte[][] argv, MpopArgs a) {
        for (int j = a.firstKey; j < a.firstKey + a.numkeys; j++) {
            byte[] key = argv[j];
            if (popWithKey(c, key, a.head, a.count)) {
                return;
            }
        }
        c.reply().nullArray();
    }

    /**
     * Pops up to {@code count} elements from {@code key} replying [key, [elements]] if it holds a non-empty list
     * (WRONGTYPE aborts); returns false, replying nothing, when the key is missing.
     */
    static boolean popWithKey(Client c, byte[] key, boolean head, long count) {
        ListValue l = Lists.write(c, key);
        if (l == null || l.size() == 0) {
            return false;
        }
        long n = Lists.popRangeWithKey(c, key, l, head, count);
        Lists.elementsRemoved(c, key, head, l, n);
        c.rewriteArgv(head ? Lists.LPOP : Lists.RPOP, key, Numbers.toBytes(n));
        return true;
    }

    /**
     * LMOVE/RPOPLPUSH core (lmoveGenericCommand): pops from one end of {@code src}, pushes to {@code dst},
     * replies the element (null when {@code src} is missing). {@code rewrite}, if not null, is what to propagate.
     */
    static void move(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead, byte[][] rewrite) {
        ListValue s = Lists.write(c, src);
        if (s == null || s.size() == 0) {
            c.reply().nullBulk();
            return;
        }
        ListValue d = Lists.write(c, dst);
        byte[] v = fromHead ? s.popHead() : s.popTail();
        pushMoved(c, dst, d, v, toHead);
        Lists.notifyList(c, fromHead ? "lpop" : "rpop", src);
        Lists.deleteIfEmpty(c, src, s);
        Lists.modified(c, src, 1);
        if (rewrite != null) {
            c.rewriteArgv(rewrite);
        }
    }

    /** lmoveHandlePush: creates the destination if needed, pushes, notifies and replies the element. */
    static void pushMoved(Client c, byte[] dst, ListValue d, byte[] v, boolean toHead) {
        if (d == null) {
            d = Lists.create(c, dst);
        }
        Lists.modified(c, dst, 0);
        if (toHead) {
            d.pushHead(v);
        } else {
            d.pushTail(v);
        }
        Lists.notifyList(c, toHead ? "lpush" : "rpush", dst);
        c.reply().bulk(v);
    }
}
