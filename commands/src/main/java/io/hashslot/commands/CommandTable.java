package io.hashslot.commands;

import io.hashslot.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command table: metadata for every Redis 7.0 command, loaded from command-table.json (captured from a real
 * redis-server by dev/capture-command-table.py), with handlers registered explicitly by each command family.
 * Only commands with a handler are visible to clients (lookup, COMMAND).
 */
public final class CommandTable {
    private final Map<String, CommandSpec> all = new LinkedHashMap<>();
    /** Implemented top-level commands by lower-case name, for lookup; rename-command edits this. */
    private final Map<String, CommandSpec> visible = new LinkedHashMap<>();
    private final NameIndex index = new NameIndex();

    public CommandTable() {
        load();
    }

    @SuppressWarnings("unchecked")
    private void load() {
        String json;
        try (InputStream in = CommandTable.class.getResourceAsStream("command-table.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Object o : (List<Object>) Json.parse(json)) {
            CommandSpec spec = build((Map<String, Object>) o, null);
            all.put(spec.fullName, spec);
        }
    }

    @SuppressWarnings("unchecked")
    private static CommandSpec build(Map<String, Object> m, CommandSpec parent) {
        long flags = 0;
        for (Object f : (List<Object>) m.get("flags")) {
            flags |= CommandFlag.fromWire((String) f).bit();
        }
        List<KeySpec> specs = new ArrayList<>();
        for (Object ks : (List<Object>) m.get("key_specs")) {
            specs.add(new KeySpec((Map<String, Object>) ks));
        }
        CommandSpec spec = new CommandSpec((String) m.get("name"), ((Number) m.get("arity")).intValue(), flags,
            ((Number) m.get("first")).intValue(), ((Number) m.get("last")).intValue(),
            ((Number) m.get("step")).intValue(), List.copyOf(specs), m, parent);
        Object subs = m.get("subcommands");
        if (subs != null) {
            for (Object s : (List<Object>) subs) {
                CommandSpec sub = build((Map<String, Object>) s, spec);
                spec.subcommands.put(sub.name, sub);
            }
        }
        return spec;
    }

    /** Registers the handler of a command or subcommand ("config|get"). */
    public void register(String fullName, CommandHandler handler) {
        CommandSpec spec = spec(fullName);
        if (spec == null) {
            throw new IllegalArgumentException("no such command in the table: " + fullName);
        }
        spec.handler = handler;
        CommandSpec top = spec.parent == null ? spec : spec.parent;
        if (!visible.containsKey(top.name)) {
            visible.put(top.name, top);
            index.put(top.name, top);
        }
    }

    /** Registers a key finder for a command whose key specs are incomplete. */
    public void registerKeyFinder(String fullName, KeyFinder finder) {
        spec(fullName).keyFinder = finder;
    }

    /** Metadata of any Redis command, implemented or not ("config|get" for subcommands). */
    public CommandSpec spec(String fullName) {
        String n = fullName.toLowerCase(Locale.ROOT);
        int bar = n.indexOf('|');
        if (bar < 0) {
            return all.get(n);
        }
        CommandSpec parent = all.get(n.substring(0, bar));
        return parent == null ? null : parent.subcommands.get(n.substring(bar + 1));
    }

    /** The implemented top-level command named by argv[0], or null. */
    public CommandSpec lookupTop(byte[] name) {
        return index.get(name);
    }

    /**
     * Resolves argv to a command or subcommand, as lookupCommand does: for containers, argv[1] names the
     * subcommand; returns the container itself when there is no argv[1], or null for an unknown subcommand.
     */
    public CommandSpec lookup(byte[][] argv) {
        CommandSpec top = index.get(argv[0]);
        if (top == null || !top.isContainer() || argv.length == 1) {
            return top;
        }
        CommandSpec sub = top.subcommands.get(new String(argv[1], StandardCharsets.ISO_8859_1)
            .toLowerCase(Locale.ROOT));
        return sub != null && sub.handler != null ? sub : null;
    }

    public Collection<CommandSpec> implemented() {
        return visible.values();
    }

    public int implementedCount() {
        return visible.size();
    }

    /** rename-command: moves a command to a new name, or removes it when the new name is empty. */
    public boolean rename(String from, String to) {
        CommandSpec spec = visible.remove(from.toLowerCase(Locale.ROOT));
        if (spec == null) {
            return false;
        }
        index.remove(from.toLowerCase(Locale.ROOT));
        if (!to.isEmpty()) {
            visible.put(to.toLowerCase(Locale.ROOT), spec);
            index.put(to.toLowerCase(Locale.ROOT), spec);
        }
        return true;
    }

    public void resetStats() {
        for (CommandSpec s : all.values()) {
            s.resetStats();
        }
    }

    /** Argument positions of the keys of a call, or null when the arguments don't fit the key specs. */
    public static int[] keyPositions(CommandSpec cmd, byte[][] argv) {
        if (cmd.keyFinder != null) {
            return cmd.keyFinder.keys(argv);
        }
        return KeyPositions.fromSpecs(cmd, argv);
    }
}
