package io.hashslot.scripting;

/**
 * Redis's rand48 (redisLrand48 / redisSrand48): the 48-bit linear congruential generator behind math.random, so a
 * seeded script gives the same numbers as on Redis. One per node; SCRIPT FLUSH does not reset it (as in Redis).
 */
final class Lrand48 {
    private static final long A = 0x5DEECE66DL;
    private static final long C = 0xB;
    private static final long MASK = (1L << 48) - 1;
    static final int MAX = Integer.MAX_VALUE;

    private long x = 0x1234ABCD330EL;

    /** The next 31-bit value. */
    int next() {
        x = (A * x + C) & MASK;
        return (int) (x >>> 17);
    }

    void seed(int seed) {
        x = (((long) seed & 0xFFFFFFFFL) << 16) | 0x330E;
    }
}
