package io.hashslot.common.hll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pure HyperLogLog code on its own: the empty value, bytes captured from redis-server 7.0.15 after known
 * adds, dense and sparse giving the same registers and counts, corruption detection, and the self test.
 */
class HyperLogLogTest {
    private static final long DEFAULT_SPARSE_MAX = 3000;

    private static byte[] bytes(HyperLogLog h) {
        return Arrays.copyOf(h.array(), h.length());
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void emptyValueIsOneXzeroWithAValidZeroCache() {
        HyperLogLog h = HyperLogLog.createEmpty();
        assertThat(bytes(h)).isEqualTo(latin1("HYLL\u0001" + "\u0000".repeat(11) + "\u007f\u00ff"));
        assertThat(h.cacheValid()).isTrue();
        assertThat(h.count(null)).isZero();
        assertThat(h.decode()).isEqualTo("Z:16384");
    }

    @Test
    void addsProduceRedisBytes() {
        // GET after "PFADD h a b c" on redis-server 7.0.15
        HyperLogLog h = HyperLogLog.createEmpty();
        for (String e : new String[] {"a", "b", "c"}) {
            assertThat(h.add(latin1(e), DEFAULT_SPARSE_MAX)).isEqualTo(1);
        }
        assertThat(h.add(latin1("a"), DEFAULT_SPARSE_MAX)).isZero();
        h.invalidateCache();
        assertThat(bytes(h)).isEqualTo(latin1("HYLL\u0001" + "\u0000".repeat(10) + "\u0080"
            + "`\u00f3\u0080P\u00b1\u0084K\u00fb\u0080BZ"));
        assertThat(h.decode()).isEqualTo("Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603");
        assertThat(h.count(null)).isEqualTo(3);
    }

    @Test
    void denseAndSparseAgreeOnRegistersAndCounts() {
        SplittableRandom r = new SplittableRandom(42);
        HyperLogLog sparse = HyperLogLog.createEmpty();
        HyperLogLog dense = HyperLogLog.createEmpty();
        assertThat(dense.toDense()).isTrue();
        assertThat(dense.length()).isEqualTo(HyperLogLog.DENSE_SIZE);
        for (int i = 0; i < 1500; i++) {
            byte[] e = latin1("e" + r.nextLong());
            assertThat(sparse.add(e, Long.MAX_VALUE)).isEqualTo(dense.add(e, Long.MAX_VALUE));
        }
        assertThat(sparse.encoding()).isEqualTo(HyperLogLog.SPARSE);
        assertThat(sparse.count(null)).isEqualTo(dense.count(null));
        byte[] max = new byte[HyperLogLog.REGISTERS];
        assertThat(sparse.mergeInto(max)).isTrue();
        HyperLogLog converted = HyperLogLog.wrap(sparse.array().clone(), sparse.length());
        assertThat(converted.toDense()).isTrue();
        for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
            assertThat(converted.register(i)).isEqualTo(dense.register(i)).isEqualTo(max[i]);
        }
        assertThat(HyperLogLog.countRegisters(max)).isEqualTo(dense.count(null));
    }

    @Test
    void sparseTurnsDenseWhenTheLimitIsPassed() {
        HyperLogLog h = HyperLogLog.createEmpty();
        int added = 0;
        while (h.encoding() == HyperLogLog.SPARSE) {
            h.add(latin1("x" + added++), 100);
            assertThat(h.length()).isLessThanOrEqualTo(HyperLogLog.DENSE_SIZE);
        }
        assertThat(h.length()).isEqualTo(HyperLogLog.DENSE_SIZE);
        assertThat(added).isGreaterThan(10).isLessThan(100);
    }

    @Test
    void corruptedSparseValuesAreDetected() {
        byte[] header = latin1("HYLL\u0001" + "\u0000".repeat(10) + "\u0080");
        byte[] tooFew = concat(header, new byte[] {0x7f, (byte) 0xfe});
        byte[] tooMany = concat(header, new byte[] {0x7f, (byte) 0xff, (byte) 0x80});
        byte[] exact = concat(header, new byte[] {0x7f, (byte) 0xfe, (byte) 0x80});
        for (byte[] bad : new byte[][] {tooFew, tooMany}) {
            assertThat(HyperLogLog.isValid(bad, bad.length)).isTrue();
            boolean[] invalid = new boolean[1];
            HyperLogLog.wrap(bad.clone(), bad.length).count(invalid);
            assertThat(invalid[0]).isTrue();
            assertThat(HyperLogLog.mergeInto(new byte[HyperLogLog.REGISTERS], bad, bad.length)).isFalse();
            assertThat(HyperLogLog.wrap(bad.clone(), bad.length).toDense()).isFalse();
        }
        boolean[] invalid = new boolean[1];
        assertThat(HyperLogLog.wrap(exact, exact.length).count(invalid)).isEqualTo(1);
        assertThat(invalid[0]).isFalse();
        assertThat(HyperLogLog.isValid(header, 15)).isFalse();
        byte[] dense = HyperLogLog.createEmpty().array();
        dense[4] = HyperLogLog.DENSE;
        assertThat(HyperLogLog.isValid(dense, 18)).isFalse();
    }

    @Test
    void selfTestPasses() {
        assertThat(HllSelfTest.run(new SplittableRandom(7), DEFAULT_SPARSE_MAX)).isNull();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
