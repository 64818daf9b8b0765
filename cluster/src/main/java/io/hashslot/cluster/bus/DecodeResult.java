package io.hashslot.cluster.bus;

/** What {@link BusCodec#decode} makes of one complete frame. */
public sealed interface DecodeResult {

    /** A message Redis would process. */
    record Decoded(BusMessage message) implements DecodeResult {
    }

    /**
     * A frame Redis drops without closing the link (wrong version, wrong length for its type, bad ping extension).
     *
     * @param type    the header's type field (Redis counts the message as received when it is below 11)
     * @param logLine the warning Redis logs for it, or null when it drops the frame silently
     */
    record Ignored(int type, String logLine) implements DecodeResult {
    }
}
