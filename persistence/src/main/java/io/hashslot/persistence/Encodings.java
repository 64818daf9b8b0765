package io.hashslot.persistence;

import java.util.random.RandomGenerator;

/**
 * The thresholds that decide the in-memory encoding of loaded values (the same directives that govern encoding
 * at write time), and the random source sorted sets need.
 */
public record Encodings(int listFill, long hashMaxEntries, long hashMaxValue, long setMaxIntsetEntries,
                        long zsetMaxEntries, long zsetMaxValue, RandomGenerator random) {
    /** Redis 7.0's defaults. */
    public static Encodings defaults(RandomGenerator random) {
        return new Encodings(-2, 512, 64, 512, 128, 64, random);
    }
}
