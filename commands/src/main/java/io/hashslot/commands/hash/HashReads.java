package io.hashslot.commands.hash;

import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.set.CollectionScan;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.HashValue;
import java.util.function.Consumer;

/** HGET, HMGET, HGETALL, HKEYS, HVALS, HLEN, HSTRLEN, HEXISTS and HSCAN. */
final class HashReads {
    void register(CommandTable t) {
        t.register("hget", this::hget);
        t.register("hmget", this::hmget);
        t.register("hgetall", (c, argv) -> all(c, argv, true, true));
        t.register("hkeys", (c, argv) -> all(c, argv, true, false));
        t.register("hvals", (c, argv) -> all(c, argv, false, true));
        t.register("hlen", this::hlen);
        t.register("hstrlen", this::hstrlen);
        t.register("hexists", this::hexists);
        t.register("hscan", this::hscan);
    }

    private static void bulkOrNull(Reply r, byte[] v) {
        if (v == null) {
            r.nullBulk();
        } else {
            r.bulk(v);
        }
    }

    private void hget(Client c, byte[][] argv) {
        HashValue h = HashCommands.read(c, argv[1]);
        bulkOrNull(c.reply(), h == null ? null : h.get(argv[2]));
    }

    private void hmget(Client c, byte[][] argv) {
        HashValue h = HashCommands.read(c, argv[1]);
        Reply r = c.reply();
        r.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            bulkOrNull(r, h == null ? null : h.get(argv[i]));
        }
    }

    private void all(Client c, byte[][] argv, boolean keys, boolean values) {
        HashValue h = HashCommands.read(c, argv[1]);
        Reply r = c.reply();
        int n = h == null ? 0 : (int) h.size();
        if (keys && values) {
            r.map(n);
        } else {
            r.array(n);
        }
        if (h != null) {
            h.forEach((k, v) -> {
                if (keys) {
                    r.bulk(k);
                }
                if (values) {
                    r.bulk(v);
                }
            });
        }
    }

    private void hlen(Client c, byte[][] argv) {
        HashValue h = HashCommands.read(c, argv[1]);
        c.reply().integer(h == null ? 0 : h.size());
    }

    private void hstrlen(Client c, byte[][] argv) {
        HashValue h = HashCommands.read(c, argv[1]);
        c.reply().integer(h == null ? 0 : h.valueLength(argv[2]));
    }

    private void hexists(Client c, byte[][] argv) {
        HashValue h = HashCommands.read(c, argv[1]);
        c.reply().integer(h != null && h.contains(argv[2]) ? 1 : 0);
    }

    private void hscan(Client c, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(c, argv[2]);
        HashValue h = HashCommands.read(c, argv[1]);
        if (h == null) {
            Reply r = c.reply();
            r.array(2);
            r.bulk("0");
            r.array(0);
            return;
        }
        CollectionScan.run(c, argv, cursor, true, new CollectionScan.Source() {
            @Override
            public boolean compact() {
                return h.isPacked();
            }

            @Override
            public void all(Consumer<byte[]> sink) {
                h.forEach((k, v) -> {
                    sink.accept(k);
                    sink.accept(v);
                });
            }

            @Override
            public long step(long cur, Consumer<byte[]> sink) {
                return h.scan(cur, (k, v) -> {
                    sink.accept(k);
                    sink.accept(v);
                });
            }
        });
    }
}
