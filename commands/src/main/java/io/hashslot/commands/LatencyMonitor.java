package io.hashslot.commands;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** LATENCY monitor: per event, the latest samples (one per second) and the all-time maximum. */
public final class LatencyMonitor {
    /** Samples kept per event, as Redis's LATENCY_TS_LEN. */
    static final int SAMPLES = 160;

    /** One latency spike: unix seconds and milliseconds. */
    public record Sample(long time, long latencyMs) {
    }

    /** Samples and the maximum of one event. */
    public static final class Series {
        final Deque<Sample> samples = new ArrayDeque<>();
        long max;

        public Deque<Sample> samples() {
            return samples;
        }

        public long max() {
            return max;
        }
    }

    private final Map<String, Series> events = new LinkedHashMap<>();

    /** Records a latency (ms) for an event if it reached the threshold; thresholds of 0 disable monitoring. */
    public void add(String event, long latencyMs, long thresholdMs, long nowSeconds) {
        if (thresholdMs <= 0 || latencyMs < thresholdMs) {
            return;
        }
        Series s = events.computeIfAbsent(event, k -> new Series());
        Sample last = s.samples.peekLast();
        if (last != null && last.time() == nowSeconds) {
            s.samples.removeLast();
            latencyMs = Math.max(latencyMs, last.latencyMs());
        }
        s.samples.addLast(new Sample(nowSeconds, latencyMs));
        while (s.samples.size() > SAMPLES) {
            s.samples.removeFirst();
        }
        s.max = Math.max(s.max, latencyMs);
    }

    public Map<String, Series> events() {
        return events;
    }

    /** LATENCY RESET: returns how many events were reset. */
    public int reset(java.util.Collection<String> names) {
        if (names.isEmpty()) {
            int n = events.size();
            events.clear();
            return n;
        }
        int n = 0;
        for (String e : names) {
            if (events.remove(e) != null) {
                n++;
            }
        }
        return n;
    }
}
