package io.hashslot.store.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Uniform random picks from {@link BytesMap}, intset width tracking and the hash helpers the commands use. */
class SamplingAndWidthTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void randomPicksAreUniformWhateverTheChainLengths() {
        BytesMap map = new BytesMap(4);
        int n = 50;
        for (int i = 0; i < n; i++) {
            map.put(b("m" + i), i);
        }
        // shrink buckets' occupancy unevenly: delete and re-add so some chains are long, some empty
        for (int i = 0; i < 40; i++) {
            map.remove(b("m" + i));
        }
        for (int i = 0; i < 40; i++) {
            map.put(b("m" + i), i);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        int draws = 200_000;
        int[] hist = new int[n];
        for (int i = 0; i < draws; i++) {
            hist[(Integer) map.random(rnd).value()]++;
        }
        double expected = (double) draws / n;
        double chi2 = 0;
        for (int h : hist) {
            chi2 += (h - expected) * (h - expected) / expected;
        }
        // 49 degrees of freedom: 99.9% quantile is about 85
        assertThat(chi2).isLessThan(85);
    }

    @Test
    void intsetWidthGrowsWithValuesAndNeverShrinks() {
        SetValue s = SetValue.intset();
        s.add(b("1"), 512);
        assertThat(s.intsetWidth()).isEqualTo(2);
        s.add(b("32767"), 512);
        s.add(b("-32768"), 512);
        assertThat(s.intsetWidth()).isEqualTo(2);
        s.add(b("32768"), 512);
        assertThat(s.intsetWidth()).isEqualTo(4);
        s.add(b("-2147483649"), 512);
        assertThat(s.intsetWidth()).isEqualTo(8);
        s.remove(b("-2147483649"));
        s.remove(b("32768"));
        assertThat(s.intsetWidth()).isEqualTo(8);
        assertThat(s.copy().intsetWidth()).isEqualTo(8);
        assertThat(java.util.Arrays.stream(s.members()).map(x -> new String(x, StandardCharsets.ISO_8859_1)))
            .containsExactly("-32768", "1", "32767");
    }

    @Test
    void intsetBecomesHashtablePastItsLimitOrOnAString() {
        SetValue s = SetValue.intset();
        for (int i = 0; i < 3; i++) {
            assertThat(s.add(b(Integer.toString(i)), 3)).isTrue();
        }
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(s.add(b("3"), 3)).isTrue();
        assertThat(s.encoding()).isEqualTo("hashtable");
        SetValue t = SetValue.forFirstMember(b("5"), 512);
        t.add(b("5"), 512);
        t.add(b("05"), 512);
        assertThat(t.encoding()).isEqualTo("hashtable");
        assertThat(t.size()).isEqualTo(2);
        assertThat(SetValue.forFirstMember(b("1"), 0).encoding()).isEqualTo("hashtable");
    }

    @Test
    void hashHelpers() {
        HashValue h = new HashValue();
        h.put(b("a"), b("hello"), 512, 64);
        h.put(b("b"), b(""), 512, 64);
        assertThat(h.valueLength(b("a"))).isEqualTo(5);
        assertThat(h.valueLength(b("b"))).isZero();
        assertThat(h.valueLength(b("zz"))).isZero();
        assertThat(java.util.Arrays.stream(h.flatten()).map(x -> new String(x, StandardCharsets.ISO_8859_1)))
            .containsExactly("a", "hello", "b", "");
        h.tryConversion(new byte[][] {b("HSET"), b("k"), b("f"), b("x".repeat(65))}, 2, 3, 64);
        assertThat(h.encoding()).isEqualTo("hashtable");
        assertThat(h.valueLength(b("a"))).isEqualTo(5);
        HashValue small = new HashValue();
        small.tryConversion(new byte[][] {b("f"), b("x".repeat(64))}, 0, 1, 64);
        assertThat(small.encoding()).isEqualTo("listpack");
    }

    @Test
    void updatesConvertWhenTheEntryLimitWasLowered() {
        HashValue h = new HashValue();
        h.put(b("a"), b("1"), 512, 64);
        h.put(b("b"), b("2"), 512, 64);
        assertThat(h.put(b("a"), b("3"), 512, 64)).isFalse();
        assertThat(h.encoding()).isEqualTo("listpack");
        assertThat(h.put(b("a"), b("4"), 1, 64)).isFalse();
        assertThat(h.encoding()).isEqualTo("hashtable");
        assertThat(new String(h.get(b("a")), StandardCharsets.ISO_8859_1)).isEqualTo("4");
        SetValue s = SetValue.intset();
        s.add(b("1"), 512);
        s.add(b("2"), 512);
        assertThat(s.add(b("2"), 1)).isFalse();
        assertThat(s.encoding()).isEqualTo("intset");
        assertThat(s.add(b("3"), 1)).isTrue();
        assertThat(s.encoding()).isEqualTo("hashtable");
    }
}
