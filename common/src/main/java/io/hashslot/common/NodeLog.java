package io.hashslot.common;

/**
 * Where node logic writes Redis-style log lines. The server formats them as
 * {@code pid:role dd Mon yyyy HH:mm:ss.SSS <mark> message}; sans-I/O modules only see this interface.
 */
public interface NodeLog {
    boolean enabled(LogLevel level);

    void log(LogLevel level, String message);

    default void debug(String message) {
        log(LogLevel.DEBUG, message);
    }

    default void verbose(String message) {
        log(LogLevel.VERBOSE, message);
    }

    default void notice(String message) {
        log(LogLevel.NOTICE, message);
    }

    default void warning(String message) {
        log(LogLevel.WARNING, message);
    }

    /** A log that drops everything; for unit tests of pure logic. */
    NodeLog NONE = new NodeLog() {
        @Override
        public boolean enabled(LogLevel level) {
            return false;
        }

        @Override
        public void log(LogLevel level, String message) {
        }
    };
}
