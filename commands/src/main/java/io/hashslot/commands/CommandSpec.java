package io.hashslot.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command or subcommand: the metadata Redis 7.0 reports for it (arity, flags, key specs, documentation
 * structure), its handler, and its call statistics for INFO commandstats.
 */
public final class CommandSpec {
    final String name;
    final String fullName;
    final int arity;
    final long flags;
    final int firstKey;
    final int lastKey;
    final int keyStep;
    final List<KeySpec> keySpecs;
    final Map<String, Object> raw;
    final CommandSpec parent;
    final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    CommandHandler handler;
    KeyFinder keyFinder;

    long calls;
    long microseconds;
    long rejectedCalls;
    long failedCalls;
    /** Latency distribution of calls (created on the first call, as Redis does), or null. */
    LatencyHistogram latencyHistogram;

    CommandSpec(String fullName, int arity, long flags, int firstKey, int lastKey, int keyStep,
                List<KeySpec> keySpecs, Map<String, Object> raw, CommandSpec parent) {
        this.fullName = fullName;
        int bar = fullName.indexOf('|');
        this.name = bar < 0 ? fullName : fullName.substring(bar + 1);
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.keySpecs = keySpecs;
        this.raw = raw;
        this.parent = parent;
    }

    /** The name as COMMAND shows it ("get", or "get" for subcommand "config|get"). */
    public String name() {
        return name;
    }

    /** "config|get" for subcommands, else the name. */
    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public long flags() {
        return flags;
    }

    public boolean has(CommandFlag f) {
        return (flags & f.bit()) != 0;
    }

    public CommandSpec parent() {
        return parent;
    }

    public Map<String, CommandSpec> subcommands() {
        return subcommands;
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    public boolean implemented() {
        return handler != null || subcommands.values().stream().anyMatch(CommandSpec::implemented);
    }

    public Map<String, Object> raw() {
        return raw;
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    public long calls() {
        return calls;
    }

    public long microseconds() {
        return microseconds;
    }

    public long rejectedCalls() {
        return rejectedCalls;
    }

    /** Counts a failure reported after the call returned (a busy script that ended with an error). */
    public void addLateFailure() {
        failedCalls++;
    }

    public long failedCalls() {
        return failedCalls;
    }

    /** Counts a call refused before it ran (rejected_calls), e.g. by a script's checks. */
    public void countRejected() {
        rejectedCalls++;
    }

    /** The latency distribution of this command's calls, or null when it was not called since the last reset. */
    public LatencyHistogram latencyHistogram() {
        return latencyHistogram;
    }

    void recordLatency(long nanos) {
        if (latencyHistogram == null) {
            latencyHistogram = new LatencyHistogram();
        }
        latencyHistogram.record(nanos);
    }

    public void resetStats() {
        latencyHistogram = null;
        calls = 0;
        microseconds = 0;
        rejectedCalls = 0;
        failedCalls = 0;
        for (CommandSpec s : subcommands.values()) {
            s.resetStats();
        }
    }

    @Override
    public String toString() {
        return fullName;
    }
}
