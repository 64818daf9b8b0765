package io.hashslot.tools.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which redis-cli lists key types in its --bigkeys summary. redis-cli keeps them in a small hash
 * table (SipHash-1-2 with an all-zero key, power-of-two buckets, new entries at the head of their chain, and
 * incremental rehashing advanced one bucket by every insert and lookup), so the order depends on how many lookups
 * happened. This models that table exactly enough to reproduce the order; it stores only names.
 */
final class TypeTableOrder {
    private static final int INITIAL_SIZE = 4;

    private List<List<String>> t0 = new ArrayList<>();
    private List<List<String>> t1;
    private int used0;
    private int used1;
    private int rehashIdx = -1;

    /** Inserts a name (like dictAdd). */
    void add(String name) {
        if (rehashing()) {
            rehashStep();
        }
        expandIfNeeded();
        List<List<String>> table = rehashing() ? t1 : t0;
        table.get(bucket(name, table.size())).add(0, name);
        if (rehashing()) {
            used1++;
        } else {
            used0++;
        }
    }

    /** A lookup (like dictFind): advances a rehash in progress. */
    void find() {
        if (used0 + used1 == 0) {
            return;
        }
        if (rehashing()) {
            rehashStep();
        }
    }

    /** The names in iteration order. */
    List<String> order() {
        List<String> out = new ArrayList<>();
        for (List<String> chain : t0) {
            out.addAll(chain);
        }
        if (rehashing()) {
            for (List<String> chain : t1) {
                out.addAll(chain);
            }
        }
        return out;
    }

    private boolean rehashing() {
        return rehashIdx != -1;
    }

    private void expandIfNeeded() {
        if (rehashing()) {
            return;
        }
        if (t0.isEmpty()) {
            t0 = emptyTable(INITIAL_SIZE);
            return;
        }
        if (used0 >= t0.size()) {
            int size = INITIAL_SIZE;
            while (size < used0 + 1) {
                size *= 2;
            }
            t1 = emptyTable(size);
            rehashIdx = 0;
        }
    }

    private void rehashStep() {
        int emptyVisits = 10;
        if (used0 != 0) {
            while (t0.get(rehashIdx).isEmpty()) {
                rehashIdx++;
                if (--emptyVisits == 0) {
                    return;
                }
            }
            for (String name : t0.get(rehashIdx)) {
                t1.get(bucket(name, t1.size())).add(0, name);
                used0--;
                used1++;
            }
            t0.get(rehashIdx).clear();
            rehashIdx++;
        }
        if (used0 == 0) {
            t0 = t1;
            used0 = used1;
            t1 = null;
            used1 = 0;
            rehashIdx = -1;
        }
    }

    private static List<List<String>> emptyTable(int size) {
        List<List<String>> t = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            t.add(new ArrayList<>());
        }
        return t;
    }

    private static int bucket(String name, int size) {
        return (int) (sipHash12(name.getBytes(StandardCharsets.ISO_8859_1)) & (size - 1));
    }

    /** SipHash-1-2 with a zero key. */
    static long sipHash12(byte[] in) {
        long v0 = 0x736f6d6570736575L;
        long v1 = 0x646f72616e646f6dL;
        long v2 = 0x6c7967656e657261L;
        long v3 = 0x7465646279746573L;
        int full = in.length & ~7;
        for (int i = 0; i < full; i += 8) {
            long m = 0;
            for (int j = 7; j >= 0; j--) {
                m = (m << 8) | (in[i + j] & 0xffL);
            }
            v3 ^= m;
            long[] v = round(v0, v1, v2, v3);
            v0 = v[0] ^ m;
            v1 = v[1];
            v2 = v[2];
            v3 = v[3];
        }
        long b = ((long) in.length) << 56;
        for (int j = in.length - 1; j >= full; j--) {
            b |= (in[j] & 0xffL) << (8 * (j - full));
        }
        v3 ^= b;
        long[] v = round(v0, v1, v2, v3);
        v[0] ^= b;
        v[2] ^= 0xff;
        v = round(v[0], v[1], v[2], v[3]);
        v = round(v[0], v[1], v[2], v[3]);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static long[] round(long v0, long v1, long v2, long v3) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13);
        v1 ^= v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17);
        v1 ^= v2;
        v2 = Long.rotateLeft(v2, 32);
        return new long[] {v0, v1, v2, v3};
    }
}
