package io.hashslot.tools.consistency;

import io.hashslot.common.Clock;
import io.hashslot.protocol.RespValue;
import io.hashslot.tools.client.ClusterClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The seeds' consistency checker: counters incremented with INCR, each value the cluster acknowledges remembered;
 * before every write a random counter is read back and compared. A value below the remembered one means
 * acknowledged writes were lost, a value above it means writes were applied that were never acknowledged (noack).
 * Half of the keys come from a small working set so that they are read back often. Once a second it prints
 * {@code "925 R (0 err) | 925 W (0 err) |"} plus {@code "N lost |"} / {@code "N noack |"} when non-zero; errors
 * are printed at most once per second per distinct message.
 */
public final class ConsistencyTester {
    /** What one run counted. */
    public record Totals(long reads, long failedReads, long writes, long failedWrites, long lost, long noack) {
    }

    private final ClusterClient client;
    private final Clock clock;
    private final RandomGenerator random;
    private final PrintStream out;
    private final int workingSet;
    private final int keyspace;
    private final String prefix;
    private final Map<String, Long> acknowledged = new HashMap<>();
    private final Map<String, Long> lastPrinted = new HashMap<>();
    private long reads;
    private long failedReads;
    private long writes;
    private long failedWrites;
    private long lost;
    private long noack;

    public ConsistencyTester(ClusterClient client, Clock clock, RandomGenerator random, PrintStream out,
                             int workingSet, int keyspace, String prefix) {
        this.client = client;
        this.clock = clock;
        this.random = random;
        this.out = out;
        this.workingSet = workingSet;
        this.keyspace = keyspace;
        this.prefix = prefix;
    }

    /** Runs until {@code durationMillis} elapsed (0: forever), sleeping {@code delayMillis} after each pair. */
    public Totals run(long durationMillis, long delayMillis) throws InterruptedException {
        long start = clock.currentTimeMillis();
        long lastReportSecond = start / 1000;
        while (durationMillis <= 0 || clock.currentTimeMillis() - start < durationMillis) {
            step();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            long second = clock.currentTimeMillis() / 1000;
            if (second != lastReportSecond) {
                lastReportSecond = second;
                out.println(report());
            }
        }
        return totals();
    }

    /** One read-check of a random counter, then one INCR of another. */
    public void step() {
        String key = key();
        try {
            RespValue v = client.call("GET", key);
            if (v instanceof RespValue.Error e) {
                throw new IOException(e.text());
            }
            check(key, v instanceof RespValue.Bulk b ? Long.parseLong(b.text()) : 0);
            reads++;
        } catch (IOException | NumberFormatException e) {
            printError("Reading: " + e.getMessage());
            failedReads++;
        }
        key = key();
        try {
            RespValue v = client.call("INCR", key);
            if (!(v instanceof RespValue.Int n)) {
                throw new IOException(v instanceof RespValue.Error e ? e.text() : "unexpected reply " + v);
            }
            acknowledged.put(key, n.value());
            writes++;
        } catch (IOException e) {
            printError("Writing: " + e.getMessage());
            failedWrites++;
        }
    }

    private String key() {
        int range = random.nextDouble() > 0.5 ? keyspace : workingSet;
        return prefix + "key_" + random.nextInt(range);
    }

    private void check(String key, long value) {
        Long expected = acknowledged.get(key);
        if (expected == null) {
            return; // nothing acknowledged yet: no opinion
        }
        if (expected > value) {
            lost += expected - value;
        } else if (expected < value) {
            noack += value - expected;
        }
        acknowledged.put(key, value); // a difference is counted once, not again at every later read
    }

    private void printError(String message) {
        long second = clock.currentTimeMillis() / 1000;
        Long last = lastPrinted.put(message, second);
        if (last == null || last != second) {
            out.println(message);
        }
    }

    /** The per-second line. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(reads).append(" R (").append(failedReads).append(" err) | ");
        sb.append(writes).append(" W (").append(failedWrites).append(" err) | ");
        if (lost > 0) {
            sb.append(lost).append(" lost | ");
        }
        if (noack > 0) {
            sb.append(noack).append(" noack | ");
        }
        return sb.toString();
    }

    public Totals totals() {
        return new Totals(reads, failedReads, writes, failedWrites, lost, noack);
    }
}
