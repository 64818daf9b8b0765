package io.hashslot.common.hll;

/**
 * The cardinality estimate Redis 7.0 computes from a histogram of register values: Otmar Ertl's improved
 * estimator ("New cardinality estimation algorithms for HyperLogLog sketches", arXiv:1702.01284), with the
 * final rounding of C's llroundl, including its result for values that do not fit a signed 64-bit integer.
 */
public final class HllEstimator {
    /** 0.5 / ln(2), the asymptotic bias correction for an infinite number of registers. */
    private static final double ALPHA_INF = 0.721347520444481703680;
    private static final double TWO_POW_63 = 9.223372036854775808E18;

    private HllEstimator() {
    }

    /**
     * The estimate for a histogram of {@link HyperLogLog#REGISTERS} registers: {@code histogram[v]} counts the
     * registers holding {@code v}; it has 64 slots, of which only 0 to Q+1 take part.
     */
    public static long estimate(int[] histogram) {
        double m = HyperLogLog.REGISTERS;
        double z = m * tau((m - histogram[HyperLogLog.Q + 1]) / m);
        for (int j = HyperLogLog.Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return roundLikeLlroundl(ALPHA_INF * m * m / z);
    }

    /** Rounds half away from zero; values outside the long range (and NaN) give Long.MIN_VALUE as on x86-64. */
    static long roundLikeLlroundl(double x) {
        if (Double.isNaN(x) || x >= TWO_POW_63 || x < -TWO_POW_63) {
            return Long.MIN_VALUE;
        }
        return x < 0 ? -Math.round(-x) : Math.round(x);
    }

    /** The sigma series of the estimator; infinite for x = 1 (no register set). */
    static double sigma(double x) {
        if (x == 1.) {
            return Double.POSITIVE_INFINITY;
        }
        double previous;
        double y = 1;
        double z = x;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (previous != z);
        return z;
    }

    /** The tau series of the estimator; 0 for x = 0 and x = 1. */
    static double tau(double x) {
        if (x == 0. || x == 1.) {
            return 0.;
        }
        double previous;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (previous != z);
        return z / 3;
    }
}
