package io.hashslot.common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast seeded 32-bit hash of byte strings for in-memory tables. The seed comes from the node's seeded random
 * source, so tables cannot be flooded by chosen keys, and runs stay reproducible in the simulator.
 */
public final class KeyHash {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M = 0x9E3779B97F4A7C15L;

    private KeyHash() {
    }

    public static int hash(byte[] b, long seed) {
        return hash(b, 0, b.length, seed);
    }

    public static int hash(byte[] b, int off, int len, long seed) {
        long h = seed ^ (len * M);
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            long k = (long) LONGS.get(b, i);
            h = Long.rotateLeft(h ^ mix(k), 27) * M;
            i += 8;
        }
        long tail = 0;
        int shift = 0;
        while (i < end) {
            tail |= (b[i++] & 0xffL) << shift;
            shift += 8;
        }
        h ^= mix(tail);
        return (int) (mix(h) >>> 32);
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
