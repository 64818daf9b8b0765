package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Glob;
import io.hashslot.common.config.ConfigException;
import io.hashslot.common.config.ConfigFlag;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.common.config.Directive;
import io.hashslot.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP with Redis 7.0's semantics: GET takes several names or glob
 * patterns (matched against names and aliases, hidden directives only by exact name); SET takes several
 * name/value pairs and applies all of them or none, with Redis's error messages.
 */
final class ConfigCommand {
    static final String REDACTED = "(redacted)";
    private static final int MIN_HZ = 1;
    private static final int MAX_HZ = 500;

    private final ServerContext server;

    /** Redis's CONFIG_REPL_BACKLOG_MIN_SIZE: smaller backlog sizes are raised to it when applied. */
    static final long MIN_BACKLOG = 16 * 1024;
    static final String TLS_ERROR = "Unable to update TLS configuration. Check server logs.";

    ConfigCommand(ServerContext server) {
        this.server = server;
        // Hashslot has no TLS: turning it on fails the way Redis fails without certificates configured
        server.config().setApplyHook("tls-port", v -> refuseTls((Long) v != 0));
        server.config().setApplyHook("tls-cluster", v -> refuseTls((Boolean) v));
        server.config().setApplyHook("tls-replication", v -> refuseTls((Boolean) v));
    }

    private void refuseTls(boolean enabling) throws ConfigException {
        if (enabling) {
            server.log().warning("Failed to configure TLS: this server does not support TLS");
            throw new ConfigException(TLS_ERROR);
        }
    }

    void register(CommandTable t) {
        t.register("config|get", this::get);
        t.register("config|set", this::set);
        t.register("config|resetstat", (c, argv) -> {
            resetStats();
            c.reply().ok();
        });
        t.register("config|rewrite", (c, argv) -> {
            String err = server.hooks().rewriteConfig();
            if (err != null) {
                c.error(err);
            } else {
                c.reply().ok();
            }
        });
        t.register("config|help", (c, argv) -> Help.reply(c, argv,
            "GET <pattern>",
            "    Show the directives whose names match the glob-style <pattern>, with their values.",
            "SET <directive> <value>",
            "    Change <directive> to <value>.",
            "RESETSTAT",
            "    Clear the statistics that INFO reports.",
            "REWRITE",
            "    Write the running configuration back to the config file."));
    }

    /** CONFIG RESETSTAT: server counters, per-command statistics and latency histograms, error counts. */
    void resetStats() {
        server.stats().reset(server.keyspace().expiredKeys());
        server.commands().resetStats();
    }

    private static boolean isPattern(String s) {
        return s.indexOf('[') >= 0 || s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    private void get(Client c, byte[][] argv) {
        ConfigStore config = server.config();
        Map<String, Directive> names = config.names();
        // keys compared case-insensitively, reported as found
        Map<String, String> shown = new LinkedHashMap<>();
        Map<String, Directive> matches = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i++) {
            String arg = Args.text(argv[i]);
            if (!isPattern(arg)) {
                String key = arg.toLowerCase(Locale.ROOT);
                if (shown.containsKey(key)) {
                    continue;
                }
                Directive d = names.get(key);
                if (d != null) {
                    shown.put(key, arg);
                    matches.put(key, d);
                }
                continue;
            }
            for (Directive d : config.directives()) {
                if (d.has(ConfigFlag.HIDDEN)) {
                    continue;
                }
                List<String> entries = new ArrayList<>();
                entries.add(d.name());
                entries.addAll(d.aliases());
                for (String name : entries) {
                    if (shown.containsKey(name)) {
                        continue;
                    }
                    if (Glob.matches(argv[i], name.getBytes(StandardCharsets.ISO_8859_1), true)) {
                        shown.put(name, name);
                        matches.put(name, d);
                    }
                }
            }
        }
        Reply r = c.reply();
        r.map(matches.size());
        for (Map.Entry<String, Directive> e : matches.entrySet()) {
            r.bulk(shown.get(e.getKey()));
            r.bulk(config.format(e.getValue()));
        }
    }

    /** sdssplitlen(value, " "): split on every single space; an empty value gives no arguments. */
    static List<String> splitOnSpaces(String value) {
        List<String> out = new ArrayList<>();
        if (value.isEmpty()) {
            return out;
        }
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == ' ') {
                out.add(value.substring(start, i));
                start = i + 1;
            }
        }
        out.add(value.substring(start));
        return out;
    }

    private boolean protectedAllowed(Client c) {
        String v = server.config().getString("enable-protected-configs");
        return v.equals("yes") || (v.equals("local") && c.connection().isLocal());
    }

    private void set(Client c, byte[][] argv) {
        if ((argv.length & 1) != 0) {
            c.error(Errors.SYNTAX);
            return;
        }
        int count = (argv.length - 2) / 2;
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = Args.text(argv[3 + i * 2]);
        }
        List<Integer> sensitive = new ArrayList<>();
        try {
            set(c, argv, values, sensitive);
        } finally {
            // slow log and MONITOR, which read argv after the command, must not see secrets
            for (int i : sensitive) {
                argv[3 + i * 2] = Args.bytes(REDACTED);
            }
        }
    }

    private void set(Client c, byte[][] argv, String[] values, List<Integer> sensitive) {
        ConfigStore config = server.config();
        int count = values.length;
        Directive[] directives = new Directive[count];
        String[] entryNames = new String[count];
        String unknown = null;
        String errorArg = null;
        String error = null;
        boolean invalid = false;
        for (int i = 0; i < count; i++) {
            String typed = Args.text(argv[2 + i * 2]);
            String key = typed.toLowerCase(Locale.ROOT);
            Directive d = config.names().get(key);
            if (d == null) {
                if (!invalid) {
                    unknown = typed;
                    invalid = true;
                }
                continue;
            }
            if (d.has(ConfigFlag.SENSITIVE)) {
                sensitive.add(i);
            }
            if (invalid) {
                continue;
            }
            if (d.has(ConfigFlag.IMMUTABLE) || (d.has(ConfigFlag.PROTECTED) && !protectedAllowed(c))) {
                error = d.has(ConfigFlag.IMMUTABLE) ? "can't set immutable config" : "can't set protected config";
                errorArg = typed;
                invalid = true;
                continue;
            }
            for (int j = 0; j < i; j++) {
                if (key.equals(entryNames[j])) {
                    error = "duplicate parameter";
                    errorArg = typed;
                    invalid = true;
                    break;
                }
            }
            directives[i] = d;
            entryNames[i] = key;
        }
        if (invalid) {
            fail(c, unknown, errorArg, error);
            return;
        }
        Object[] parsed = new Object[count];
        for (int i = 0; i < count; i++) {
            try {
                parsed[i] = parse(directives[i], values[i]);
            } catch (ConfigException e) {
                fail(c, null, entryNames[i], e.getMessage());
                return;
            }
        }
        Object[] old = new Object[count];
        boolean[] changed = new boolean[count];
        for (int i = 0; i < count; i++) {
            old[i] = config.value(directives[i]);
        }
        for (int i = 0; i < count; i++) {
            try {
                changed[i] = config.set(directives[i], parsed[i]);
                if (changed[i]) {
                    adjustApplied(directives[i]);
                }
            } catch (ConfigException e) {
                server.log().warning("Failed applying new configuration. Possibly related to new "
                    + entryNames[i] + " setting. Restoring previous settings.");
                for (int j = i - 1; j >= 0; j--) {
                    if (changed[j]) {
                        try {
                            config.set(directives[j], old[j]);
                        } catch (ConfigException again) {
                            server.log().warning("Failed applying restored failed CONFIG SET command: "
                                + again.getMessage());
                        }
                    }
                }
                fail(c, null, entryNames[i], e.getMessage());
                return;
            }
        }
        c.reply().ok();
    }

    private Object parse(Directive d, String value) throws ConfigException {
        if (d.name().equals("dir")) {
            return changeDir(value);
        }
        List<String> args = d.has(ConfigFlag.MULTI_ARG) ? splitOnSpaces(value) : List.of(value);
        return d.type().parse(args, server.config().value(d));
    }

    /** Redis chdir()s; Hashslot keeps the absolute directory that relative file names resolve against. */
    private String changeDir(String value) throws ConfigException {
        Path current = Path.of(server.config().getString("dir"));
        Path p = current.resolve(value).normalize();
        if (!Files.exists(p)) {
            throw new ConfigException("No such file or directory");
        }
        if (!Files.isDirectory(p)) {
            throw new ConfigException("Not a directory");
        }
        if (!Files.isExecutable(p)) {
            throw new ConfigException("Permission denied");
        }
        return p.toAbsolutePath().toString();
    }

    /** What Redis's apply functions do to some values: hz, the backlog size and the watchdog period are bounded. */
    private void adjustApplied(Directive d) {
        ConfigStore config = server.config();
        long v;
        switch (d.name()) {
            case "hz" -> {
                v = (Long) config.value(d);
                if (v < MIN_HZ || v > MAX_HZ) {
                    config.setQuietly(d, Math.max(MIN_HZ, Math.min(MAX_HZ, v)));
                }
            }
            case "repl-backlog-size" -> {
                v = (Long) config.value(d);
                if (v < MIN_BACKLOG) {
                    config.setQuietly(d, MIN_BACKLOG);
                }
            }
            case "watchdog-period" -> {
                v = (Long) config.value(d);
                long min = (1000L / Math.max(1, config.getLong("hz"))) * 2;
                if (v != 0 && v < min) {
                    config.setQuietly(d, min);
                }
            }
            default -> { }
        }
    }

    private static void fail(Client c, String unknown, String arg, String error) {
        if (unknown != null) {
            c.error("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'");
        } else if (error != null) {
            c.error("ERR CONFIG SET failed (possibly related to argument '" + arg + "') - " + error);
        } else {
            c.error("ERR CONFIG SET failed (possibly related to argument '" + arg + "')");
        }
    }
}
