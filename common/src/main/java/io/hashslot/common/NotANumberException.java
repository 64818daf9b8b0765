package io.hashslot.common;

/** Thrown by {@link Numbers} when a byte string is not a number in the form Redis accepts. */
public final class NotANumberException extends Exception {
    public NotANumberException() {
        super(null, null, false, false);
    }
}
