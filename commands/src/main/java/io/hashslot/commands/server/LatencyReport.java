package io.hashslot.commands.server;

import io.hashslot.commands.LatencyMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human readable LATENCY DOCTOR report and LATENCY GRAPH drawing (our own wording and drawing). */
final class LatencyReport {
    private static final int GRAPH_COLUMNS = 80;
    private static final int GRAPH_ROWS = 4;

    private LatencyReport() {
    }

    static String doctor(LatencyMonitor monitor, long thresholdMs) {
        Map<String, LatencyMonitor.Series> events = monitor.events();
        if (events.isEmpty() && thresholdMs == 0) {
            return "Latency monitoring is disabled on this node, so there is nothing to analyze. Enable it with "
                + "\"CONFIG SET latency-monitor-threshold <milliseconds>\".\n";
        }
        if (events.isEmpty()) {
            return "No latency spike above " + thresholdMs + " ms has been recorded so far.\n";
        }
        StringBuilder sb = new StringBuilder("Latency spikes were recorded for the following events:\n\n");
        int n = 0;
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            List<LatencyMonitor.Sample> samples = new ArrayList<>(e.getValue().samples());
            long sum = 0;
            long first = Long.MAX_VALUE;
            long last = 0;
            for (LatencyMonitor.Sample s : samples) {
                sum += s.latencyMs();
                first = Math.min(first, s.time());
                last = Math.max(last, s.time());
            }
            long avg = samples.isEmpty() ? 0 : sum / samples.size();
            long deviation = 0;
            for (LatencyMonitor.Sample s : samples) {
                deviation += Math.abs(s.latencyMs() - avg);
            }
            deviation = samples.isEmpty() ? 0 : deviation / samples.size();
            double period = samples.isEmpty() ? 0 : (double) (last - first) / samples.size();
            sb.append(++n).append(". ").append(e.getKey()).append(": ").append(samples.size())
                .append(" spikes, average ").append(avg).append(" ms, mean deviation ").append(deviation)
                .append(" ms, one every ").append(String.format(Locale.ROOT, "%.2f", period))
                .append(" s; worst ever ").append(e.getValue().max()).append(" ms.\n");
        }
        sb.append("\nSlow commands show up in SLOWLOG GET; the spikes of an event can be listed with "
            + "LATENCY HISTORY <event> and drawn with LATENCY GRAPH <event>.\n");
        return sb.toString();
    }

    static String graph(String event, LatencyMonitor.Series series, long nowSeconds) {
        List<LatencyMonitor.Sample> samples = new ArrayList<>(series.samples());
        long min = Long.MAX_VALUE;
        long max = 0;
        for (LatencyMonitor.Sample s : samples) {
            min = Math.min(min, s.latencyMs());
            max = Math.max(max, s.latencyMs());
        }
        if (samples.isEmpty()) {
            min = 0;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
            .append(" ms (all time high ").append(series.max()).append(" ms)\n");
        sb.append("-".repeat(GRAPH_COLUMNS)).append('\n');
        for (int from = 0; from < samples.size(); from += GRAPH_COLUMNS) {
            List<LatencyMonitor.Sample> part = samples.subList(from, Math.min(samples.size(), from + GRAPH_COLUMNS));
            if (from > 0) {
                sb.append('\n');
            }
            for (int row = GRAPH_ROWS; row >= 1; row--) {
                for (LatencyMonitor.Sample s : part) {
                    long height = max == min ? GRAPH_ROWS
                        : 1 + Math.round((double) (s.latencyMs() - min) * (GRAPH_ROWS - 1) / (max - min));
                    sb.append(height >= row ? '#' : ' ');
                }
                sb.append('\n');
            }
            // one label row per character of the "how long ago" labels, written vertically
            List<String> labels = new ArrayList<>();
            int longest = 0;
            for (LatencyMonitor.Sample s : part) {
                String l = ago(nowSeconds - s.time());
                labels.add(l);
                longest = Math.max(longest, l.length());
            }
            for (int i = 0; i < longest; i++) {
                for (String l : labels) {
                    sb.append(i < l.length() ? l.charAt(i) : ' ');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String ago(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        } else if (seconds < 3600) {
            return seconds / 60 + "m";
        } else if (seconds < 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
