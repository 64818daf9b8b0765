package io.hashslot.testkit.sim;

import io.hashslot.common.LogLevel;

/**
 * Knobs of a simulated cluster network.
 *
 * @param nodeTimeout          cluster-node-timeout of every node (ms)
 * @param minLatency           smallest one-way delivery delay (ms)
 * @param maxLatency           largest one-way delivery delay (ms); per-direction FIFO order is kept, as TCP does,
 *                             unless a frame is picked for reordering
 * @param dropProbability      chance that a frame is lost; the connection it travelled on then resets (both ends
 *                             see it close), which is what persistent loss does to TCP. Redis relies on TCP and is
 *                             not built for a frame silently vanishing on a live link.
 * @param splitFrames          deliver frames in random pieces, so every node's frame decoder sees partial reads
 * @param verbosity            log level the cores emit (logs are kept per node for failure messages)
 * @param duplicateProbability chance that a frame is delivered twice (the copy whole, a little later): what a
 *                             misbehaving proxy or a replayed stream would do; TCP itself never does it
 * @param reorderProbability   chance that a frame ignores per-connection FIFO order and may overtake (or be
 *                             overtaken by) other frames of its connection; always delivered whole
 */
public record SimConfig(long nodeTimeout, long minLatency, long maxLatency, double dropProbability,
                        boolean splitFrames, LogLevel verbosity, double duplicateProbability,
                        double reorderProbability) {

    /** Redis defaults on a fast LAN: 15 s node timeout, 0-2 ms latency, no loss, split frames. */
    public static SimConfig defaults() {
        return new SimConfig(15_000, 0, 2, 0.0, true, LogLevel.NOTICE, 0.0, 0.0);
    }

    public SimConfig withNodeTimeout(long ms) {
        return new SimConfig(ms, minLatency, maxLatency, dropProbability, splitFrames, verbosity,
            duplicateProbability, reorderProbability);
    }

    public SimConfig withLatency(long min, long max) {
        return new SimConfig(nodeTimeout, min, max, dropProbability, splitFrames, verbosity, duplicateProbability,
            reorderProbability);
    }

    public SimConfig withDropProbability(double p) {
        return new SimConfig(nodeTimeout, minLatency, maxLatency, p, splitFrames, verbosity, duplicateProbability,
            reorderProbability);
    }

    public SimConfig withSplitFrames(boolean split) {
        return new SimConfig(nodeTimeout, minLatency, maxLatency, dropProbability, split, verbosity,
            duplicateProbability, reorderProbability);
    }

    public SimConfig withDuplicateProbability(double p) {
        return new SimConfig(nodeTimeout, minLatency, maxLatency, dropProbability, splitFrames, verbosity, p,
            reorderProbability);
    }

    public SimConfig withReorderProbability(double p) {
        return new SimConfig(nodeTimeout, minLatency, maxLatency, dropProbability, splitFrames, verbosity,
            duplicateProbability, p);
    }
}
