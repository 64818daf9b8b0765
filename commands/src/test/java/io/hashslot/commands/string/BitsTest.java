package io.hashslot.commands.string;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Bits' arithmetic against exact (BigInteger / bit-by-bit) models. */
class BitsTest {
    @Provide
    Arbitrary<Long> increments() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-300, 300),
            Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, -1L));
    }

    private static BigInteger min(int bits, boolean signed) {
        return signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    }

    private static BigInteger max(int bits, boolean signed) {
        return (signed ? BigInteger.ONE.shiftLeft(bits - 1) : BigInteger.ONE.shiftLeft(bits)).subtract(BigInteger.ONE);
    }

    /** A random value that fits the field (what BITFIELD reads back before INCRBY). */
    private static long fit(long raw, int bits, boolean signed) {
        BigInteger span = BigInteger.ONE.shiftLeft(bits);
        BigInteger v = BigInteger.valueOf(raw).mod(span).add(min(bits, signed));
        return v.longValue();
    }

    @Property(tries = 5000)
    void incrementOverflowMatchesExactArithmetic(@ForAll @IntRange(min = 1, max = 64) int bits,
                                                 @ForAll boolean signed, @ForAll long raw,
                                                 @ForAll("increments") long incr) {
        if (!signed && bits == 64) {
            bits = 63;
        }
        long value = fit(raw, bits, signed);
        BigInteger exact = BigInteger.valueOf(value).add(BigInteger.valueOf(incr));
        BigInteger lo = min(bits, signed);
        BigInteger hi = max(bits, signed);
        int expectedOverflow = exact.compareTo(hi) > 0 ? 1 : exact.compareTo(lo) < 0 ? -1 : 0;

        long[] limit = new long[1];
        int over = signed ? Bits.checkSigned(value, incr, bits, Bits.SAT, limit)
            : Bits.checkUnsigned(value, incr, bits, Bits.SAT, limit);
        assertThat(over).as("overflow of %d + %d in %s%d", value, incr, signed ? "i" : "u", bits)
            .isEqualTo(expectedOverflow);
        if (over != 0) {
            assertThat(limit[0]).isEqualTo((over > 0 ? hi : lo).longValue());
        }

        over = signed ? Bits.checkSigned(value, incr, bits, Bits.WRAP, limit)
            : Bits.checkUnsigned(value, incr, bits, Bits.WRAP, limit);
        if (over != 0) {
            BigInteger wrapped = exact.subtract(lo).mod(BigInteger.ONE.shiftLeft(bits)).add(lo);
            assertThat(limit[0]).isEqualTo(wrapped.longValue());
        }
    }

    @Property(tries = 2000)
    void fieldsRoundTrip(@ForAll @Size(min = 9, max = 9) byte[] initial,
                         @ForAll @LongRange(min = 0, max = 8) long offset,
                         @ForAll @IntRange(min = 1, max = 64) int bits, @ForAll long value) {
        byte[] p = initial.clone();
        Bits.setUnsigned(p, offset, bits, value);
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        assertThat(Bits.getUnsigned(p, offset, bits)).isEqualTo(value & mask);
        long signed = bits == 64 ? value : (value << (64 - bits)) >> (64 - bits);
        assertThat(Bits.getSigned(p, offset, bits)).isEqualTo(signed);
        for (long i = 0; i < 72; i++) {
            if (i < offset || i >= offset + bits) {
                assertThat(bit(p, i)).as("bit %d outside the field", i).isEqualTo(bit(initial, i));
            }
        }
    }

    @Property(tries = 2000)
    void popcountAndBitposMatchBitByBit(@ForAll @Size(max = 70) byte[] p, @ForAll @IntRange(min = 0, max = 1) int bit) {
        long ones = 0;
        long first = -1;
        for (long i = 0; i < p.length * 8L; i++) {
            ones += bit(p, i);
            if (first < 0 && bit(p, i) == bit) {
                first = i;
            }
        }
        assertThat(Bits.popcount(p, 0, p.length)).isEqualTo(ones);
        long expected = first >= 0 ? first : bit == 1 ? -1 : p.length * 8L;
        assertThat(Bits.bitpos(p, 0, p.length, bit)).isEqualTo(expected);
    }

    private static int bit(byte[] p, long i) {
        return (p[(int) (i >>> 3)] >>> (7 - (int) (i & 7))) & 1;
    }
}
