package io.hashslot.common.config;

/**
 * A config file Redis would refuse to start with. {@link #getMessage()} is the whole text Redis prints on stderr:
 * the FATAL banner, the line number and text when there is one, and the reason.
 */
public final class ConfigFileException extends Exception {
    public ConfigFileException(String fullText) {
        super(fullText, null, false, false);
    }
}
