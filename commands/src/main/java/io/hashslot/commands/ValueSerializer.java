package io.hashslot.commands;

/**
 * DUMP payloads of single values (the RDB value encoding): implemented by the persistence module and installed by
 * the server, so that the command layer stays free of file formats.
 */
public interface ValueSerializer {
    /** The DUMP payload of a value. */
    byte[] dump(Object value);

    /** Whether a payload has a version Redis 7.0 accepts and a matching checksum. */
    boolean verify(byte[] payload);

    /** The value in a verified payload, encoded by the node's current thresholds; null if it is unusable. */
    Object restore(byte[] payload);
}
