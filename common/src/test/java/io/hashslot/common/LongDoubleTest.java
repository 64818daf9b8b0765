package io.hashslot.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** LongDouble parsing limits and the subnormal range (values checked against redis-server's INCRBYFLOAT). */
class LongDoubleTest {
    private static LongDouble parse(String s) throws NotANumberException {
        return LongDouble.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void sumsPrintLikeRedis() throws NotANumberException {
        assertThat(parse("10.5").add(parse("0.1")).toHumanString()).isEqualTo("10.6");
        assertThat(parse("0.1").add(parse("0.2")).toHumanString()).isEqualTo("0.3");
        assertThat(parse("5.5").add(parse("-5.5")).toHumanString()).isEqualTo("0");
    }

    @Test
    void textsUpTo5119CharactersParse() throws NotANumberException {
        String zeros = "0".repeat(5116);
        assertThat(parse(zeros + "1.5").toHumanString()).isEqualTo("1.5");
        assertThatThrownBy(() -> parse("0" + zeros + "1.5")).isInstanceOf(NotANumberException.class);
    }

    @Test
    void subnormalsRoundToTheirSpacingAndUnderflowIsRejected() throws NotANumberException {
        // the smallest subnormal long double is 2^-16445 (about 3.6452e-4951)
        assertThat(parse("0x1p-16445").isInfinite()).isFalse();
        assertThat(parse("1e-4940").add(parse("0")).toHumanString()).isEqualTo("0");
        assertThat(parse("1.9e-4951").toDouble()).isEqualTo(0.0); // rounds up to 2^-16445, below double range
        assertThatThrownBy(() -> parse("1.8e-4951")).isInstanceOf(NotANumberException.class);
        assertThatThrownBy(() -> parse("1e-5000")).isInstanceOf(NotANumberException.class);
        assertThatThrownBy(() -> parse("0x1p-16446")).isInstanceOf(NotANumberException.class);
    }

    @Test
    void overflowIsRejectedOrInfinite() throws NotANumberException {
        assertThatThrownBy(() -> parse("0x1p16384")).isInstanceOf(NotANumberException.class);
        LongDouble max = parse("0x1.fffffffffffffffep16383");
        assertThat(max.isInfinite()).isFalse();
        assertThat(max.add(max).isInfinite()).isTrue();
    }
}
