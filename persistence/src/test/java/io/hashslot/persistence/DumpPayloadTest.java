package io.hashslot.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.store.types.HashValue;
import io.hashslot.store.types.ListValue;
import io.hashslot.store.types.SetValue;
import io.hashslot.store.types.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Golden bytes from ../shared/specs/rdb-and-dump.md, observed on Redis 7.0.15. */
class DumpPayloadTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void stringHello() {
        assertThat(HEX.formatHex(DumpPayload.create(b("hello"), true)))
            .isEqualTo("000568656c6c6f0a006372df766534200a");
    }

    @Test
    void integerStrings() {
        assertThat(HEX.formatHex(DumpPayload.create(b("123"), true))).isEqualTo("00c07b0a0048e253e1007a67b9");
        assertThat(HEX.formatHex(DumpPayload.create(b("12345"), true))).isEqualTo("00c139300a009d94ea2793fc08b9");
    }

    @Test
    void smallHashIsAListpack() {
        HashValue h = new HashValue();
        h.put(b("f"), b("v"), 512, 64);
        assertThat(HEX.formatHex(DumpPayload.create(h, true)))
            .isEqualTo("100d0d00000002008166028176" + "02ff0a0020f13d442354089d");
    }

    @Test
    void listOfABSeven() {
        ListValue l = new ListValue(-2);
        l.pushTail(b("a"));
        l.pushTail(b("b"));
        l.pushTail(b("7"));
        String hex = HEX.formatHex(DumpPayload.create(l, true));
        assertThat(hex).startsWith("1201020f" + "0f000000030081610281620207" + "01ff" + "0a00");
    }

    @Test
    void longRepetitiveStringIsCompressed() {
        byte[] payload = DumpPayload.create(b("a".repeat(100)), true);
        assertThat(HEX.formatHex(payload)).startsWith("00c3094064016161e05700016161");
    }

    @Test
    void aReusedLzfTableGivesTheSamePayloadsAsFreshOnes() {
        io.hashslot.common.Lzf.Table table = new io.hashslot.common.Lzf.Table();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            StringBuilder text = new StringBuilder();
            int words = 3 + random.nextInt(40);
            for (int w = 0; w < words; w++) {
                text.append(random.nextBoolean() ? "abc" : "xyz").append(random.nextInt(20)).append(' ');
            }
            byte[] value = b(text.toString());
            assertThat(HEX.formatHex(DumpPayload.create(value, true, table)))
                .as("value %d", i).isEqualTo(HEX.formatHex(DumpPayload.create(value, true)));
        }
    }

    @Test
    void roundTripsEveryType() throws Exception {
        Encodings enc = Encodings.defaults(new SplittableRandom(1));
        SetValue ints = SetValue.forFirstMember(b("1"), 512);
        ints.add(b("1"), 512);
        ints.add(b("-70000"), 512);
        ZSetValue z = ZSetValue.create(0, 0, 128, 64, new SplittableRandom(1));
        z.put(b("a"), 1, 128, 64);
        z.put(b("b"), 2.5, 128, 64);
        for (Object v : new Object[] {b("x"), ints, z}) {
            byte[] p = DumpPayload.create(v, true);
            assertThat(DumpPayload.verify(p)).isTrue();
            Object back = DumpPayload.read(p, enc);
            assertThat(DumpPayload.create(back, true)).isEqualTo(p);
        }
        assertThat(HEX.formatHex(DumpPayload.create(z, true)))
            .startsWith("11" + "14" + "140000000400816102010181620283322e3504ff");
    }

    @Test
    void corruptPayloadsAreRejected() {
        byte[] p = DumpPayload.create(b("hello"), true);
        p[2] ^= 1;
        assertThat(DumpPayload.verify(p)).isFalse();
        assertThat(DumpPayload.verify(new byte[5])).isFalse();
    }
}
