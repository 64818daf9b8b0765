package io.hashslot.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A reused {@link Lzf.Table} compresses every input exactly as a fresh table does. */
class LzfTableTest {
    @Test
    void reusedTableGivesTheSameOutputAsAFreshOne() {
        Random rnd = new Random(1);
        Lzf.Table table = new Lzf.Table();
        for (int i = 0; i < 2000; i++) {
            byte[] in = new byte[21 + rnd.nextInt(3000)];
            for (int j = 0; j < in.length; j++) {
                in[j] = (byte) ('a' + rnd.nextInt(1 + i % 8)); // from very repetitive to varied
            }
            byte[] fresh = new byte[in.length + 64];
            byte[] reused = new byte[in.length + 64];
            int a = Lzf.compress(in, in.length, fresh, fresh.length);
            int b = Lzf.compress(in, in.length, reused, reused.length, table);
            assertThat(b).isEqualTo(a);
            assertThat(Arrays.copyOf(reused, b)).isEqualTo(Arrays.copyOf(fresh, a));
            assertThat(Lzf.decompress(reused, 0, b, in.length)).isEqualTo(in);
        }
    }
}
