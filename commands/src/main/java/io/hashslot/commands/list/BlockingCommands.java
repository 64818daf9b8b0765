package io.hashslot.commands.list;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.common.LongDouble;
import io.hashslot.common.NotANumberException;
import io.hashslot.store.types.ListValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH: like their non-blocking forms when a list has elements, otherwise
 * the client waits (first blocked, first served) until a list is created under one of its keys or it times out.
 * Inside MULTI/EXEC (or a script) they never wait: an empty result is replied as a timeout.
 */
final class BlockingCommands {
    /** Waits longer than this (about 31 years) are the same as waiting forever, as far as anyone can tell. */
    private static final long FOREVER_MILLIS = 1_000_000_000_000L;
    private static final LongDouble THOUSAND = LongDouble.of(BigDecimal.valueOf(1000));

    void register(CommandTable t) {
        t.register("blpop", (c, argv) -> blockingPop(c, argv, 1, argv.length - 2, true, argv[argv.length - 1], -1));
        t.register("brpop", (c, argv) -> blockingPop(c, argv, 1, argv.length - 2, false, argv[argv.length - 1], -1));
        t.register("blmpop", (c, argv) -> {
            PushPopCommands.MpopArgs a = PushPopCommands.MpopArgs.parse(c, argv, 2);
            blockingPop(c, argv, a.firstKey, a.numkeys, a.head, argv[1], a.count);
        });
        t.register("blmove", (c, argv) -> {
            boolean from = Lists.position(c, argv[3]);
            boolean to = Lists.position(c, argv[4]);
            long timeout = timeoutMillis(c, argv[5]);
            blockingMove(c, argv[1], argv[2], from, to, timeout, false,
                new byte[][] {Lists.LMOVE, argv[1], argv[2], argv[3], argv[4]});
        });
        t.register("brpoplpush", (c, argv) -> {
            long timeout = timeoutMillis(c, argv[3]);
            blockingMove(c, argv[1], argv[2], false, true, timeout, true,
                new byte[][] {Lists.RPOPLPUSH, argv[1], argv[2]});
        });
    }

    /**
     * getTimeoutFromObjectOrReply in seconds: a long double, times 1000, rounded up to whole milliseconds. Returns
     * the relative wait in milliseconds, 0 meaning forever.
     */
    static long timeoutMillis(Client c, byte[] arg) {
        LongDouble seconds;
        try {
            seconds = LongDouble.parse(arg);
        } catch (NotANumberException e) {
            throw Args.fail(c, "ERR timeout is not a float or out of range");
        }
        LongDouble millis = seconds.multiply(THOUSAND);
        long tval = Long.MIN_VALUE; // what the x87 conversion yields for values a long cannot hold
        if (millis != null && !millis.isInfinite()) {
            BigDecimal up = millis.toBigDecimal().setScale(0, RoundingMode.CEILING);
            if (up.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                && up.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
                tval = up.longValue();
            }
        }
        if (tval < 0) {
            throw Args.fail(c, "ERR timeout is negative");
        }
        return tval > FOREVER_MILLIS ? 0 : tval;
    }

    /**
     * blockingPopGenericCommand: {@code count} -1 is BLPOP/BRPOP (reply [key, element]), otherwise BLMPOP (reply
     * [key, [elements]]).
     */
    private void blockingPop(Client c, byte[][] argv, int firstKey, int numKeys, boolean head, byte[] timeoutArg,
                             long count) {
        long timeout = timeoutMillis(c, timeoutArg);
        for (int j = firstKey; j < firstKey + numKeys; j++) {
            byte[] key = argv[j];
            if (count != -1) {
                if (PushPopCommands.popWithKey(c, key, head, count)) {
                    return;
                }
                continue;
            }
            ListValue l = Lists.write(c, key);
            if (l == null || l.size() == 0) {
                continue;
            }
            byte[] v = head ? l.popHead() : l.popTail();
            c.reply().array(2);
            c.reply().bulk(key);
            c.reply().bulk(v);
            Lists.elementsRemoved(c, key, head, l, 1);
            c.rewriteArgv(head ? Lists.LPOP : Lists.RPOP, key);
            return;
        }
        if (c.hasFlag(Client.FLAG_DENY_BLOCKING)) {
            c.reply().nullArray();
            return;
        }
        List<byte[]> keys = new ArrayList<>(numKeys);
        for (int j = firstKey; j < firstKey + numKeys; j++) {
            keys.add(argv[j]);
        }
        ListWaiter w = count == -1 ? ListWaiter.pop(head) : ListWaiter.mpop(head, count);
        c.server().blocking().block(c, keys, timeout, w);
    }

    /** blmoveGenericCommand: LMOVE now when the source has elements, else wait for it. */
    private void blockingMove(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead, long timeout,
                              boolean rpoplpush, byte[][] rewrite) {
        ListValue s = Lists.write(c, src);
        if (s != null) {
            PushPopCommands.move(c, src, dst, fromHead, toHead, rewrite);
            return;
        }
        if (c.hasFlag(Client.FLAG_DENY_BLOCKING)) {
            c.reply().nullBulk();
            return;
        }
        c.server().blocking().block(c, List.of(src), timeout, ListWaiter.move(fromHead, toHead, dst, rpoplpush));
    }
}
