package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.LatencyHistogram;
import io.hashslot.commands.ServerContext;
import io.hashslot.store.Db;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * INFO [section ...]: the sections of Redis 7.0 in its order and with its field names. Sections are chosen as
 * Redis does: no argument or "default" means the default sections, "all" and "everything" mean every section,
 * names are case-insensitive and unknown names add nothing.
 */
final class InfoCommand {
    static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
        "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace");

    private final ServerContext server;
    private final InfoSections sections;

    InfoCommand(ServerContext server, String replId) {
        this.server = server;
        this.sections = new InfoSections(server, replId);
    }

    void register(CommandTable t) {
        t.register("info", (c, argv) -> c.reply().verbatim(generate(argv), "txt"));
    }

    /** The INFO text for the arguments of an INFO command (argv[0] is the command name). */
    String generate(byte[][] argv) {
        Set<String> wanted = new HashSet<>();
        boolean all = false;
        if (argv.length == 1) {
            wanted.addAll(DEFAULT_SECTIONS);
        }
        for (int i = 1; i < argv.length; i++) {
            String s = Args.text(argv[i]).toLowerCase(Locale.ROOT);
            switch (s) {
                case "default" -> wanted.addAll(DEFAULT_SECTIONS);
                case "all", "everything" -> all = true;
                default -> wanted.add(s);
            }
        }
        List<String> out = new ArrayList<>();
        if (all || wanted.contains("server")) {
            out.add(sections.server());
        }
        if (all || wanted.contains("clients")) {
            out.add(sections.clients());
        }
        if (all || wanted.contains("memory")) {
            out.add(sections.memory());
        }
        if (all || wanted.contains("persistence")) {
            out.add(sections.persistence());
        }
        if (all || wanted.contains("stats")) {
            out.add(sections.stats());
        }
        if (all || wanted.contains("replication")) {
            out.add(sections.replication());
        }
        if (all || wanted.contains("cpu")) {
            out.add(sections.cpu());
        }
        if (all || wanted.contains("module_list") || wanted.contains("modules")) {
            out.add("# Modules\r\n");
        }
        if (all || wanted.contains("commandstats")) {
            out.add(commandStats());
        }
        if (all || wanted.contains("errorstats")) {
            out.add(errorStats());
        }
        if (all || wanted.contains("latencystats")) {
            out.add(latencyStats());
        }
        if (all || wanted.contains("cluster")) {
            out.add("# Cluster\r\ncluster_enabled:" + (server.config().getBool("cluster-enabled") ? 1 : 0) + "\r\n");
        }
        if (all || wanted.contains("keyspace")) {
            out.add(keyspace());
        }
        return String.join("\r\n", out);
    }

    /** Characters INFO cannot carry in names (getSafeInfoString). */
    static String safe(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            sb.append(ch == '#' || ch == ':' || ch == '\n' || ch == '\r' ? '_' : ch);
        }
        return sb.toString();
    }

    private List<CommandSpec> commandsWithSubcommands() {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandSpec top : server.commands().implemented()) {
            all.add(top);
            all.addAll(top.subcommands().values());
        }
        return all;
    }

    private String commandStats() {
        StringBuilder sb = new StringBuilder("# Commandstats\r\n");
        for (CommandSpec cmd : commandsWithSubcommands()) {
            if (cmd.calls() == 0 && cmd.failedCalls() == 0 && cmd.rejectedCalls() == 0) {
                continue;
            }
            float perCall = cmd.calls() == 0 ? 0 : (float) cmd.microseconds() / cmd.calls();
            sb.append("cmdstat_").append(safe(cmd.fullName())).append(":calls=").append(cmd.calls())
                .append(",usec=").append(cmd.microseconds())
                .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", (double) perCall))
                .append(",rejected_calls=").append(cmd.rejectedCalls())
                .append(",failed_calls=").append(cmd.failedCalls()).append("\r\n");
        }
        return sb.toString();
    }

    private String errorStats() {
        StringBuilder sb = new StringBuilder("# Errorstats\r\n");
        for (Map.Entry<String, Long> e : server.stats().errors().entrySet()) {
            sb.append("errorstat_").append(safe(e.getKey())).append(":count=").append(e.getValue()).append("\r\n");
        }
        return sb.toString();
    }

    private String latencyStats() {
        StringBuilder sb = new StringBuilder("# Latencystats\r\n");
        if (!server.config().getBool("latency-tracking")) {
            return sb.toString();
        }
        @SuppressWarnings("unchecked")
        List<Double> percentiles = (List<Double>) server.config().value("latency-tracking-info-percentiles");
        for (CommandSpec cmd : commandsWithSubcommands()) {
            LatencyHistogram h = cmd.latencyHistogram();
            if (h == null) {
                continue;
            }
            sb.append("latency_percentiles_usec_").append(safe(cmd.fullName())).append(':');
            for (int i = 0; i < percentiles.size(); i++) {
                double p = percentiles.get(i);
                sb.append('p').append(trimDouble(String.format(Locale.ROOT, "%f", p))).append('=')
                    .append(String.format(Locale.ROOT, "%.3f", h.valueAtPercentile(p) / 1000.0));
                if (i != percentiles.size() - 1) {
                    sb.append(',');
                }
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    /** trimDoubleString: drops trailing zeros after the decimal point, and the point itself. */
    static String trimDouble(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--;
        }
        if (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    private String keyspace() {
        StringBuilder sb = new StringBuilder("# Keyspace\r\n");
        for (int j = 0; j < server.keyspace().databases(); j++) {
            Db db = server.keyspace().db(j);
            if (db.size() > 0 || db.expiringCount() > 0) {
                sb.append("db").append(j).append(":keys=").append(db.size()).append(",expires=")
                    .append(db.expiringCount()).append(",avg_ttl=").append(db.avgTtl()).append("\r\n");
            }
        }
        return sb.toString();
    }
}
