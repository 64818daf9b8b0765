package io.hashslot.cluster.core;

import java.util.HashMap;
import java.util.Map;

/** A DataProbe whose keys per slot and replication offset tests set by hand. */
final class KeysProbe implements DataProbe {
    final Map<Integer, Long> keys = new HashMap<>();
    long offset;
    boolean masterSet;

    @Override
    public long countKeysInSlot(int slot) {
        return keys.getOrDefault(slot, 0L);
    }

    @Override
    public long db0Size() {
        return keys.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long replicationOffset() {
        return offset;
    }

    @Override
    public boolean replicationMasterSet() {
        return masterSet;
    }
}
