package io.hashslot.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.store.types.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A snapshot taken in small steps while writes go on saves exactly the state at its start. */
class SnapshotTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String render(Object v) {
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (v instanceof ListValue l) {
            StringBuilder sb = new StringBuilder("list:");
            for (byte[] e : l.toList()) {
                sb.append(new String(e, StandardCharsets.ISO_8859_1)).append(',');
            }
            return sb.toString();
        }
        return String.valueOf(v);
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

    @Property(tries = 60)
    void savesTheStateAtTheStart(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int keys,
                                 @ForAll @IntRange(min = 0, max = 3000) int writes) {
        SplittableRandom r = new SplittableRandom(seed);
        Keyspace ks = new Keyspace(4, 7);
        for (int i = 0; i < keys; i++) {
            Db db = ks.db(r.nextInt(4));
            if (r.nextInt(4) == 0) {
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
        int[] currentDb = {-1};
        Snapshot snap = ks.startSnapshot(new Snapshot.Sink() {
            @Override
            public void database(int index, long size, long expires) {
                currentDb[0] = index;
            }

            @Override
            public void entry(byte[] key, Object value, long expireAt) {
                String k = currentDb[0] + "/" + new String(key, StandardCharsets.ISO_8859_1);
                assertThat(saved.put(k, render(value) + "@" + expireAt)).as("saved twice: " + k).isNull();
            }
        });
        int w = 0;
        while (!snap.step(r.nextInt(3) == 0 ? 0 : 20_000)) {
            for (int i = 0; i < 20 && w < writes; i++, w++) {
                Db db = ks.db(r.nextInt(4));
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
                        if (r.nextInt(50) == 0) {
                            ks.swap(r.nextInt(4), r.nextInt(4));
                        }
                    }
                    case 5 -> {
                        if (r.nextInt(80) == 0) {
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
            }
        }
        assertThat(saved).isEqualTo(before);
        assertThat(ks.runningSnapshot()).isNull();
        assertThat(snap.keysSaved()).isEqualTo(before.size());
    }

    @Property(tries = 10)
    void aSecondSnapshotSeesLaterWrites(@ForAll long seed) {
        Keyspace ks = new Keyspace(1, 3);
        ks.db(0).set(b("a"), b("1"), false);
        Snapshot first = ks.startSnapshot(new Snapshot.Sink() {
            @Override
            public void database(int index, long size, long expires) {
            }

            @Override
            public void entry(byte[] key, Object value, long expireAt) {
            }
        });
        while (!first.step(1_000_000)) {
            // run to the end
        }
        ks.db(0).set(b("a"), b("2"), false);
        List<String> seen = new java.util.ArrayList<>();
        Snapshot second = ks.startSnapshot(new Snapshot.Sink() {
            @Override
            public void database(int index, long size, long expires) {
            }

            @Override
            public void entry(byte[] key, Object value, long expireAt) {
                seen.add(render(value));
            }
        });
        while (!second.step(1_000_000)) {
            // run to the end
        }
        assertThat(seen).containsExactly("2");
    }
}
