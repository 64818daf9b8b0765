package io.hashslot.commands;

import java.util.Map;
import java.util.TreeMap;

/** Node-wide counters behind INFO stats and INFO errorstats. */
public final class Stats {
    public long connectionsReceived;
    /** Full and partial resynchronizations served (INFO sync_full, sync_partial_ok, sync_partial_err). */
    public long syncFull;
    public long syncPartialOk;
    public long syncPartialErr;
    public long commandsProcessed;
    public long rejectedConnections;
    public long netInputBytes;
    public long netOutputBytes;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long evictedKeys;
    public long expiredKeysAtReset;
    public long readsProcessed;
    public long writesProcessed;
    public long errorReplies;
    public long unexpectedErrorReplies;
    public long clientQueryBufferLimitDisconnections;
    public long clientOutputBufferLimitDisconnections;
    /** Errors by code (the first word of the message), as errorstat_CODE:count=N. */
    private final Map<String, Long> errors = new TreeMap<>();

    /** Rolling samples for instantaneous_ops_per_sec and friends. */
    private final long[] opsSamples = new long[16];
    private final long[] inSamples = new long[16];
    private final long[] outSamples = new long[16];
    private int sampleIndex;
    private long lastSampleTime;
    private long lastOps;
    private long lastIn;
    private long lastOut;

    public void countError(String message) {
        errorReplies++;
        // the code is the first word when a space comes within Redis's 32-byte window ("-" included), else ERR
        int sp = message.indexOf(' ');
        String code = sp < 0 || sp > 30 ? "ERR" : message.substring(0, sp);
        if (errors.size() >= 128 && !errors.containsKey(code)) {
            return; // Redis caps the number of distinct error codes it tracks
        }
        errors.merge(code, 1L, Long::sum);
    }

    public Map<String, Long> errors() {
        return errors;
    }

    public void resetErrors() {
        errors.clear();
        errorReplies = 0;
    }

    /** Called by the cron (about every 100 ms) to sample rates. */
    public void sample(long nowMillis) {
        if (lastSampleTime == 0) {
            lastSampleTime = nowMillis;
            lastOps = commandsProcessed;
            lastIn = netInputBytes;
            lastOut = netOutputBytes;
            return;
        }
        long dt = nowMillis - lastSampleTime;
        if (dt <= 0) {
            return;
        }
        opsSamples[sampleIndex] = (commandsProcessed - lastOps) * 1000 / dt;
        inSamples[sampleIndex] = (netInputBytes - lastIn) * 1000 / dt;
        outSamples[sampleIndex] = (netOutputBytes - lastOut) * 1000 / dt;
        sampleIndex = (sampleIndex + 1) % opsSamples.length;
        lastSampleTime = nowMillis;
        lastOps = commandsProcessed;
        lastIn = netInputBytes;
        lastOut = netOutputBytes;
    }

    private static long avg(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s / a.length;
    }

    public long instantaneousOps() {
        return avg(opsSamples);
    }

    public double instantaneousInputKbps() {
        return avg(inSamples) / 1024.0;
    }

    public double instantaneousOutputKbps() {
        return avg(outSamples) / 1024.0;
    }

    /** CONFIG RESETSTAT. */
    public void reset(long expiredKeysNow) {
        connectionsReceived = 0;
        commandsProcessed = 0;
        rejectedConnections = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        keyspaceHits = 0;
        keyspaceMisses = 0;
        evictedKeys = 0;
        expiredKeysAtReset = expiredKeysNow;
        readsProcessed = 0;
        writesProcessed = 0;
        unexpectedErrorReplies = 0;
        clientQueryBufferLimitDisconnections = 0;
        clientOutputBufferLimitDisconnections = 0;
        resetErrors();
    }
}
