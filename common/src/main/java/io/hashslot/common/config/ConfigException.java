package io.hashslot.common.config;

/** A directive value Redis would refuse; the message is Redis's text (e.g. "argument must be 'yes' or 'no'"). */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
