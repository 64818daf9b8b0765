package io.hashslot.common;

/** Redis's four log levels, with the character each prints in a log line. */
public enum LogLevel {
    DEBUG('.', "debug"),
    VERBOSE('-', "verbose"),
    NOTICE('*', "notice"),
    WARNING('#', "warning");

    private final char mark;
    private final String configName;

    LogLevel(char mark, String configName) {
        this.mark = mark;
        this.configName = configName;
    }

    public char mark() {
        return mark;
    }

    public String configName() {
        return configName;
    }

    public static LogLevel fromConfigName(String name) {
        for (LogLevel l : values()) {
            if (l.configName.equalsIgnoreCase(name)) {
                return l;
            }
        }
        return null;
    }
}
