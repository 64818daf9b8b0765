package io.hashslot.persistence;

/** RDB or DUMP data that cannot be loaded; the message says what is wrong. */
public final class RdbFormatException extends Exception {
    public RdbFormatException(String message) {
        super(message);
    }
}
