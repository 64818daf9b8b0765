package io.hashslot.store;

/** An entry with a time to live. */
final class ExpiringEntry extends Entry {
    long expireAt;

    ExpiringEntry(byte[] key, int hash, Object value, int meta, long expireAt) {
        super(key, hash, value, meta);
        this.expireAt = expireAt;
    }

    @Override
    public long expireAt() {
        return expireAt;
    }
}
