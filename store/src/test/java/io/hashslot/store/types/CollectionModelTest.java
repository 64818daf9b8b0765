package io.hashslot.store.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The collection types against plain Java models, across encoding conversions. */
class CollectionModelTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Property(tries = 200)
    void listMatchesModel(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 1000) Integer> ops,
                          @ForAll @IntRange(min = -5, max = 8) int fill) {
        ListValue l = new ListValue(fill == 0 ? -2 : fill);
        List<String> m = new ArrayList<>();
        for (int op : ops) {
            String v = "v" + op + "x".repeat(op % 50);
            switch (op % 9) {
                case 0, 1 -> {
                    l.pushTail(b(v));
                    m.add(v);
                }
                case 2, 3 -> {
                    l.pushHead(b(v));
                    m.add(0, v);
                }
                case 4 -> {
                    byte[] got = l.popHead();
                    assertThat(got == null ? null : s(got)).isEqualTo(m.isEmpty() ? null : m.remove(0));
                }
                case 5 -> {
                    byte[] got = l.popTail();
                    assertThat(got == null ? null : s(got)).isEqualTo(m.isEmpty() ? null : m.remove(m.size() - 1));
                }
                case 6 -> {
                    if (!m.isEmpty()) {
                        int i = op % m.size();
                        l.insert(i, b(v), op % 2 == 0);
                        m.add(op % 2 == 0 ? i + 1 : i, v);
                    }
                }
                case 7 -> {
                    if (!m.isEmpty()) {
                        int i = op % m.size();
                        l.set(i, b(v));
                        m.set(i, v);
                    }
                }
                default -> {
                    if (!m.isEmpty()) {
                        int i = op % m.size();
                        l.remove(i);
                        m.remove(i);
                    }
                }
            }
            assertThat(l.size()).isEqualTo(m.size());
        }
        assertThat(l.toList()).extracting(CollectionModelTest::s).containsExactlyElementsOf(m);
        for (int i = 0; i < m.size(); i++) {
            assertThat(s(l.get(i))).isEqualTo(m.get(i));
        }
        if (m.size() > 2) {
            List<String> trimmed = new ArrayList<>(m.subList(1, m.size() - 1));
            l.trim(1, m.size() - 2);
            assertThat(l.toList()).extracting(CollectionModelTest::s).containsExactlyElementsOf(trimmed);
        }
    }

    @Property(tries = 300)
    void listValueOperationsMatchModel(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 100_000) Integer> ops,
                                       @ForAll @IntRange(min = -5, max = 6) int fill) {
        ListValue l = new ListValue(fill);
        List<String> m = new ArrayList<>();
        for (int op : ops) {
            String v = "e" + (op % 5) + (op % 23 == 0 ? "z".repeat(op % 300) : "");
            switch (op % 11) {
                case 0, 1, 2 -> {
                    if (op % 2 == 0) {
                        l.pushTail(b(v));
                        m.add(v);
                    } else {
                        l.pushHead(b(v));
                        m.add(0, v);
                    }
                }
                case 3 -> {
                    String pivot = "e" + (op % 7);
                    boolean after = op % 3 == 0;
                    int at = m.indexOf(pivot);
                    assertThat(l.insertAtPivot(b(pivot), b(v), after)).isEqualTo(at >= 0);
                    if (at >= 0) {
                        m.add(after ? at + 1 : at, v);
                    }
                }
                case 4 -> {
                    long limit = op % 4;
                    boolean fromTail = op % 3 == 1;
                    String target = "e" + (op % 6);
                    long expected = removeFromModel(m, target, limit, fromTail);
                    assertThat(l.removeMatching(b(target), limit, fromTail)).isEqualTo(expected);
                }
                case 5 -> {
                    long n = Math.min(m.size(), op % 9);
                    l.removeHead(n);
                    m.subList(0, (int) n).clear();
                }
                case 6 -> {
                    long n = Math.min(m.size(), op % 9);
                    l.removeTail(n);
                    m.subList(m.size() - (int) n, m.size()).clear();
                }
                case 7 -> {
                    if (!m.isEmpty()) {
                        int i = op % m.size();
                        l.set(i, b(v));
                        m.set(i, v);
                    }
                }
                case 8 -> {
                    String target = "e" + (op % 6);
                    boolean fromTail = op % 2 == 0;
                    long maxlen = op % 5 == 0 ? 0 : op % 13;
                    List<Long> got = new ArrayList<>();
                    l.findMatches(b(target), fromTail, maxlen, i -> got.add(i) || true);
                    assertThat(got).isEqualTo(modelMatches(m, target, fromTail, maxlen));
                }
                case 9 -> {
                    if (!m.isEmpty()) {
                        int a = op % m.size();
                        int z = a + (op / 7) % (m.size() - a);
                        boolean reverse = op % 2 == 0;
                        List<String> got = new ArrayList<>();
                        l.visitRange(a, z, reverse, (buf, off, len) ->
                            got.add(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
                        List<String> want = new ArrayList<>(m.subList(a, z + 1));
                        if (reverse) {
                            java.util.Collections.reverse(want);
                        }
                        assertThat(got).isEqualTo(want);
                    }
                }
                default -> {
                    byte[] got = op % 2 == 0 ? l.popHead() : l.popTail();
                    String want = m.isEmpty() ? null : op % 2 == 0 ? m.remove(0) : m.remove(m.size() - 1);
                    assertThat(got == null ? null : s(got)).isEqualTo(want);
                }
            }
            assertThat(l.size()).isEqualTo(m.size());
        }
        assertThat(l.toList()).extracting(CollectionModelTest::s).containsExactlyElementsOf(m);
        ListValue copy = l.copy();
        copy.pushTail(b("only-in-copy"));
        assertThat(l.toList()).extracting(CollectionModelTest::s).containsExactlyElementsOf(m);
        assertThat(copy.size()).isEqualTo(m.size() + 1);
    }

    private static long removeFromModel(List<String> m, String target, long limit, boolean fromTail) {
        long removed = 0;
        if (!fromTail) {
            for (int i = 0; i < m.size() && (limit == 0 || removed < limit); ) {
                if (m.get(i).equals(target)) {
                    m.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = m.size() - 1; i >= 0 && (limit == 0 || removed < limit); i--) {
                if (m.get(i).equals(target)) {
                    m.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static List<Long> modelMatches(List<String> m, String target, boolean fromTail, long maxlen) {
        List<Long> out = new ArrayList<>();
        int n = m.size();
        for (int k = 0; k < n && (maxlen == 0 || k < maxlen); k++) {
            int i = fromTail ? n - 1 - k : k;
            if (m.get(i).equals(target)) {
                out.add((long) i);
            }
        }
        return out;
    }

    @Property(tries = 50)
    void removingMostElementsLeavesFewNodes(@ForAll @IntRange(min = 1, max = 8) int fill) {
        ListValue l = new ListValue(fill);
        for (int i = 0; i < 1000; i++) {
            l.pushTail(b(i % 10 == 0 ? "keep" : "drop"));
        }
        assertThat(l.removeMatching(b("drop"), 0, false)).isEqualTo(900);
        assertThat(l.size()).isEqualTo(100);
        assertThat(l.nodeCount()).isLessThanOrEqualTo((100 + fill - 1) / fill + 1);
    }

    @Property(tries = 200)
    void hashMatchesModel(@ForAll @Size(max = 600) List<@IntRange(min = 0, max = 300) Integer> ops) {
        HashValue h = new HashValue();
        Map<String, String> m = new HashMap<>();
        for (int op : ops) {
            String f = "f" + (op % 150);
            String v = "v" + op + (op % 97 == 0 ? "y".repeat(80) : "");
            if (op % 4 == 3) {
                assertThat(h.remove(b(f))).isEqualTo(m.remove(f) != null);
            } else {
                assertThat(h.put(b(f), b(v), 128, 64)).isEqualTo(!m.containsKey(f));
                m.put(f, v);
            }
            assertThat(h.size()).isEqualTo(m.size());
        }
        Map<String, String> got = new HashMap<>();
        h.forEach((k, v) -> got.put(s(k), s(v)));
        assertThat(got).isEqualTo(m);
        for (Map.Entry<String, String> e : m.entrySet()) {
            assertThat(s(h.get(b(e.getKey())))).isEqualTo(e.getValue());
        }
        if (m.size() > 128) {
            assertThat(h.encoding()).isEqualTo("hashtable");
        }
    }

    @Property(tries = 200)
    void setMatchesModel(@ForAll @Size(max = 800) List<@IntRange(min = 0, max = 2000) Integer> ops) {
        SetValue set = null;
        Set<String> m = new HashSet<>();
        for (int op : ops) {
            String v = op % 13 == 0 ? "m" + op : Integer.toString(op % 700 - 300);
            if (set == null) {
                set = SetValue.forFirstMember(b(v), 512);
            }
            if (op % 5 == 4) {
                assertThat(set.remove(b(v))).isEqualTo(m.remove(v));
            } else {
                assertThat(set.add(b(v), 512)).isEqualTo(m.add(v));
            }
            assertThat(set.size()).isEqualTo(m.size());
        }
        if (set != null) {
            Set<String> got = new HashSet<>();
            set.forEach(x -> got.add(s(x)));
            assertThat(got).isEqualTo(m);
            for (String v : m) {
                assertThat(set.contains(b(v))).isTrue();
            }
        }
    }

    private record Key(double score, String member) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Double.compare(score, o.score);
            return c != 0 ? c : java.util.Arrays.compareUnsigned(b(member), b(o.member));
        }
    }

    @Property(tries = 200)
    void zsetMatchesModel(@ForAll @Size(max = 600) List<@IntRange(min = 0, max = 5000) Integer> ops) {
        ZSetValue z = ZSetValue.create(0, 0, 128, 64, new SplittableRandom(7));
        Map<String, Double> scores = new HashMap<>();
        TreeMap<Key, String> order = new TreeMap<>();
        for (int op : ops) {
            String member = "m" + (op % 300);
            double score = (op % 17) - 8 + (op % 3) * 0.5;
            if (op % 6 == 5) {
                Double old = scores.remove(member);
                assertThat(z.remove(b(member))).isEqualTo(old != null);
                if (old != null) {
                    order.remove(new Key(old, member));
                }
            } else {
                Double old = scores.put(member, score);
                if (old != null) {
                    order.remove(new Key(old, member));
                }
                order.put(new Key(score, member), member);
                assertThat(z.put(b(member), score, 128, 64)).isEqualTo(old == null);
            }
            assertThat(z.size()).isEqualTo(scores.size());
        }
        List<String> expected = new ArrayList<>(order.values());
        List<String> got = new ArrayList<>();
        z.forEach((mem, sc) -> got.add(s(mem)));
        assertThat(got).isEqualTo(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(z.rank(b(expected.get(i)), false)).isEqualTo(i);
            assertThat(z.rank(b(expected.get(i)), true)).isEqualTo(expected.size() - 1 - i);
        }
        if (!expected.isEmpty()) {
            List<ZSetValue.Element> r = z.rangeByRank(0, expected.size() - 1, true);
            assertThat(r).extracting(e -> s(e.member())).containsExactlyElementsOf(
                new ArrayList<>(order.descendingMap().values()));
            ScoreRange range = new ScoreRange(-2, true, 3, false);
            List<String> inRange = new ArrayList<>();
            for (Key k : order.keySet()) {
                if (range.contains(k.score())) {
                    inRange.add(k.member());
                }
            }
            assertThat(z.rangeByScore(range, false, 0, -1)).extracting(e -> s(e.member()))
                .containsExactlyElementsOf(inRange);
            assertThat(z.countByScore(range)).isEqualTo(inRange.size());
        }
    }

    @Property(tries = 50)
    void bytesMapScanReturnsEveryStableKeyAcrossResizes(@ForAll @IntRange(min = 1, max = 3000) int n,
                                                        @ForAll @IntRange(min = 0, max = 1000) int churn) {
        BytesMap map = new BytesMap(4);
        for (int i = 0; i < n; i++) {
            map.put(b("k" + i), i);
        }
        Set<ByteBuffer> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = map.scan(cursor, (k, v) -> seen.add(ByteBuffer.wrap(k)));
            // grow and shrink between steps with keys that come and go
            if (step++ % 3 == 0) {
                for (int i = 0; i < churn; i++) {
                    map.put(b("t" + i), i);
                }
            } else {
                for (int i = 0; i < churn; i++) {
                    map.remove(b("t" + i));
                }
            }
        } while (cursor != 0);
        for (int i = 0; i < n; i++) {
            assertThat(seen).contains(ByteBuffer.wrap(b("k" + i)));
        }
    }
}
