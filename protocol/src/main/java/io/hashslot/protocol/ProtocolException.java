package io.hashslot.protocol;

/**
 * A request that breaks the protocol. {@link #getMessage()} is the error Redis replies with (without the leading
 * '-'); {@link #reason()} is the short text Redis logs. The connection must be closed after the reply.
 */
public final class ProtocolException extends Exception {
    private final String reason;

    public ProtocolException(String reply, String reason) {
        super(reply, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
