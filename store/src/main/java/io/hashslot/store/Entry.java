package io.hashslot.store;

/**
 * One key in a slot table. Keys with a time to live are {@link ExpiringEntry} instances, so keys without one pay
 * nothing for it. {@code meta} holds the LRU clock or the LFU counter, as Redis's 24-bit lru field does.
 */
public class Entry {
    final byte[] key;
    final int hash;
    Object value;
    int meta;
    Entry next;

    Entry(byte[] key, int hash, Object value, int meta) {
        this.key = key;
        this.hash = hash;
        this.value = value;
        this.meta = meta;
    }

    public final byte[] key() {
        return key;
    }

    public final Object value() {
        return value;
    }

    public final int meta() {
        return meta;
    }

    /** Absolute expiry time in unix milliseconds, or -1 when the key has no time to live. */
    public long expireAt() {
        return -1;
    }
}
