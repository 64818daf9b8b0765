package io.hashslot.testkit.strings;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.common.ManualClock;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random sequences of string and bitmap commands sent to a real redis-server and to Hashslot's command layer;
 * every reply must be byte-identical. Skipped when no redis-server is installed.
 */
class StringDifferentialTest {
    private static RealRedis redis;
    private static RawClient real;

    @BeforeContainer
    static void start() {
        if (RealRedis.available()) {
            redis = RealRedis.start();
            real = new RawClient(redis.port());
        }
    }

    @AfterContainer
    static void stop() {
        if (real != null) {
            real.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.of("a", "b", "c");
    }

    private static Arbitrary<String> smallInts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-70, 70).map(String::valueOf),
            Arbitraries.of("9223372036854775807", "-9223372036854775808", "4294967296", "-1", "0"));
    }

    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(
            Arbitraries.strings().withChars("ab\u0000\u00ff0123456789.-e").ofMaxLength(12),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.integers().between(-1000, 1000).map(String::valueOf));
    }

    private static Arbitrary<String> floats() {
        Arbitrary<String> decimal = Combinators.combine(Arbitraries.integers().between(-99999, 99999),
            Arbitraries.integers().between(0, 999999)).as((i, f) -> i + "." + f);
        return Arbitraries.oneOf(decimal, Arbitraries.of("0.1", "0.2", "-0.3", "1e10", "1.5e-7", "3", "-17.17",
            "1e300", "0.000000000000000001", "123456789.123456789", "5e3", "abc", "inf"));
    }

    private static Arbitrary<String> bitfieldType() {
        return Combinators.combine(Arbitraries.of("i", "u"), Arbitraries.integers().between(1, 64))
            .as((s, n) -> s + (s.equals("u") && n == 64 ? 63 : n));
    }

    private static Arbitrary<String> bitfieldOp() {
        Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.integers().between(0, 90).map(String::valueOf),
            Arbitraries.integers().between(0, 6).map(i -> "#" + i));
        return Arbitraries.oneOf(
            Combinators.combine(bitfieldType(), offset).as((t, o) -> "GET " + t + " " + o),
            Combinators.combine(bitfieldType(), offset, smallInts()).as((t, o, v) -> "SET " + t + " " + o + " " + v),
            Combinators.combine(bitfieldType(), offset, smallInts())
                .as((t, o, v) -> "INCRBY " + t + " " + o + " " + v),
            Arbitraries.of("OVERFLOW WRAP", "OVERFLOW SAT", "OVERFLOW FAIL"));
    }

    private static Arbitrary<String> command() {
        return Arbitraries.oneOf(
            Combinators.combine(keys(), values()).as((k, v) -> "SET " + k + " " + v),
            Combinators.combine(keys(), values()).as((k, v) -> "APPEND " + k + " " + v),
            Combinators.combine(keys(), smallInts(), values()).as((k, o, v) -> "SETRANGE " + k + " " + o + " " + v),
            Combinators.combine(keys(), smallInts(), smallInts()).as((k, s, e) -> "GETRANGE " + k + " " + s + " " + e),
            Combinators.combine(keys(), smallInts()).as((k, n) -> "INCRBY " + k + " " + n),
            Combinators.combine(keys(), smallInts()).as((k, n) -> "DECRBY " + k + " " + n),
            Combinators.combine(keys(), floats()).as((k, f) -> "INCRBYFLOAT " + k + " " + f),
            Combinators.combine(keys(), Arbitraries.integers().between(0, 100), Arbitraries.of("0", "1"))
                .as((k, o, b) -> "SETBIT " + k + " " + o + " " + b),
            Combinators.combine(keys(), smallInts(), smallInts(), Arbitraries.of("", " BIT", " BYTE"))
                .as((k, s, e, u) -> "BITCOUNT " + k + " " + s + " " + e + u),
            Combinators.combine(keys(), Arbitraries.of("0", "1"), smallInts(), smallInts(),
                Arbitraries.of("", " BIT", " BYTE")).as((k, b, s, e, u) -> "BITPOS " + k + " " + b + " " + s + " "
                    + e + u),
            Combinators.combine(Arbitraries.of("AND", "OR", "XOR"), keys(), keys(), keys())
                .as((op, d, x, y) -> "BITOP " + op + " " + d + " " + x + " " + y),
            Combinators.combine(keys(), keys()).as((d, x) -> "BITOP NOT " + d + " " + x),
            Combinators.combine(keys(), bitfieldOp().list().ofMinSize(1).ofMaxSize(4))
                .as((k, ops) -> "BITFIELD " + k + " " + String.join(" ", ops)),
            Combinators.combine(keys(), keys(), Arbitraries.of("", " LEN", " IDX", " IDX WITHMATCHLEN MINMATCHLEN 2"))
                .as((x, y, o) -> "LCS " + x + " " + y + o),
            Combinators.combine(keys(), keys()).as((x, y) -> "MGET " + x + " " + y),
            keys().map(k -> "STRLEN " + k),
            keys().map(k -> "GETDEL " + k),
            Combinators.combine(keys(), values()).as((k, v) -> "GETSET " + k + " " + v));
    }

    @Provide
    Arbitrary<List<String>> scripts() {
        return command().list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 300)
    void repliesMatchRealRedis(@ForAll("scripts") List<String> script) {
        if (real == null) {
            assertThat(RealRedis.available()).isFalse();
            return; // no redis-server to compare with
        }
        LocalNode node = new LocalNode(new ManualClock(1_000_000));
        real.callRaw(RawClient.args("FLUSHALL"));
        List<String> transcript = new ArrayList<>();
        for (String line : script) {
            List<byte[]> args = new ArrayList<>();
            for (String a : line.split(" ", -1)) {
                args.add(a.getBytes(StandardCharsets.ISO_8859_1));
            }
            String expected = new String(real.callRaw(args), StandardCharsets.ISO_8859_1);
            String actual = new String(node.callRaw(args.toArray(new byte[0][])), StandardCharsets.ISO_8859_1);
            transcript.add(line + " -> " + expected.strip());
            assertThat(actual).as(String.join("\n", transcript)).isEqualTo(expected);
        }
    }
}
