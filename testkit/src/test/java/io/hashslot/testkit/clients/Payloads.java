package io.hashslot.testkit.clients;

import java.util.SplittableRandom;

/** Deterministic test payloads. */
final class Payloads {
    private Payloads() {
    }

    /** Bytes 0..255 in order. */
    static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    /** {@code size} bytes from a seeded generator (every byte value occurs, including \r, \n and NUL). */
    static byte[] pseudoRandom(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8 && i + k < size; k++) {
                b[i + k] = (byte) (v >>> (8 * k));
            }
        }
        return b;
    }
}
