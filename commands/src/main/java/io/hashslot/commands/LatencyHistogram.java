package io.hashslot.commands;

/**
 * A high-dynamic-range histogram of command latencies in nanoseconds with the layout Redis's per-command
 * histograms use (values 1 ns to 1 s, two significant digits): 23 power-of-two buckets of 128 half-buckets each.
 * Percentiles and the logarithmic iteration behind LATENCY HISTOGRAM follow the same bucket arithmetic, so the
 * numbers reported match what Redis would report for the same samples.
 */
public final class LatencyHistogram {
    /** Smallest value kept apart from zero (ns). */
    public static final long MIN_VALUE = 1;
    /** Largest value kept (ns); larger samples are recorded as this. */
    public static final long MAX_VALUE = 1_000_000_000L;

    private static final int SUB_BUCKET_HALF_COUNT_MAGNITUDE = 7;
    private static final int SUB_BUCKET_COUNT = 256;
    private static final int SUB_BUCKET_HALF_COUNT = 128;
    private static final long SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
    private static final int BUCKET_COUNT = bucketsNeeded(MAX_VALUE);
    private static final int COUNTS_LEN = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT;

    private final long[] counts = new long[COUNTS_LEN];
    private long totalCount;

    private static int bucketsNeeded(long value) {
        long smallestUntrackable = SUB_BUCKET_COUNT;
        int needed = 1;
        while (smallestUntrackable <= value) {
            smallestUntrackable <<= 1;
            needed++;
        }
        return needed;
    }

    /** Records one sample, clamped to [MIN_VALUE, MAX_VALUE]. */
    public void record(long nanos) {
        long v = Math.max(MIN_VALUE, Math.min(MAX_VALUE, nanos));
        counts[countsIndex(v)]++;
        totalCount++;
    }

    public long totalCount() {
        return totalCount;
    }

    private static int bucketIndex(long value) {
        int pow2ceiling = 64 - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        return pow2ceiling - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
    }

    private static int countsIndex(long value) {
        int bucket = bucketIndex(value);
        int sub = (int) (value >> bucket);
        return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (sub - SUB_BUCKET_HALF_COUNT);
    }

    private static long valueAtIndex(int index) {
        int bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
        int sub = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucket < 0) {
            sub -= SUB_BUCKET_HALF_COUNT;
            bucket = 0;
        }
        return ((long) sub) << bucket;
    }

    private static long rangeSize(long value) {
        int bucket = bucketIndex(value);
        int sub = (int) (value >> bucket);
        int adjusted = sub >= SUB_BUCKET_COUNT ? bucket + 1 : bucket;
        return 1L << adjusted;
    }

    private static long lowestEquivalent(long value) {
        int bucket = bucketIndex(value);
        return (value >> bucket) << bucket;
    }

    private static long highestEquivalent(long value) {
        return lowestEquivalent(value) + rangeSize(value) - 1;
    }

    /** The value at a percentile (0..100), as hdr_value_at_percentile computes it. */
    public long valueAtPercentile(double percentile) {
        double requested = Math.min(percentile, 100.0);
        long countAt = (long) (((requested / 100) * totalCount) + 0.5);
        countAt = Math.max(countAt, 1);
        long running = 0;
        long value = 0;
        for (int i = 0; i < COUNTS_LEN; i++) {
            running += counts[i];
            if (running >= countAt) {
                value = valueAtIndex(i);
                break;
            }
        }
        return percentile == 0.0 ? lowestEquivalent(value) : highestEquivalent(value);
    }

    /** Receives the steps of {@link #logBuckets}. */
    public interface BucketVisitor {
        void bucket(long highestEquivalentValue, long cumulativeCount);
    }

    /**
     * Walks the histogram in logarithmic steps starting at {@code firstBucket} and growing by {@code base}, as
     * the hdr log iterator does; for each step reports the highest equivalent value of the position reached and
     * the cumulative count so far.
     */
    public void logBuckets(long firstBucket, long base, BucketVisitor visitor) {
        int index = -1;
        long cumulative = 0;
        long value = 0;
        long highest = 0;
        long nextLevel = firstBucket;
        long nextLevelLowest = lowestEquivalent(firstBucket);
        while (cumulative < totalCount || (index < COUNTS_LEN && valueAtIndex(index + 1) > nextLevelLowest)) {
            boolean reported = false;
            while (true) {
                if (value >= nextLevelLowest) {
                    nextLevel *= base;
                    nextLevelLowest = lowestEquivalent(nextLevel);
                    reported = true;
                    break;
                }
                index++;
                if (index >= COUNTS_LEN) {
                    reported = true;
                    break;
                }
                cumulative += counts[index];
                value = valueAtIndex(index);
                highest = highestEquivalent(value);
            }
            if (!reported) {
                break;
            }
            visitor.bucket(highest, cumulative);
            if (index >= COUNTS_LEN) {
                break;
            }
        }
    }
}
