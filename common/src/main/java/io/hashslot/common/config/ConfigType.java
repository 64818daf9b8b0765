package io.hashslot.common.config;

import java.util.List;

/** How a directive's arguments become a value and how that value prints in CONFIG GET and CONFIG REWRITE. */
public interface ConfigType {
    /** Parses the arguments after the directive name. */
    Object parse(List<String> args) throws ConfigException;

    /** Parses relative to the current value (client-output-buffer-limit changes only the classes it names). */
    default Object parse(List<String> args, Object current) throws ConfigException {
        return parse(args);
    }

    /** The text CONFIG GET answers. */
    String format(Object value);

    /** Lines (without the name) CONFIG REWRITE writes; one element per line. */
    default List<String> rewrite(Object value) {
        return List.of(ConfigText.quoteIfNeeded(format(value)));
    }
}
