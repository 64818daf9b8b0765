package io.hashslot.testkit.strings;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.common.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * BITCOUNT, BITPOS, GETBIT and BITFIELD GET checked against a naive bit-by-bit model on random strings and
 * ranges (negative, out of range, reversed; BYTE and BIT units).
 */
class BitmapPropertiesTest {
    private final LocalNode node = new LocalNode(new ManualClock(1_000_000));

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<Byte> bytes = Arbitraries.oneOf(Arbitraries.of((byte) 0, (byte) -1),
            Arbitraries.bytes(), Arbitraries.of((byte) 0x80, (byte) 1));
        return bytes.list().ofMinSize(0).ofMaxSize(40).map(l -> {
            byte[] b = new byte[l.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = l.get(i);
            }
            return b;
        });
    }

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-400, 400),
            Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L));
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("", "BYTE", "BIT", "bit");
    }

    private void store(byte[] value) {
        node.callRaw(new byte[][] {bytes("SET"), bytes("k"), value});
    }

    @Property(tries = 2000)
    void bitcountMatchesModel(@ForAll("values") byte[] value, @ForAll("offsets") long start,
                              @ForAll("offsets") long end, @ForAll("units") String unit) {
        store(value);
        List<String> args = new ArrayList<>(List.of("BITCOUNT", "k", Long.toString(start), Long.toString(end)));
        if (!unit.isEmpty()) {
            args.add(unit);
        }
        long expected;
        if (start < 0 && end < 0 && start > end) {
            expected = 0;
        } else {
            long[] r = bitRange(value.length, start, end, unit.equalsIgnoreCase("BIT"));
            expected = 0;
            for (long i = r[0]; i <= r[1]; i++) {
                expected += bit(value, i);
            }
        }
        assertThat(node.call(args.toArray(new String[0]))).isEqualTo(":" + expected + "\r\n");
    }

    @Property(tries = 3000)
    void bitposMatchesModel(@ForAll("values") byte[] value, @ForAll @IntRange(min = 0, max = 1) int bit,
                            @ForAll("offsets") long start, @ForAll("offsets") long end,
                            @ForAll @IntRange(min = 0, max = 3) int form, @ForAll("units") String unit) {
        store(value);
        List<String> args = new ArrayList<>(List.of("BITPOS", "k", Integer.toString(bit)));
        boolean isBit = false;
        boolean endGiven = false;
        long[] r;
        if (form == 0) {
            r = new long[] {0, value.length * 8L - 1};
        } else if (form == 1) {
            args.add(Long.toString(start));
            r = bitRange(value.length, start, value.length - 1L, false);
        } else {
            args.add(Long.toString(start));
            args.add(Long.toString(end));
            endGiven = true;
            if (form == 3 && !unit.isEmpty()) {
                args.add(unit);
                isBit = unit.equalsIgnoreCase("BIT");
            }
            r = bitRange(value.length, start, end, isBit);
        }
        long expected = -1;
        if (r[0] <= r[1]) {
            for (long i = r[0]; i <= r[1]; i++) {
                if (bit(value, i) == bit) {
                    expected = i;
                    break;
                }
            }
            if (expected == -1 && bit == 0 && !endGiven) {
                expected = r[1] + 1;
            }
        }
        assertThat(node.call(args.toArray(new String[0]))).isEqualTo(":" + expected + "\r\n");
    }

    @Property(tries = 1000)
    void getbitAndBitfieldGetMatchModel(@ForAll("values") byte[] value,
                                        @ForAll @LongRange(min = 0, max = 400) long offset,
                                        @ForAll @IntRange(min = 1, max = 64) int bits, @ForAll boolean signed) {
        store(value);
        assertThat(node.call("GETBIT", "k", Long.toString(offset))).isEqualTo(":" + bit(value, offset) + "\r\n");
        if (!signed && bits == 64) {
            bits = 63;
        }
        long expected = 0;
        for (int i = 0; i < bits; i++) {
            expected = (expected << 1) | bit(value, offset + i);
        }
        if (signed && bits < 64 && (expected & (1L << (bits - 1))) != 0) {
            expected -= 1L << bits;
        }
        String type = (signed ? "i" : "u") + bits;
        assertThat(node.call("BITFIELD_RO", "k", "GET", type, Long.toString(offset)))
            .isEqualTo("*1\r\n:" + expected + "\r\n");
    }

    @Property(tries = 500)
    void setbitThenGetbitRoundTrips(@ForAll @Size(max = 30) List<@IntRange(min = 0, max = 300) Integer> ones) {
        node.call("DEL", "b");
        byte[] model = new byte[0];
        for (int offset : ones) {
            int index = offset >>> 3;
            if (index >= model.length) {
                model = java.util.Arrays.copyOf(model, index + 1);
            }
            int old = (model[index] >>> (7 - (offset & 7))) & 1;
            model[index] |= (byte) (1 << (7 - (offset & 7)));
            assertThat(node.call("SETBIT", "b", Integer.toString(offset), "1")).isEqualTo(":" + old + "\r\n");
        }
        String expected = ones.isEmpty() ? "$-1\r\n"
            : "$" + model.length + "\r\n" + new String(model, StandardCharsets.ISO_8859_1) + "\r\n";
        assertThat(node.call("GET", "b")).isEqualTo(expected);
    }

    /** Redis's range normalisation, as an inclusive range of bit positions (empty when start > end). */
    private static long[] bitRange(long strlen, long start, long end, boolean isBit) {
        long total = isBit ? strlen * 8 : strlen;
        if (start < 0) {
            start = total + start;
        }
        if (end < 0) {
            end = total + end;
        }
        start = Math.max(start, 0);
        end = Math.max(end, 0);
        end = Math.min(end, total - 1);
        if (start > end) {
            return new long[] {1, 0};
        }
        return isBit ? new long[] {start, end} : new long[] {start * 8, end * 8 + 7};
    }

    private static int bit(byte[] v, long i) {
        long index = i >>> 3;
        return index < v.length ? (v[(int) index] >>> (7 - (int) (i & 7))) & 1 : 0;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
