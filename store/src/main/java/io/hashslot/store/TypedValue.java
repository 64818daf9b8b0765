package io.hashslot.store;

/**
 * A non-string value (list, hash, set, sorted set, ...): it names its type and current encoding, and can make an
 * independent deep copy of itself for COPY.
 */
public interface TypedValue {
    String typeName();

    String encoding();

    /**
     * A deep copy that shares no mutable state with this value (COPY): later writes to either must not show in
     * the other. The copy keeps the current encoding, as Redis's per-type dup functions do.
     */
    TypedValue copy();
}
