package io.hashslot.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bucket arithmetic of the latency histograms, checked against values worked out from hdr_histogram's rules. */
class LatencyHistogramTest {
    @Test
    void percentilesReportTheHighestValueOfTheBucket() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(47_000);
        // 47000 lies in the bucket of width 256 starting at 46848
        assertThat(h.valueAtPercentile(50)).isEqualTo(47_103);
        assertThat(h.valueAtPercentile(99.9)).isEqualTo(47_103);
        assertThat(h.valueAtPercentile(0)).isEqualTo(46_848);
    }

    @Test
    void smallValuesAreExactAndLimitsClamp() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0);
        assertThat(h.valueAtPercentile(50)).isEqualTo(1);
        h = new LatencyHistogram();
        h.record(255);
        assertThat(h.valueAtPercentile(50)).isEqualTo(255);
        h = new LatencyHistogram();
        h.record(5_000_000_000L);
        assertThat(h.valueAtPercentile(100)).isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(h.totalCount()).isEqualTo(1);
    }

    @Test
    void percentileCountsRoundToNearest() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i);
        }
        assertThat(h.valueAtPercentile(50)).isEqualTo(50);
        assertThat(h.valueAtPercentile(99)).isEqualTo(99);
        // 99.9% of 100 samples rounds to the 100th
        assertThat(h.valueAtPercentile(99.9)).isEqualTo(100);
        assertThat(h.valueAtPercentile(0.4)).isEqualTo(1);
    }

    @Test
    void logBucketsStopAtTheFirstLevelAboveEachSample() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(47_000);
        h.record(500);
        List<long[]> steps = new ArrayList<>();
        h.logBuckets(1024, 2, (highest, cumulative) -> steps.add(new long[] {highest, cumulative}));
        // every step reports the bucket where the walk reached the next power of two; the cumulative count
        // grows when a sample has been passed
        assertThat(steps.get(0)).containsExactly(1031, 1);
        long[] last = steps.get(steps.size() - 1);
        assertThat(last[1]).isEqualTo(2);
        assertThat(last[0]).isEqualTo(65_536 + 512 - 1);
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i)[0]).isGreaterThan(steps.get(i - 1)[0]);
        }
    }
}
