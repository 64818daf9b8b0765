package io.hashslot.common.config;

import io.hashslot.common.ArgSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The configuration of one node: the current value of every directive, keyed by canonical name, with lookup by
 * alias, change listeners, and apply hooks that may refuse a value (CONFIG SET port on a busy port). Not
 * thread-safe; owned by the node's execution thread after startup.
 */
public final class ConfigStore {
    /** Called when a value changes; may refuse it (the old value is then restored). */
    public interface ApplyHook {
        void apply(Object newValue) throws ConfigException;
    }

    private final Map<String, Directive> byName = new HashMap<>();
    private final Map<Directive, Object> values = new LinkedHashMap<>();
    private final Map<Directive, List<Consumer<Object>>> listeners = new HashMap<>();
    private final Map<Directive, ApplyHook> hooks = new HashMap<>();

    public ConfigStore() {
        this(Directives.ALL);
    }

    public ConfigStore(List<Directive> directives) {
        for (Directive d : directives) {
            byName.put(d.name(), d);
            for (String a : d.aliases()) {
                byName.put(a, d);
            }
            try {
                values.put(d, parseText(d, d.defaultText()));

            } catch (ConfigException e) {
                throw new IllegalStateException("bad default for " + d.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Object parseText(Directive d, String text) throws ConfigException {
        List<String> args = new ArrayList<>();
        if (d.has(ConfigFlag.MULTI_ARG) && !text.isEmpty()) {
            List<byte[]> split = ArgSplitter.split(text.getBytes(StandardCharsets.UTF_8));
            for (byte[] b : split) {
                args.add(new String(b, StandardCharsets.UTF_8));
            }
        } else {
            args.add(text);
        }
        return d.type().parse(args);
    }

    /** The directive named {@code nameOrAlias} (case-insensitive), or null. */
    public Directive directive(String nameOrAlias) {
        Directive d = byName.get(nameOrAlias);
        if (d != null) {
            return d;
        }
        String n = nameOrAlias.toLowerCase(Locale.ROOT);
        d = byName.get(n);
        if (d == null) {
            for (String[] legacy : Directives.LEGACY_ALIASES) {
                if (legacy[0].equals(n)) {
                    return byName.get(legacy[1]);
                }
            }
        }
        return d;
    }

    /** Every name CONFIG GET can match: canonical names and aliases, each with its directive. */
    public Map<String, Directive> names() {
        return byName;
    }

    public Collection<Directive> directives() {
        return values.keySet();
    }

    public Object value(Directive d) {
        return values.get(d);
    }

    public Object value(String name) {
        Directive d = directive(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown directive " + name);
        }
        return values.get(d);
    }

    public boolean getBool(String name) {
        return (Boolean) value(name);
    }

    public long getLong(String name) {
        return (Long) value(name);
    }

    public int getInt(String name) {
        return (int) getLong(name);
    }

    public String getString(String name) {
        Object v = value(name);
        return v == null ? null : v.toString();
    }

    /** CONFIG GET's text for a directive. */
    public String format(Directive d) {
        return d.type().format(values.get(d));
    }

    /** Parses arguments for a directive without changing anything. */
    public Object parse(Directive d, List<String> args) throws ConfigException {
        if (d.has(ConfigFlag.MULTI_ARG) && args.size() == 1 && !args.get(0).isEmpty()) {
            List<String> split = new ArrayList<>();
            List<byte[]> parts = ArgSplitter.split(args.get(0).getBytes(StandardCharsets.UTF_8));
            if (parts == null) {
                throw new ConfigException("Unbalanced quotes in configuration line");
            }
            for (byte[] b : parts) {
                split.add(new String(b, StandardCharsets.UTF_8));
            }
            args = split;
        }
        return d.type().parse(args, values.get(d));
    }

    /**
     * Sets a parsed value: runs the apply hook (which may refuse it), then listeners. Returns false when the
     * value did not change (nothing was run).
     */
    public boolean set(Directive d, Object value) throws ConfigException {
        Object old = values.get(d);
        if (java.util.Objects.equals(old, value) && !d.has(ConfigFlag.VOLATILE)) {
            return false;
        }
        values.put(d, value);
        ApplyHook hook = hooks.get(d);
        if (hook != null) {
            try {
                hook.apply(value);
            } catch (ConfigException e) {
                values.put(d, old);
                throw e;
            }
        }
        for (Consumer<Object> l : listeners.getOrDefault(d, List.of())) {
            l.accept(value);
        }
        return true;
    }

    /** Sets a value without running hooks (startup, before the node exists, and restoring after failures). */
    public void setQuietly(Directive d, Object value) {
        values.put(d, value);
    }

    public void set(String name, String... args) throws ConfigException {
        Directive d = directive(name);
        if (d == null) {
            throw new ConfigException("Unknown option or number of arguments for CONFIG SET - '" + name + "'");
        }
        set(d, parse(d, List.of(args)));
    }

    public void onChange(String name, Consumer<Object> listener) {
        listeners.computeIfAbsent(directive(name), k -> new ArrayList<>()).add(listener);
    }

    public void setApplyHook(String name, ApplyHook hook) {
        hooks.put(directive(name), hook);
    }

    /** Whether the value differs from the default (CONFIG REWRITE writes only such lines for new directives). */
    public boolean isDefault(Directive d) {
        try {
            return java.util.Objects.equals(values.get(d), parseText(d, d.defaultText()));
        } catch (ConfigException e) {
            return false;
        }
    }
}
