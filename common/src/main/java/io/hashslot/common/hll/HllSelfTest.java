package io.hashslot.common.hll;

import java.util.random.RandomGenerator;

/**
 * PFSELFTEST: checks the dense register packing with random values, then adds ten million distinct elements
 * to a dense and a sparse HyperLogLog at once, checking at 1, 10, 100... elements that small ones stay sparse,
 * that both encodings give the same count, and that the error is within six standard errors.
 */
public final class HllSelfTest {
    private static final int CYCLES = 1000;
    private static final int ELEMENTS = 10_000_000;

    private HllSelfTest() {
    }

    /** Runs the test; returns null on success or the failure text (without the "ERR " prefix). */
    public static String run(RandomGenerator random, long sparseMaxBytes) {
        byte[] dense = new byte[HyperLogLog.DENSE_SIZE];
        byte[] expected = new byte[HyperLogLog.REGISTERS];
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                int r = random.nextInt(64);
                expected[i] = (byte) r;
                Registers.denseStore(dense, HyperLogLog.HEADER, i, r);
            }
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                int v = Registers.denseGet(dense, HyperLogLog.HEADER, i);
                if (v != expected[i]) {
                    return "TESTFAILED Register " + i + " should be " + expected[i] + " but is " + v;
                }
            }
        }

        java.util.Arrays.fill(dense, HyperLogLog.HEADER, dense.length, (byte) 0);
        dense[4] = HyperLogLog.DENSE;
        HyperLogLog denseHll = HyperLogLog.wrap(dense, dense.length);
        HyperLogLog sparse = HyperLogLog.createEmpty();
        double relativeError = 1.04 / Math.sqrt(HyperLogLog.REGISTERS);
        long checkpoint = 1;
        long seed = random.nextLong();
        byte[] ele = new byte[8];
        for (long j = 1; j <= ELEMENTS; j++) {
            long v = j ^ seed;
            for (int b = 0; b < 8; b++) {
                ele[b] = (byte) (v >>> (8 * b));
            }
            denseHll.add(ele, sparseMaxBytes);
            sparse.add(ele, sparseMaxBytes);
            if (j != checkpoint) {
                continue;
            }
            if (j < sparseMaxBytes / 2 && sparse.encoding() != HyperLogLog.SPARSE) {
                return "TESTFAILED sparse encoding not used";
            }
            long denseCount = denseHll.count(null);
            if (denseCount != sparse.count(null)) {
                return "TESTFAILED dense/sparse disagree";
            }
            long absError = Math.abs(checkpoint - denseCount);
            long maxError = (long) Math.ceil(relativeError * 6 * checkpoint);
            if (j == 10) {
                maxError = 1;
            }
            if (absError > maxError) {
                return "TESTFAILED Too big error. card:" + checkpoint + " abserr:" + absError;
            }
            checkpoint *= 10;
        }
        return null;
    }
}
