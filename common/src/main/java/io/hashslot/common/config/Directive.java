package io.hashslot.common.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One configuration directive: its name and aliases, type, default (as config-file text), flags, and whether
 * Hashslot acts on it. Directives Hashslot accepts without acting on them are logged at verbose level when set.
 */
public final class Directive {
    private final String name;
    private final List<String> aliases;
    private final ConfigType type;
    private final String defaultText;
    private final Set<ConfigFlag> flags;
    private final boolean effective;

    private Directive(String name, List<String> aliases, ConfigType type, String defaultText, Set<ConfigFlag> flags,
                      boolean effective) {
        this.name = name;
        this.aliases = aliases;
        this.type = type;
        this.defaultText = defaultText;
        this.flags = flags;
        this.effective = effective;
    }

    public static Directive of(String name, ConfigType type, String defaultText, boolean effective,
                               ConfigFlag... flags) {
        return new Directive(name, List.of(), type, defaultText, flagSet(flags), effective);
    }

    public static Directive aliased(String name, String alias, ConfigType type, String defaultText, boolean effective,
                                    ConfigFlag... flags) {
        return new Directive(name, List.of(alias), type, defaultText, flagSet(flags), effective);
    }

    private static Set<ConfigFlag> flagSet(ConfigFlag... flags) {
        EnumSet<ConfigFlag> s = EnumSet.noneOf(ConfigFlag.class);
        s.addAll(List.of(flags));
        return java.util.Collections.unmodifiableSet(s);
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    public ConfigType type() {
        return type;
    }

    public String defaultText() {
        return defaultText;
    }

    public boolean has(ConfigFlag flag) {
        return flags.contains(flag);
    }

    /** Whether Hashslot acts on this directive (false: accepted for compatibility only). */
    public boolean effective() {
        return effective;
    }

    @Override
    public String toString() {
        return name;
    }
}
