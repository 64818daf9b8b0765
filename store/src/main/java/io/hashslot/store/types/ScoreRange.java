package io.hashslot.store.types;

/** A score interval as ZRANGEBYSCORE takes it: min and max, each inclusive or exclusive ("(1.5"). */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    public boolean aboveMin(double v) {
        return minExclusive ? v > min : v >= min;
    }

    public boolean belowMax(double v) {
        return maxExclusive ? v < max : v <= max;
    }

    public boolean contains(double v) {
        return aboveMin(v) && belowMax(v);
    }

    /** Whether the range is empty by construction (min > max, or equal with an exclusive end). */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }

    /** Whether any value in [lowest, highest] can be in range. */
    boolean overlaps(double lowest, double highest) {
        return !isEmpty() && aboveMin(highest) && belowMax(lowest);
    }
}
