package io.hashslot.store;

/**
 * A non-string value (list, hash, set, sorted set): it names its type and current encoding as Redis would, can
 * deep-copy itself (COPY, snapshots) and estimates its memory.
 */
public interface TypedValue {
    String typeName();

    String encoding();

    /**
     * A deep copy that shares no mutable state with this value (COPY): later writes to either must not show in
     * the other. The copy keeps the current encoding, as Redis's per-type dup functions do.
     */
    TypedValue copy();

    /** Approximate bytes of heap this value uses. */
    long memory();

    /** Number of elements (LLEN, HLEN, SCARD, ZCARD). */
    long size();
}
