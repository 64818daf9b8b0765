package io.hashslot.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.store.types.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A snapshot walked on a background thread while the owner thread keeps writing (in-place list changes, deletes,
 * overwrites, expiry changes, SWAPDB, FLUSHDB) saves exactly the state at its start, each key once.
 */
class SnapshotWalkTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String render(Object v) {
        if (v instanceof ListValue l) {
            StringBuilder sb = new StringBuilder("list:");
            for (byte[] e : l.toList()) {
                sb.append(new String(e, StandardCharsets.ISO_8859_1)).append(',');
            }
            return sb.toString();
        }
        return new String((byte[]) v, StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> state(Keyspace ks) {
        Map<String, String> m = new HashMap<>();
        for (int d = 0; d < ks.databases(); d++) {
            int db = d;
            ks.db(d).forEach(e -> m.put(db + "/" + new String(e.key(), StandardCharsets.ISO_8859_1),
                render(e.value()) + "@" + e.expireAt()));
        }
        return m;
    }

    @Property(tries = 25)
    void backgroundWalkSavesTheStateAtTheStart(@ForAll long seed,
                                               @ForAll @IntRange(min = 0, max = 20000) int keys) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        Keyspace ks = new Keyspace(3, 7);
        for (int i = 0; i < keys; i++) {
            Db db = ks.db(r.nextInt(3));
            if (r.nextInt(3) == 0) {
                ListValue l = new ListValue(-2);
                l.pushTail(b("x" + i));
                db.set(b("k" + i), l, false);
            } else {
                Entry e = db.set(b("k" + i), b("v" + i), false);
                if (r.nextInt(5) == 0) {
                    db.setExpire(e, 1_000_000 + i);
                }
            }
        }
        Map<String, String> before = state(ks);
        Map<String, String> saved = new HashMap<>();
        ThreadLocal<Integer> currentDb = new ThreadLocal<>(); // two threads may save two slots at once
        Snapshot snap = ks.startSnapshot(new Snapshot.Sink() {
            @Override
            public void database(int index, long size, long expires) {
                currentDb.set(index);
            }

            @Override
            public void entry(byte[] key, Object value, long expireAt) {
                String k = currentDb.get() + "/" + new String(key, StandardCharsets.ISO_8859_1);
                synchronized (saved) {
                    if (saved.put(k, render(value) + "@" + expireAt) != null) {
                        throw new AssertionError("saved twice: " + k);
                    }
                }
            }
        });
        Thread walker = new Thread(() -> snap.walk(() -> { }));
        walker.start();
        int w = 0;
        while (walker.isAlive() || w < 2000) {
            Db db = ks.db(r.nextInt(3));
            byte[] key = b("k" + r.nextInt(Math.max(1, keys + 100)));
            switch (r.nextInt(7)) {
                case 0 -> db.delete(key);
                case 1 -> db.set(key, b("new" + w), false);
                case 2 -> {
                    Entry e = db.lookupWrite(key);
                    if (e != null && e.value() instanceof ListValue l) {
                        l.pushTail(b("more" + w));
                    }
                }
                case 3 -> {
                    Entry e = db.lookupWrite(key);
                    if (e != null) {
                        db.setExpire(e, 5_000_000 + w);
                    }
                }
                case 4 -> {
                    if (r.nextInt(200) == 0) {
                        ks.swap(r.nextInt(3), r.nextInt(3));
                    }
                }
                case 5 -> {
                    if (r.nextInt(500) == 0) {
                        db.clear();
                    }
                }
                default -> {
                    Entry e = db.lookupWrite(key);
                    if (e != null) {
                        db.persist(e);
                    }
                }
            }
            w++;
        }
        walker.join();
        snap.complete();
        assertThat(snap.failure()).isNull();
        assertThat(saved).isEqualTo(before);
        assertThat(ks.runningSnapshot()).isNull();
        assertThat(snap.keysSaved()).isEqualTo(before.size());
    }
}
