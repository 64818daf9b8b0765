package io.hashslot.store.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link ZSetValue} against a sorted list model of Redis's semantics: order by score with {@code <} then member
 * bytes, range walks as t_zset.c does them, range deletions, pops, cursors in both directions, and encoding
 * conversions with small listpack limits so both encodings and the conversion are exercised.
 */
class ZSetValueTest {
    private static final double[] SCORES = {0, -0.0, 1, 2, 2.5, -1, 3, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1e300, -7.25};
    private static final long MAX_ENTRIES = 6;
    private static final long MAX_VALUE = 4;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The model: elements sorted in Redis's order. */
    private static final class Model {
        final List<ZSetValue.Element> list = new ArrayList<>();

        int indexOf(byte[] m) {
            for (int i = 0; i < list.size(); i++) {
                if (Arrays.equals(list.get(i).member(), m)) {
                    return i;
                }
            }
            return -1;
        }

        void put(byte[] m, double score) {
            int i = indexOf(m);
            if (i >= 0) {
                if (list.get(i).score() == score) {
                    return;
                }
                list.remove(i);
            }
            int at = 0;
            while (at < list.size()
                && ZSetValue.compare(list.get(at).score(), list.get(at).member(), score, m) < 0) {
                at++;
            }
            list.add(at, new ZSetValue.Element(m, score));
        }

        List<String> members() {
            List<String> out = new ArrayList<>();
            list.forEach(e -> out.add(s(e.member())));
            return out;
        }
    }

    private static String member(int n) {
        return n % 7 == 0 ? "long" + n : "m" + (n % 40);
    }

    @Property(tries = 300)
    void behavesLikeTheModel(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 9999) Integer> ops) {
        ZSetValue z = ZSetValue.listpack(new SplittableRandom(3));
        Model model = new Model();
        boolean everSkiplist = false;
        for (int op : ops) {
            byte[] m = b(member(op / 10));
            double score = SCORES[op % SCORES.length];
            switch (op % 10) {
                case 0, 1, 2, 3 -> {
                    boolean wasNew = model.indexOf(m) < 0;
                    assertThat(z.put(m, score, MAX_ENTRIES, MAX_VALUE)).isEqualTo(wasNew);
                    model.put(m, score);
                }
                case 4 -> {
                    int i = model.indexOf(m);
                    assertThat(z.remove(m)).isEqualTo(i >= 0);
                    if (i >= 0) {
                        model.list.remove(i);
                    }
                }
                case 5 -> {
                    if (!model.list.isEmpty()) {
                        int n = model.list.size();
                        int start = (op / 10) % n;
                        int end = Math.min(n - 1, start + (op / 100) % 3);
                        assertThat(z.deleteRangeByRank(start, end)).isEqualTo(end - start + 1);
                        model.list.subList(start, end + 1).clear();
                    }
                }
                case 6 -> {
                    ScoreRange r = new ScoreRange(SCORES[(op / 10) % SCORES.length], op % 3 == 0,
                        SCORES[(op / 100) % SCORES.length], op % 4 == 0);
                    long expected = model.list.stream().filter(e -> r.contains(e.score())).count();
                    assertThat(z.countByScore(r)).isEqualTo(expected);
                    assertThat(z.deleteRangeByScore(r)).isEqualTo(expected);
                    model.list.removeIf(e -> r.contains(e.score()));
                }
                case 7 -> {
                    boolean max = op % 3 == 0;
                    ZSetValue.Element e = z.pop(max);
                    if (model.list.isEmpty()) {
                        assertThat(e).isNull();
                    } else {
                        ZSetValue.Element want = model.list.remove(max ? model.list.size() - 1 : 0);
                        assertThat(s(e.member())).isEqualTo(s(want.member()));
                        assertThat(e.score()).isEqualTo(want.score());
                    }
                }
                case 8 -> {
                    long maxLen = 0;
                    for (ZSetValue.Element e : model.list) {
                        maxLen = Math.max(maxLen, e.member().length);
                    }
                    boolean wasPacked = z.isPacked();
                    z.convertToListpackIfNeeded(MAX_ENTRIES, MAX_VALUE, maxLen, 0);
                    boolean fits = model.list.size() <= MAX_ENTRIES && maxLen <= MAX_VALUE;
                    assertThat(z.isPacked()).isEqualTo(wasPacked || fits);
                }
                default -> {
                    int i = model.indexOf(m);
                    assertThat(z.rank(m, false)).isEqualTo(i);
                    assertThat(z.rank(m, true)).isEqualTo(i < 0 ? -1 : model.list.size() - 1 - i);
                }
            }
            everSkiplist |= !z.isPacked();
            if (z.isPacked()) {
                // a listpack never holds more than the limits allow (conversions happen before adding)
                assertThat(z.size()).isLessThanOrEqualTo(MAX_ENTRIES);
            }
            assertThat(z.size()).isEqualTo(model.list.size());
        }
        List<String> got = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        z.forEach((mem, sc) -> {
            got.add(s(mem));
            scores.add(sc);
        });
        assertThat(got).isEqualTo(model.members());
        for (int i = 0; i < model.list.size(); i++) {
            double want = model.list.get(i).score();
            // the listpack does not keep the sign of zero (Redis stores integral scores as integers)
            if (z.isPacked() && want == 0) {
                assertThat(Double.doubleToRawLongBits(scores.get(i))).isEqualTo(0L);
            } else if (want != 0) {
                assertThat(scores.get(i)).isEqualTo(want);
            }
        }
        // cursors walk the same order both ways, from any rank
        int n = model.list.size();
        for (int start = 0; start < n; start++) {
            List<String> fwd = new ArrayList<>();
            for (ZSetValue.Cursor c = z.atRank(start, false); c.valid(); c.step(false)) {
                fwd.add(s(c.member()));
            }
            assertThat(fwd).isEqualTo(model.members().subList(start, n));
            List<String> back = new ArrayList<>();
            for (ZSetValue.Cursor c = z.atRank(start, true); c.valid(); c.step(true)) {
                back.add(s(c.member()));
            }
            List<String> rev = new ArrayList<>(model.members().subList(0, n - start));
            java.util.Collections.reverse(rev);
            assertThat(back).isEqualTo(rev);
        }
        assertThat(z.atRank(n, false).valid()).isFalse();
        if (ops.size() > 50) {
            assertThat(everSkiplist || n <= MAX_ENTRIES).isTrue();
        }
    }

    @Property(tries = 200)
    void lexRangesOverEqualScores(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 99) Integer> members,
                                  @ForAll @IntRange(min = 0, max = 99) int lo,
                                  @ForAll @IntRange(min = 0, max = 99) int hi, @ForAll boolean loEx,
                                  @ForAll boolean hiEx, @ForAll boolean packedEncoding) {
        ZSetValue z = packedEncoding ? ZSetValue.listpack(new SplittableRandom(5))
            : ZSetValue.skiplist(new SplittableRandom(5), 4);
        List<String> sorted = new ArrayList<>();
        for (int m : members) {
            String name = "k" + m;
            if (z.put(b(name), 0, 1000, 1000)) {
                sorted.add(name);
            }
        }
        sorted.sort((x, y) -> Arrays.compareUnsigned(b(x), b(y)));
        LexRange r = LexRange.parse(b((loEx ? "(" : "[") + "k" + lo), b((hiEx ? "(" : "[") + "k" + hi));
        List<String> want = sorted.stream().filter(x -> r.contains(b(x))).toList();
        assertThat(z.countByLex(r)).isEqualTo(want.size());
        assertThat(z.rangeByLex(r, false, 0, -1)).extracting(e -> s(e.member())).containsExactlyElementsOf(want);
        List<String> rev = new ArrayList<>(want);
        java.util.Collections.reverse(rev);
        assertThat(z.rangeByLex(r, true, 0, -1)).extracting(e -> s(e.member())).containsExactlyElementsOf(rev);
        assertThat(z.rangeByLex(r, false, 1, 2)).extracting(e -> s(e.member()))
            .containsExactlyElementsOf(want.subList(Math.min(1, want.size()), Math.min(3, want.size())));
        assertThat(z.rangeByLex(r, false, -1, 5)).isEmpty();
        assertThat(z.deleteRangeByLex(r)).isEqualTo(want.size());
        assertThat(z.size()).isEqualTo(sorted.size() - want.size());
    }

    @Test
    void listpackLexWalkFollowsScoreOrderLikeRedis() {
        // with unequal scores Redis's listpack walk starts at the first member (in score order) >= min and goes
        // on while members are <= max: "b", then "a" (score 2) although "a" < "[b"
        ZSetValue z = ZSetValue.listpack(new SplittableRandom(1));
        z.put(b("b"), 1, 128, 64);
        z.put(b("a"), 2, 128, 64);
        z.put(b("d"), 3, 128, 64);
        z.put(b("c"), 4, 128, 64);
        LexRange r = LexRange.parse(b("[b"), b("+"));
        assertThat(z.rangeByLex(r, false, 0, -1)).extracting(e -> s(e.member()))
            .containsExactly("b", "a", "d", "c");
        assertThat(z.countByLex(r)).isEqualTo(4);
    }

    @Test
    void negativeZeroKeepsItsSignOnlyInTheSkiplist() {
        ZSetValue packed = ZSetValue.listpack(new SplittableRandom(1));
        packed.put(b("a"), -0.0, 128, 64);
        assertThat(Double.doubleToRawLongBits(packed.score(b("a")))).isEqualTo(0L);
        ZSetValue list = ZSetValue.skiplist(new SplittableRandom(1), 4);
        list.put(b("a"), -0.0, 128, 64);
        assertThat(Double.doubleToRawLongBits(list.score(b("a")))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        // -0 and 0 tie: the member decides the order, and an update from 0 to -0 changes nothing
        list.put(b("b"), 0.0, 128, 64);
        list.put(b("0"), -0.0, 128, 64);
        List<String> order = new ArrayList<>();
        list.forEach((m, sc) -> order.add(s(m)));
        assertThat(order).containsExactly("0", "a", "b");
        assertThat(list.put(b("b"), -0.0, 128, 64)).isFalse();
        assertThat(Double.doubleToRawLongBits(list.score(b("b")))).isEqualTo(0L);
    }

    @Test
    void conversionToListpackKeepsOrderAndDropsZeroSign() {
        ZSetValue z = ZSetValue.skiplist(new SplittableRandom(1), 4);
        z.put(b("x"), -0.0, 128, 64);
        z.put(b("y"), 1.5, 128, 64);
        z.convertToListpackIfNeeded(128, 64, 1, 2);
        assertThat(z.isPacked()).isTrue();
        assertThat(Double.doubleToRawLongBits(z.score(b("x")))).isEqualTo(0L);
        assertThat(z.rank(b("y"), false)).isEqualTo(1);
        ZSetValue big = ZSetValue.skiplist(new SplittableRandom(1), 4);
        big.put(b("x"), 1, 128, 64);
        big.convertToListpackIfNeeded(128, 64, 65, 65);
        assertThat(big.isPacked()).isFalse();
    }
}
