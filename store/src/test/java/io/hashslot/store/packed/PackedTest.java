package io.hashslot.store.packed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PackedTest {
    private static List<byte[]> contents(Packed p) {
        List<byte[]> out = new ArrayList<>();
        for (int pos = p.first(); pos >= 0; pos = p.next(pos)) {
            out.add(p.get(pos));
        }
        return out;
    }

    private static List<byte[]> backwards(Packed p) {
        List<byte[]> out = new ArrayList<>();
        for (int pos = p.last(); pos >= 0; pos = p.prev(pos)) {
            out.add(0, p.get(pos));
        }
        return out;
    }

    @Test
    void entriesOfEveryVarintSizeRoundTripBothWays() {
        Packed p = new Packed();
        int[] lengths = {0, 1, 126, 127, 128, 16381, 16382, 16383, 16384, 20000, 2097150, 2097152};
        for (int len : lengths) {
            byte[] b = new byte[len];
            for (int i = 0; i < len; i++) {
                b[i] = (byte) (i * 31 + len);
            }
            p.append(b);
        }
        assertThat(p.count()).isEqualTo(lengths.length);
        List<byte[]> fwd = contents(p);
        List<byte[]> back = backwards(p);
        for (int i = 0; i < lengths.length; i++) {
            assertThat(fwd.get(i)).hasSize(lengths[i]);
            assertThat(back.get(i)).isEqualTo(fwd.get(i));
        }
    }

    @Property(tries = 300)
    void behavesLikeAList(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 300) Integer> ops,
                          @ForAll @Size(max = 60) List<@Size(max = 200) byte[]> values) {
        Packed p = new Packed(4);
        List<byte[]> model = new ArrayList<>();
        int v = 0;
        for (int op : ops) {
            byte[] val = values.isEmpty() ? new byte[] {(byte) op} : values.get(v++ % values.size());
            switch (op % 5) {
                case 0 -> {
                    p.append(val);
                    model.add(val);
                }
                case 1 -> {
                    p.prepend(val);
                    model.add(0, val);
                }
                case 2 -> {
                    if (!model.isEmpty()) {
                        int i = op % model.size();
                        p.delete(p.seek(i));
                        model.remove(i);
                    }
                }
                case 3 -> {
                    if (!model.isEmpty()) {
                        int i = op % model.size();
                        p.replace(p.seek(i), val);
                        model.set(i, val);
                    }
                }
                default -> {
                    int i = model.isEmpty() ? 0 : op % (model.size() + 1);
                    int at = i == model.size() ? p.bytes() : p.seek(i);
                    p.insert(at, val);
                    model.add(i, val);
                }
            }
            assertThat(p.count()).isEqualTo(model.size());
        }
        assertThat(contents(p)).containsExactlyElementsOf(model);
        assertThat(backwards(p)).containsExactlyElementsOf(model);
    }

    @Test
    void splitAndMerge() {
        Packed p = new Packed();
        for (int i = 0; i < 10; i++) {
            p.append(new byte[] {(byte) i});
        }
        Packed tail = p.splitAfter(4);
        assertThat(p.count()).isEqualTo(4);
        assertThat(tail.count()).isEqualTo(6);
        assertThat(tail.get(tail.first())).containsExactly(4);
        p.appendAll(tail);
        assertThat(p.count()).isEqualTo(10);
        assertThat(p.get(p.seek(9))).containsExactly(9);
        p.deleteRange(2, 5);
        assertThat(contents(p)).extracting(b -> (int) b[0]).containsExactly(0, 1, 7, 8, 9);
    }
}
