package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.LatencyHistogram;
import io.hashslot.commands.LatencyMonitor;
import io.hashslot.commands.ServerContext;
import io.hashslot.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR / HISTOGRAM / HELP. */
final class LatencyCommand {
    private final ServerContext server;

    LatencyCommand(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("latency|latest", this::latest);
        t.register("latency|history", this::history);
        t.register("latency|reset", this::reset);
        t.register("latency|graph", this::graph);
        t.register("latency|doctor", (c, argv) -> c.reply().verbatim(
            LatencyReport.doctor(server.latency(), server.config().getLong("latency-monitor-threshold")), "txt"));
        t.register("latency|histogram", this::histogram);
        t.register("latency|help", (c, argv) -> Help.reply(c, argv,
            "DOCTOR",
            "    Show a human readable analysis of the latency events.",
            "GRAPH <event>",
            "    Draw the recent samples of the <event> class as ASCII art.",
            "HISTORY <event>",
            "    List the time and latency of the recent samples of the <event> class.",
            "LATEST",
            "    List the latest sample of every event class.",
            "RESET [<event> ...]",
            "    Forget the samples of the named event classes",
            "    (all of them when none is named).",
            "HISTOGRAM [COMMAND ...]",
            "    Show the cumulative latency distribution of the named commands,",
            "    or of every command that has one when none is named."));
    }

    private void latest(Client c, byte[][] argv) {
        Reply r = c.reply();
        Map<String, LatencyMonitor.Series> events = server.latency().events();
        r.array(events.size());
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            LatencyMonitor.Sample last = e.getValue().samples().peekLast();
            r.array(4);
            r.bulk(e.getKey());
            r.integer(last == null ? 0 : last.time());
            r.integer(last == null ? 0 : last.latencyMs());
            r.integer(e.getValue().max());
        }
    }

    private void history(Client c, byte[][] argv) {
        Reply r = c.reply();
        LatencyMonitor.Series s = server.latency().events().get(Args.text(argv[2]));
        if (s == null) {
            r.array(0);
            return;
        }
        r.array(s.samples().size());
        for (LatencyMonitor.Sample sample : s.samples()) {
            r.array(2);
            r.integer(sample.time());
            r.integer(sample.latencyMs());
        }
    }

    private void reset(Client c, byte[][] argv) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < argv.length; i++) {
            names.add(Args.text(argv[i]));
        }
        c.reply().integer(server.latency().reset(names));
    }

    private void graph(Client c, byte[][] argv) {
        String event = Args.text(argv[2]);
        LatencyMonitor.Series s = server.latency().events().get(event);
        if (s == null) {
            c.error("ERR No samples available for event '" + event + "'");
            return;
        }
        c.reply().verbatim(LatencyReport.graph(event, s, server.clock().currentTimeMillis() / 1000), "txt");
    }

    private void histogram(Client c, byte[][] argv) {
        Reply r = c.reply();
        List<CommandSpec> chosen = new ArrayList<>();
        if (argv.length == 2) {
            for (CommandSpec top : server.commands().implemented()) {
                addWithSubcommands(chosen, top);
            }
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec cmd = server.commands().spec(Args.text(argv[i]));
                if (cmd == null || !cmd.implemented()) {
                    continue;
                }
                addWithSubcommands(chosen, cmd);
            }
        }
        r.map(chosen.size());
        for (CommandSpec cmd : chosen) {
            r.bulk(cmd.fullName());
            histogramOf(r, cmd.latencyHistogram());
        }
    }

    private static void addWithSubcommands(List<CommandSpec> out, CommandSpec cmd) {
        if (cmd.latencyHistogram() != null) {
            out.add(cmd);
        }
        for (CommandSpec sub : cmd.subcommands().values()) {
            if (sub.latencyHistogram() != null) {
                out.add(sub);
            }
        }
    }

    /** fillCommandCDF: calls, then the cumulative counts at logarithmic latency steps from 1 microsecond. */
    private static void histogramOf(Reply r, LatencyHistogram h) {
        r.map(2);
        r.bulk("calls");
        r.integer(h.totalCount());
        r.bulk("histogram_usec");
        List<long[]> steps = new ArrayList<>();
        long[] previous = {0};
        h.logBuckets(1024, 2, (highest, cumulative) -> {
            if (cumulative > previous[0]) {
                steps.add(new long[] {highest / 1000, cumulative});
            }
            previous[0] = cumulative;
        });
        r.map(steps.size());
        for (long[] s : steps) {
            r.integer(s[0]);
            r.integer(s[1]);
        }
    }
}
