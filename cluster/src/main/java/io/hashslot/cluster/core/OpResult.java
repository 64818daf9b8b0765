package io.hashslot.cluster.core;

/**
 * The reply to an operator request: an error line (without '-'; it starts with its error code, usually "ERR "),
 * a status line ("OK", "BUMPED 3"), or an integer.
 */
public record OpResult(String error, String status, long integer) {
    public static final OpResult OK = new OpResult(null, "OK", 0);

    public static OpResult error(String line) {
        return new OpResult(line, null, 0);
    }

    public static OpResult status(String line) {
        return new OpResult(null, line, 0);
    }

    public static OpResult integer(long v) {
        return new OpResult(null, null, v);
    }

    public boolean isError() {
        return error != null;
    }
}
