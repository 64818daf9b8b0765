package io.hashslot.common.hll;

/**
 * MurmurHash2 in its 64-bit "64A" form, as Redis hashes HyperLogLog elements: 8-byte blocks are read
 * little-endian whatever the platform, so the result is the same everywhere.
 */
public final class MurmurHash64A {
    /** The seed Redis uses for HyperLogLog elements. */
    public static final long HLL_SEED = 0xadc83b19L;

    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    private MurmurHash64A() {
    }

    /** Hashes {@code len} bytes of {@code data} from {@code off}; {@code seed} is an unsigned 32-bit value. */
    public static long hash(byte[] data, int off, int len, long seed) {
        long h = (seed & 0xffffffffL) ^ (len * M);
        int blocks = len & ~7;
        int p = off;
        for (int end = off + blocks; p < end; p += 8) {
            long k = littleEndian(data, p);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int rest = len & 7;
        if (rest != 0) {
            for (int i = rest - 1; i >= 0; i--) {
                h ^= (data[p + i] & 0xffL) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }

    private static long littleEndian(byte[] b, int p) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[p + i] & 0xffL);
        }
        return v;
    }
}
