package io.hashslot.commands.set;

import io.hashslot.commands.KeyLookup;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.protocol.Reply;
import io.hashslot.store.Entry;
import io.hashslot.store.types.SetValue;
import java.util.function.Consumer;

/** SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER, SCARD and SSCAN. */
final class SetBasics {
    void register(CommandTable t) {
        t.register("sadd", this::sadd);
        t.register("srem", this::srem);
        t.register("smove", this::smove);
        t.register("sismember", this::sismember);
        t.register("smismember", this::smismember);
        t.register("scard", this::scard);
        t.register("sscan", this::sscan);
    }

    private void sadd(Client c, byte[][] argv) {
        byte[] key = argv[1];
        SetValue set = SetCommands.write(c, key);
        long max = SetCommands.maxIntset(c);
        if (set == null) {
            set = SetValue.forFirstMember(argv[2], max);
            KeyLookup.add(c, key, set);
        }
        int added = 0;
        for (int j = 2; j < argv.length; j++) {
            if (set.add(argv[j], max)) {
                added++;
            }
        }
        if (added > 0) {
            c.server().keyModified(c.dbIndex(), key);
            SetCommands.notify(c, "sadd", key);
            c.server().addDirty(added - 1);
        }
        c.reply().integer(added);
    }

    private void srem(Client c, byte[][] argv) {
        byte[] key = argv[1];
        SetValue set = SetCommands.write(c, key);
        if (set == null) {
            c.reply().integer(0);
            return;
        }
        int deleted = 0;
        boolean removed = false;
        for (int j = 2; j < argv.length; j++) {
            if (set.remove(argv[j])) {
                deleted++;
                if (set.size() == 0) {
                    c.db().delete(key);
                    removed = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.server().keyModified(c.dbIndex(), key);
            SetCommands.notify(c, "srem", key);
            if (removed) {
                SetCommands.notifyDel(c, key);
            }
            c.server().addDirty(deleted - 1);
        }
        c.reply().integer(deleted);
    }

    private void smove(Client c, byte[][] argv) {
        byte[] src = argv[1];
        byte[] dst = argv[2];
        byte[] member = argv[3];
        Entry srcEntry = c.db().lookupWrite(src);
        Entry dstEntry = c.db().lookupWrite(dst);
        if (srcEntry == null) {
            c.reply().integer(0);
            return;
        }
        SetValue from = KeyLookup.checked(c, srcEntry, SetValue.class);
        SetValue to = dstEntry == null ? null : KeyLookup.checked(c, dstEntry, SetValue.class);
        if (from == to) {
            c.reply().integer(from.contains(member) ? 1 : 0);
            return;
        }
        if (!from.remove(member)) {
            c.reply().integer(0);
            return;
        }
        SetCommands.notify(c, "srem", src);
        if (from.size() == 0) {
            c.db().delete(src);
            SetCommands.notifyDel(c, src);
        }
        long max = SetCommands.maxIntset(c);
        if (to == null) {
            to = SetValue.forFirstMember(member, max);
            KeyLookup.add(c, dst, to);
        }
        c.server().keyModified(c.dbIndex(), src);
        if (to.add(member, max)) {
            c.server().keyModified(c.dbIndex(), dst);
            SetCommands.notify(c, "sadd", dst);
        }
        c.reply().integer(1);
    }

    private void sismember(Client c, byte[][] argv) {
        SetValue set = SetCommands.read(c, argv[1]);
        c.reply().integer(set != null && set.contains(argv[2]) ? 1 : 0);
    }

    private void smismember(Client c, byte[][] argv) {
        SetValue set = SetCommands.read(c, argv[1]);
        Reply r = c.reply();
        r.array(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            r.integer(set != null && set.contains(argv[j]) ? 1 : 0);
        }
    }

    private void scard(Client c, byte[][] argv) {
        SetValue set = SetCommands.read(c, argv[1]);
        c.reply().integer(set == null ? 0 : set.size());
    }

    private void sscan(Client c, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(c, argv[2]);
        SetValue set = SetCommands.read(c, argv[1]);
        if (set == null) {
            Reply r = c.reply();
            r.array(2);
            r.bulk("0");
            r.array(0);
            return;
        }
        CollectionScan.run(c, argv, cursor, false, new CollectionScan.Source() {
            @Override
            public boolean compact() {
                return set.isIntset();
            }

            @Override
            public void all(Consumer<byte[]> sink) {
                set.forEach(sink);
            }

            @Override
            public long step(long cur, Consumer<byte[]> sink) {
                return set.scan(cur, sink);
            }
        });
    }
}
