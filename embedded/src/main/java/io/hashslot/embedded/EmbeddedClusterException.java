package io.hashslot.embedded;

/** A cluster operation failed: a node answered with an error, or the cluster did not reach the awaited state. */
public final class EmbeddedClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddedClusterException(String message) {
        super(message);
    }

    public EmbeddedClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
