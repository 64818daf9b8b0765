package io.hashslot.commands.list;

import io.hashslot.commands.Client;
import io.hashslot.commands.Errors;
import io.hashslot.commands.blocking.Waiter;
import io.hashslot.common.Numbers;
import io.hashslot.store.Entry;
import io.hashslot.store.types.ListValue;

/**
 * A client blocked by BLPOP/BRPOP ({@code POP}), BLMPOP ({@code MPOP}) or BLMOVE/BRPOPLPUSH ({@code MOVE}).
 * When one of its keys holds a list again it is served as serveClientBlockedOnList does, and what it did is
 * recorded for propagation as the equivalent non-blocking command. A key that now holds another type leaves it
 * waiting.
 */
final class ListWaiter implements Waiter {
    private enum Kind { POP, MPOP, MOVE }

    private final Kind kind;
    private final boolean head;
    private final long count;
    private final boolean toHead;
    private final byte[] dst;
    private final boolean rpoplpush;

    private ListWaiter(Kind kind, boolean head, long count, boolean toHead, byte[] dst, boolean rpoplpush) {
        this.kind = kind;
        this.head = head;
        this.count = count;
        this.toHead = toHead;
        this.dst = dst;
        this.rpoplpush = rpoplpush;
    }

    static ListWaiter pop(boolean head) {
        return new ListWaiter(Kind.POP, head, 1, false, null, false);
    }

    static ListWaiter mpop(boolean head, long count) {
        return new ListWaiter(Kind.MPOP, head, count, false, null, false);
    }

    static ListWaiter move(boolean fromHead, boolean toHead, byte[] dst, boolean rpoplpush) {
        return new ListWaiter(Kind.MOVE, fromHead, 1, toHead, dst, rpoplpush);
    }

    @Override
    public boolean tryServe(Client c, byte[] key) {
        c.server().keyspace().setNow(c.server().clock().currentTimeMillis());
        Entry e = c.db().lookupWrite(key); // a write lookup: the pop changes the key (snapshots save it first)
        if (e == null || !(e.value() instanceof ListValue l) || l.size() == 0) {
            return false;
        }
        switch (kind) {
            case POP -> {
                c.rewriteArgv(head ? Lists.LPOP : Lists.RPOP, key);
                byte[] v = head ? l.popHead() : l.popTail();
                c.reply().array(2);
                c.reply().bulk(key);
                c.reply().bulk(v);
                Lists.notifyList(c, head ? "lpop" : "rpop", key);
                Lists.deleteIfEmpty(c, key, l);
            }
            case MPOP -> {
                long n = Lists.popRangeWithKey(c, key, l, head, count);
                c.rewriteArgv(head ? Lists.LPOP : Lists.RPOP, key, Numbers.toBytes(n));
                Lists.elementsRemoved(c, key, head, l, n);
            }
            default -> {
                if (Lists.isOtherType(c, dst)) {
                    c.error(Errors.WRONGTYPE);
                    return true;
                }
                ListValue d = Lists.write(c, dst);
                byte[] v = head ? l.popHead() : l.popTail();
                PushPopCommands.pushMoved(c, dst, d, v, toHead);
                c.rewriteArgv(rpoplpush ? new byte[][] {Lists.RPOPLPUSH, key, dst}
                    : new byte[][] {Lists.LMOVE, key, dst, Lists.positionWord(head), Lists.positionWord(toHead)});
                Lists.notifyList(c, head ? "lpop" : "rpop", key);
                Lists.deleteIfEmpty(c, key, l);
            }
        }
        return true;
    }

    @Override
    public void timeout(Client c) {
        c.reply().nullArray();
    }
}
