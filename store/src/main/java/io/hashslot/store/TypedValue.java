package io.hashslot.store;

/** A non-string value (list, hash, set, sorted set, ...): it names its type and current encoding. */
public interface TypedValue {
    String typeName();

    String encoding();
}
