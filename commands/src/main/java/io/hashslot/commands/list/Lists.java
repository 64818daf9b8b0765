package io.hashslot.commands.list;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.Errors;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Entry;
import io.hashslot.store.types.ListValue;

/**
 * What the list commands share: key lookups with Redis's type check and statistics, list creation (which wakes
 * clients blocked on the key, as dbAdd does), removal of emptied lists, notifications and range replies.
 */
final class Lists {
    static final byte[] LPOP = Args.bytes("LPOP");
    static final byte[] RPOP = Args.bytes("RPOP");
    static final byte[] LMOVE = Args.bytes("LMOVE");
    static final byte[] RPOPLPUSH = Args.bytes("RPOPLPUSH");
    static final byte[] LEFT = Args.bytes("left");
    static final byte[] RIGHT = Args.bytes("right");

    private Lists() {
    }

    /** lookupKeyRead plus checkType: the list, or null when missing; WRONGTYPE aborts. Counts hits/misses. */
    static ListValue read(Client c, byte[] key) {
        Entry e = c.db().lookupRead(key);
        if (e == null) {
            c.server().stats().keyspaceMisses++;
            return null;
        }
        c.server().stats().keyspaceHits++;
        if (!(e.value() instanceof ListValue l)) {
            throw Args.fail(c, Errors.WRONGTYPE);
        }
        return l;
    }

    /** lookupKeyWrite plus checkType: the list, or null when missing; WRONGTYPE aborts. */
    static ListValue write(Client c, byte[] key) {
        Entry e = c.db().lookupWrite(key);
        if (e == null) {
            return null;
        }
        if (!(e.value() instanceof ListValue l)) {
            throw Args.fail(c, Errors.WRONGTYPE);
        }
        return l;
    }

    /** Whether {@code key} exists and is not a list (the check a blocked BLMOVE makes on its destination). */
    static boolean isOtherType(Client c, byte[] key) {
        Entry e = c.db().lookupWrite(key);
        return e != null && !(e.value() instanceof ListValue);
    }

    /**
     * Creates an empty list under {@code key} (which must not exist) and, as dbAdd does, lets clients blocked on
     * the key try again after this command. (The "new" keyspace event is sent by the store's key-added hook.)
     */
    static ListValue create(Client c, byte[] key) {
        ListValue l = new ListValue(c.server().config().getInt("list-max-listpack-size"));
        c.db().add(key, l);
        c.server().signalKeyAsReady(c.dbIndex(), key);
        return l;
    }

    static void notifyList(Client c, String event, byte[] key) {
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.LIST, event, key, c.dbIndex());
    }

    /** Deletes the key if the list became empty, with the "del" event. Returns whether it did. */
    static boolean deleteIfEmpty(Client c, byte[] key, ListValue l) {
        if (l.size() != 0) {
            return false;
        }
        c.db().delete(key);
        c.server().notifyKeyspaceEvent(KeyspaceEventFlags.GENERIC, "del", key, c.dbIndex());
        return true;
    }

    /** signalModifiedKey plus {@code dirty} changes. */
    static void modified(Client c, byte[] key, long dirty) {
        c.server().watches().touch(c.dbIndex(), key);
        c.server().addDirty(dirty);
    }

    /**
     * listElementsRemoved: after popping {@code count} elements from one end, the pop event, deletion of an emptied
     * list, WATCH touch and dirty. Returns whether the key was deleted.
     */
    static boolean elementsRemoved(Client c, byte[] key, boolean head, ListValue l, long count) {
        notifyList(c, head ? "lpop" : "rpop", key);
        boolean deleted = deleteIfEmpty(c, key, l);
        modified(c, key, count);
        return deleted;
    }

    /**
     * addListRangeReply: elements [start, end] with negative indexes counted from the tail, clipped to the list;
     * an empty array when the range is empty. {@code reverse} replies from end to start.
     */
    static void replyRange(Reply r, ListValue l, long start, long end, boolean reverse) {
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
        if (start > end || start >= len) {
            r.array(0);
            return;
        }
        if (end >= len) {
            end = len - 1;
        }
        r.array((int) (end - start + 1));
        l.visitRange(start, end, reverse, r::bulk);
    }

    /**
     * listPopRangeAndReplyWithKey: pops up to {@code count} elements from one end replying [key, [elements]] in
     * pop order. Returns the number popped; the caller runs {@link #elementsRemoved}.
     */
    static long popRangeWithKey(Client c, byte[] key, ListValue l, boolean head, long count) {
        long n = Math.min(count, l.size());
        Reply r = c.reply();
        r.array(2);
        r.bulk(key);
        popRangeReply(r, l, head, n);
        return n;
    }

    /** Replies the {@code n} elements at one end (in pop order) as an array and removes them. */
    static void popRangeReply(Reply r, ListValue l, boolean head, long n) {
        long len = l.size();
        r.array((int) n);
        if (n == 0) {
            return;
        }
        if (head) {
            l.visitRange(0, n - 1, false, r::bulk);
            l.removeHead(n);
        } else {
            l.visitRange(len - n, len - 1, true, r::bulk);
            l.removeTail(n);
        }
    }

    /** getListPositionFromObjectOrReply: LEFT = head (true), RIGHT = tail (false); syntax error otherwise. */
    static boolean position(Client c, byte[] arg) {
        if (Args.is(arg, "RIGHT")) {
            return false;
        } else if (Args.is(arg, "LEFT")) {
            return true;
        }
        throw Args.fail(c, Errors.SYNTAX);
    }

    static byte[] positionWord(boolean head) {
        return head ? LEFT : RIGHT;
    }
}
