package io.hashslot.commands.string;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;

/** Commands that read or change part of a string: APPEND, STRLEN, GETRANGE (and SUBSTR), SETRANGE. */
final class StringEdits {
    void register(CommandTable t) {
        t.register("append", this::append);
        t.register("strlen", this::strlen);
        t.register("getrange", this::getrange);
        t.register("substr", this::getrange);
        t.register("setrange", this::setrange);
    }

    private void append(Client c, byte[][] argv) {
        byte[] key = argv[1];
        Db db = c.db();
        Entry e = db.lookupWrite(key);
        long total;
        if (e == null) {
            db.add(key, argv[2]);
            total = argv[2].length;
        } else {
            StringAccess.checkString(c, e);
            StringAccess.checkLength(c, StringAccess.length(e.value()), argv[2].length);
            MutableString m = StringAccess.unshare(db, e);
            m.append(argv[2]);
            total = m.length();
        }
        c.server().keyModified(c.dbIndex(), key);
        Notifications.string(c, "append", key);
        c.reply().integer(total);
    }

    private void strlen(Client c, byte[][] argv) {
        Object v = StringAccess.readString(c, argv[1]);
        c.reply().integer(v == null ? 0 : StringAccess.length(v));
    }

    private void getrange(Client c, byte[][] argv) {
        long start = Args.longArg(c, argv[2]);
        long end = Args.longArg(c, argv[3]);
        Object v = StringAccess.readString(c, argv[1]);
        if (v == null) {
            c.reply().bulk(EMPTY);
            return;
        }
        long len = StringAccess.length(v);
        if (start < 0 && end < 0 && start > end) {
            c.reply().bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            c.reply().bulk(EMPTY);
        } else {
            c.reply().bulk(StringAccess.array(v), (int) start, (int) (end - start + 1));
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private void setrange(Client c, byte[][] argv) {
        long offset = Args.longArg(c, argv[2]);
        byte[] value = argv[3];
        if (offset < 0) {
            throw Args.fail(c, "ERR offset is out of range");
        }
        byte[] key = argv[1];
        Db db = c.db();
        Entry e = db.lookupWrite(key);
        MutableString m;
        if (e == null) {
            if (value.length == 0) {
                c.reply().integer(0);
                return;
            }
            StringAccess.checkLength(c, offset, value.length);
            m = new MutableString(EMPTY, 0);
            db.add(key, m);
        } else {
            StringAccess.checkString(c, e);
            if (value.length == 0) {
                c.reply().integer(StringAccess.length(e.value()));
                return;
            }
            StringAccess.checkLength(c, offset, value.length);
            m = StringAccess.unshare(db, e);
        }
        m.write((int) offset, value);
        c.server().keyModified(c.dbIndex(), key);
        Notifications.string(c, "setrange", key);
        c.reply().integer(m.length());
    }
}
