package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusCodec;
import io.hashslot.cluster.bus.BusMessage;

/** A message to send, encoded once on demand (a broadcast shares one instance across links). */
public final class OutgoingMessage {
    private final BusMessage message;
    private byte[] bytes;

    OutgoingMessage(BusMessage message) {
        this.message = message;
    }

    public BusMessage message() {
        return message;
    }

    public int type() {
        return message.type();
    }

    /** The wire bytes; callers must not modify the array. */
    public byte[] bytes() {
        if (bytes == null) {
            bytes = BusCodec.encode(message);
        }
        return bytes;
    }
}
