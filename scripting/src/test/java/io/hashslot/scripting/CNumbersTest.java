package io.hashslot.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;
import party.iroiro.luajava.lua51.Lua51;

/**
 * CNumbers against the C library itself: Lua 5.1's tostring is C's sprintf("%.14g") and its tonumber is C's strtod,
 * so a bare interpreter is the oracle for cjson's number formatting and parsing.
 */
class CNumbersTest {
    private static Lua51 lua;

    /** The oracle interpreter, shared by JUnit tests and jqwik properties (which have separate lifecycles). */
    private static synchronized Lua51 lua() {
        if (lua == null) {
            lua = new Lua51();
            lua.openLibrary("string");
        }
        return lua;
    }

    @AfterContainer
    static void close() {
        if (lua != null) {
            lua.close();
            lua = null;
        }
    }

    private static String cFormat14(double d) {
        Lua51 lua = lua();
        lua.getGlobal("tostring");
        lua.push(d);
        lua.pCall(1, 1);
        ByteBuffer b = lua.toBuffer(-1);
        lua.pop(1);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
            Arbitraries.doubles(),
            Arbitraries.longs().map(l -> Double.longBitsToDouble(l)).filter(d -> !Double.isNaN(d)),
            Arbitraries.integers().map(i -> (double) i),
            Arbitraries.doubles().between(-1e6, 1e6).ofScale(3),
            Arbitraries.of(0.1, 1e14, 1e15, 123456789012345678.0, 1e-5, 1e-4, 0.0001234, -0.0, 1e300, 5e-324,
                Double.MAX_VALUE, Double.MIN_NORMAL, 99999999999999.5, 0.5, 2.5, 1e21));
    }

    @Property(tries = 3000)
    void percentGFourteenMatchesC(@ForAll("doubles") double d) {
        assertThat(CNumbers.g(d, 14)).isEqualTo(cFormat14(d));
    }

    @Property(tries = 1000)
    void percentGSeventeenMatchesRedisFormatter(@ForAll("doubles") double d) {
        assertThat(CNumbers.g(d, 17)).isEqualTo(io.hashslot.common.Numbers.formatG17(d));
    }

    @Test
    void specialValues() {
        assertThat(CNumbers.g(Double.POSITIVE_INFINITY, 14)).isEqualTo(cFormat14(Double.POSITIVE_INFINITY));
        assertThat(CNumbers.g(Double.NEGATIVE_INFINITY, 14)).isEqualTo(cFormat14(Double.NEGATIVE_INFINITY));
        assertThat(CNumbers.g(0.0, 3)).isEqualTo("0");
        assertThat(CNumbers.g(3.14159, 3)).isEqualTo("3.14");
        assertThat(CNumbers.g(1234.5, 3)).isEqualTo("1.23e+03");
    }

    @Provide
    Arbitrary<String> numberTexts() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> frac = Arbitraries.oneOf(Arbitraries.just(""), digits.map(x -> "." + x));
        Arbitrary<String> exp = Arbitraries.oneOf(Arbitraries.just(""),
            Arbitraries.integers().between(-400, 400).map(e -> "e" + e));
        return net.jqwik.api.Combinators.combine(sign, digits, frac, exp).as((s, d, f, e) -> s + d + f + e);
    }

    @Property(tries = 2000)
    void strtodMatchesC(@ForAll("numberTexts") String text) {
        Lua51 lua = lua();
        lua.getGlobal("tonumber");
        lua.push(text);
        lua.pCall(1, 1);
        double expected = lua.toNumber(-1);
        lua.pop(1);
        CNumbers.Parsed p = CNumbers.strtod(text.getBytes(StandardCharsets.ISO_8859_1), 0);
        assertThat(p.end()).isEqualTo(text.length());
        assertThat(Double.doubleToRawLongBits(p.value())).as(text).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @Test
    void strtodStopsWhereCStops() {
        assertThat(CNumbers.strtod(bytes("1.5e"), 0).end()).isEqualTo(3);
        assertThat(CNumbers.strtod(bytes("1e+"), 0).end()).isEqualTo(1);
        assertThat(CNumbers.strtod(bytes("0x"), 0).end()).isEqualTo(1);
        assertThat(CNumbers.strtod(bytes("0x1p3z"), 0).value()).isEqualTo(8.0);
        assertThat(CNumbers.strtod(bytes("-"), 0).end()).isEqualTo(0);
        assertThat(CNumbers.strtod(bytes("infinity!"), 0).end()).isEqualTo(8);
        assertThat(CNumbers.strtod(bytes("nan(123)"), 0).end()).isEqualTo(8);
        assertThat(CNumbers.strtod(bytes(".5"), 0).value()).isEqualTo(0.5);
        assertThat(CNumbers.strtod(bytes("5."), 0).end()).isEqualTo(2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
