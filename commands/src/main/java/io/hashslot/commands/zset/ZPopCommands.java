package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.blocking.Waiter;
import io.hashslot.common.Numbers;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Entry;
import io.hashslot.store.types.ZSetValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX, BZMPOP, as Redis's genericZpopCommand and
 * blockingGenericZpopCommand. Served pops propagate as ZPOPMIN/ZPOPMAX (with the count actually popped).
 */
final class ZPopCommands {
    private static final byte[] ZPOPMIN = Args.bytes("ZPOPMIN");
    private static final byte[] ZPOPMAX = Args.bytes("ZPOPMAX");

    void register(CommandTable t) {
        t.register("zpopmin", (c, argv) -> zpop(c, argv, false));
        t.register("zpopmax", (c, argv) -> zpop(c, argv, true));
        t.register("zmpop", (c, argv) -> zmpop(c, argv, 1, false));
        t.register("bzmpop", (c, argv) -> zmpop(c, argv, 2, true));
        t.register("bzpopmin", (c, argv) -> bzpop(c, argv, false));
        t.register("bzpopmax", (c, argv) -> bzpop(c, argv, true));
    }

    /**
     * genericZpopCommand: pops from the first existing key of {@code keys}. {@code count} -1 is a plain single
     * pop. Replies as the caller's shape asks; returns the key popped from and how many elements, or null.
     */
    static Popped pop(Client c, List<byte[]> keys, boolean max, boolean emitKey, long count, boolean nested,
                    boolean nilWhenEmpty) {
        byte[] key = null;
        ZSetValue z = null;
        for (byte[] k : keys) {
            z = ZSets.write(c, k);
            if (z != null) {
                key = k;
                break;
            }
        }
        Reply r = c.reply();
        if (z == null) {
            if (nilWhenEmpty) {
                r.nullArray();
            } else {
                r.array(0);
            }
            return null;
        }
        if (count == 0) {
            r.array(0);
            return null;
        }
        if (count == -1) {
            count = 1;
        }
        long rangeLen = Math.min(count, z.size());
        if (!nested && !emitKey) {
            r.array((int) (rangeLen * 2));
        } else if (nested && !emitKey) {
            r.array((int) rangeLen);
        } else if (!nested) {
            r.array((int) (rangeLen * 2 + 1));
            r.bulk(key);
        } else {
            r.array(2);
            r.bulk(key);
            r.array((int) rangeLen);
        }
        for (long i = 0; i < rangeLen; i++) {
            ZSetValue.Element e = z.pop(max);
            if (i == 0) {
                ZSets.notifyZset(c, max ? "zpopmax" : "zpopmin", key);
                c.server().keyModified(c.dbIndex(), key);
            } else {
                c.server().addDirty(1);
            }
            if (nested) {
                r.array(2);
            }
            r.bulk(e.member());
            r.doubleValue(e.score());
        }
        if (z.size() == 0) {
            ZSets.deleteEmptied(c, key);
        }
        return new Popped(key, rangeLen);
    }

    /** Which key a pop took elements from, and how many. */
    record Popped(byte[] key, long count) {
    }

    private static void rewriteAsPop(Client c, boolean max, byte[] key, long count) {
        if (count < 0) {
            c.rewriteArgv(max ? ZPOPMAX : ZPOPMIN, key);
        } else {
            c.rewriteArgv(max ? ZPOPMAX : ZPOPMIN, key, Numbers.toBytes(count));
        }
    }

    private void zpop(Client c, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            throw Args.fail(c, Errors.SYNTAX);
        }
        long count = -1;
        if (argv.length == 3) {
            count = Args.positiveLong(c, argv[2], null);
        }
        boolean nested = c.protocol() > 2 && count != -1;
        pop(c, List.of(argv[1]), max, false, count, nested, false);
    }

    /** ZMPOP numkeys key... MIN|MAX [COUNT n] and BZMPOP timeout numkeys key... MIN|MAX [COUNT n]. */
    private void zmpop(Client c, byte[][] argv, int numKeysIdx, boolean blocking) {
        long numKeys = ZArgs.longInRange(c, argv[numKeysIdx], 1, Long.MAX_VALUE,
            "ERR numkeys should be greater than 0");
        if (numKeys >= argv.length - numKeysIdx - 1) {
            throw Args.fail(c, Errors.SYNTAX);
        }
        int whereIdx = (int) (numKeysIdx + numKeys + 1);
        boolean max;
        if (ZSets.option(argv[whereIdx], "MIN")) {
            max = false;
        } else if (ZSets.option(argv[whereIdx], "MAX")) {
            max = true;
        } else {
            throw Args.fail(c, Errors.SYNTAX);
        }
        long count = -1;
        for (int j = whereIdx + 1; j < argv.length; j++) {
            boolean moreArgs = argv.length - 1 - j > 0;
            if (count == -1 && ZSets.option(argv[j], "COUNT") && moreArgs) {
                j++;
                count = ZArgs.longInRange(c, argv[j], 1, Long.MAX_VALUE, "ERR count should be greater than 0");
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        if (count == -1) {
            count = 1;
        }
        List<byte[]> keys = new ArrayList<>();
        for (int j = numKeysIdx + 1; j < whereIdx; j++) {
            keys.add(argv[j]);
        }
        if (blocking) {
            blockingPop(c, keys, max, argv[1], count, true);
            return;
        }
        Popped p = pop(c, keys, max, true, count, true, true);
        if (p != null) {
            rewriteAsPop(c, max, p.key(), p.count());
        }
    }

    private void bzpop(Client c, byte[][] argv, boolean max) {
        List<byte[]> keys = new ArrayList<>();
        for (int j = 1; j < argv.length - 1; j++) {
            keys.add(argv[j]);
        }
        blockingPop(c, keys, max, argv[argv.length - 1], -1, false);
    }

    /** blockingGenericZpopCommand: pops now if any key has elements, else blocks (or times out at once). */
    private void blockingPop(Client c, List<byte[]> keys, boolean max, byte[] timeoutArg, long count,
                             boolean nested) {
        long timeout = ZArgs.timeoutMillis(c, timeoutArg);
        for (byte[] key : keys) {
            ZSetValue z = ZSets.write(c, key);
            if (z == null || z.size() == 0) {
                continue;
            }
            Popped p = pop(c, List.of(key), max, true, count, nested, nested);
            rewriteAsPop(c, max, key, count == -1 ? -1 : p.count());
            return;
        }
        if (c.hasFlag(Client.FLAG_DENY_BLOCKING)) {
            c.reply().nullArray();
            return;
        }
        long now = c.server().clock().currentTimeMillis();
        if (timeout > 0 && timeout > Long.MAX_VALUE - now) {
            timeout = 1; // Redis's deadline overflows to the past: it times out at once
        }
        c.server().blocking().block(c, distinct(keys), timeout, new PopWaiter(max, count, nested));
    }

    private static List<byte[]> distinct(List<byte[]> keys) {
        Set<ByteBuffer> seen = new HashSet<>();
        List<byte[]> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            if (seen.add(ByteBuffer.wrap(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** A client blocked in BZPOPMIN/BZPOPMAX/BZMPOP (serveClientsBlockedOnSortedSetKey). */
    private record PopWaiter(boolean max, long count, boolean nested) implements Waiter {
        @Override
        public boolean tryServe(Client c, byte[] key) {
            Entry e = c.db().lookupWrite(key);
            if (e == null || !(e.value() instanceof ZSetValue z) || z.size() == 0) {
                return false;
            }
            Popped p = pop(c, List.of(key), max, true, count, nested, nested);
            // what serveClientsBlockedOnSortedSetKey propagates, left where the list family leaves its own
            rewriteAsPop(c, max, key, count == -1 ? -1 : p.count());
            return true;
        }

        @Override
        public void timeout(Client c) {
            c.reply().nullArray();
        }
    }
}
