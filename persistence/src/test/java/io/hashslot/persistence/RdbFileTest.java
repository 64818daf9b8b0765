package io.hashslot.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashslot.store.Entry;
import io.hashslot.store.Keyspace;
import io.hashslot.store.types.ListValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RdbFileTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void loadsTheMinimalFileFromTheSpec() throws Exception {
        byte[] file = HexFormat.of().parseHex("524544495330303130fe00fb0301000366" + "6f6f0568656c6c6f"
            + "fc00d8c32cbb030000" + "01066d796c69737402016101620401680101660176ff" + "f051bf9437e47d83");
        Keyspace ks = new Keyspace(16, 1);
        RdbLoader.Result r = new RdbLoader(Encodings.defaults(new SplittableRandom(1)))
            .load(new ByteArrayInputStream(file), ks, true, 0);
        assertThat(r.keysLoaded).isEqualTo(3);
        Entry list = ks.db(0).find(b("mylist"));
        assertThat(list.expireAt()).isEqualTo(4102444800000L);
        assertThat(((ListValue) list.value()).toList()).containsExactly(b("a"), b("b"));
        assertThat((byte[]) ks.db(0).find(b("foo")).value()).isEqualTo(b("hello"));
    }

    @Test
    void writesAndReadsBack() throws Exception {
        Keyspace ks = new Keyspace(16, 1);
        ks.db(0).add(b("s"), b("v"));
        Entry e = ks.db(3).add(b("n"), b("12345"));
        ks.db(3).setExpire(e, 99_999_999_999L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RdbWriter(true, true).writeAll(out, ks, 1000, 1000, null);
        Keyspace back = new Keyspace(16, 1);
        RdbLoader.Result r = new RdbLoader(Encodings.defaults(new SplittableRandom(1)))
            .load(new ByteArrayInputStream(out.toByteArray()), back, true, 0);
        assertThat(r.keysLoaded).isEqualTo(2);
        assertThat(r.auxString("redis-ver")).isEqualTo("7.0.15");
        assertThat(back.db(3).find(b("n")).expireAt()).isEqualTo(99_999_999_999L);
    }

    @Test
    void badChecksumIsRefused() throws Exception {
        Keyspace ks = new Keyspace(16, 1);
        ks.db(0).add(b("s"), b("v"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RdbWriter(true, true).writeAll(out, ks, 1000, 1000, null);
        byte[] file = out.toByteArray();
        file[file.length - 1] ^= 0x55;
        assertThatThrownBy(() -> new RdbLoader(Encodings.defaults(new SplittableRandom(1)))
            .load(new ByteArrayInputStream(file), new Keyspace(16, 1), true, 0))
            .isInstanceOf(RdbFormatException.class).hasMessageContaining("Wrong RDB checksum");
    }
}
