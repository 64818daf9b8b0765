package io.hashslot.store.types;

import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.store.TypedValue;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A Redis set: "intset" while every member is an integer and there are at most set-max-intset-entries members,
 * else "hashtable" ({@link BytesMap} with no values), as Redis 7.0 does.
 */
public final class SetValue implements TypedValue {
    private IntSet ints;
    private BytesMap map;

    private SetValue(IntSet ints, BytesMap map) {
        this.ints = ints;
        this.map = map;
    }

    /** Redis caps set-max-intset-entries at 2^30 (intset internals). */
    private static final long INTSET_CAP = 1L << 30;

    /**
     * setTypeCreate: an empty set in the encoding its first member calls for (an intset for an integer; it turns
     * into a hashtable as soon as it holds more than {@code maxIntsetEntries} members).
     */
    public static SetValue forFirstMember(byte[] member, long maxIntsetEntries) {
        if (asLong(member) != null && maxIntsetEntries > 0) {
            return new SetValue(new IntSet(4), null);
        }
        return new SetValue(null, new BytesMap(4));
    }

    /** createIntsetObject: an empty intset-encoded set (the start of SINTERSTORE/SUNION/SDIFF results). */
    public static SetValue intset() {
        return new SetValue(new IntSet(4), null);
    }

    /** An empty set with the hashtable encoding, sized for {@code expected} members. */
    public static SetValue hashtable(int expected) {
        return new SetValue(null, new BytesMap(expected));
    }

    private static Long asLong(byte[] b) {
        if (b.length > 20) {
            return null;
        }
        try {
            return Numbers.parseLong(b);
        } catch (NotANumberException e) {
            return null;
        }
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public String encoding() {
        return ints != null ? "intset" : "hashtable";
    }

    @Override
    public long size() {
        return ints != null ? ints.size() : map.size();
    }

    @Override
    public long memory() {
        if (ints != null) {
            return 16 + ints.memory();
        }
        long[] m = {16 + map.memory()};
        map.forEach((k, v) -> m[0] += 16 + k.length);
        return m[0];
    }

    @Override
    public SetValue copy() {
        if (ints != null) {
            return new SetValue(ints.copy(), null);
        }
        BytesMap m = new BytesMap(map.size());
        map.forEach(m::put);
        return new SetValue(null, m);
    }

    public boolean contains(byte[] member) {
        if (ints != null) {
            Long v = asLong(member);
            return v != null && ints.contains(v);
        }
        return map.containsKey(member);
    }

    private void convert() {
        BytesMap m = new BytesMap(ints.size() * 2);
        for (int i = 0; i < ints.size(); i++) {
            m.put(Numbers.toBytes(ints.get(i)), Boolean.TRUE);
        }
        map = m;
        ints = null;
    }

    /** Adds a member; returns true when it was new. */
    public boolean add(byte[] member, long maxIntsetEntries) {
        if (ints != null) {
            Long v = asLong(member);
            if (v != null) {
                if (ints.contains(v)) {
                    return false;
                }
                if (ints.size() + 1 <= Math.min(maxIntsetEntries, INTSET_CAP)) {
                    return ints.add(v);
                }
            }
            convert();
        }
        if (map.containsKey(member)) {
            return false;
        }
        map.put(member, Boolean.TRUE);
        return true;
    }

    public boolean remove(byte[] member) {
        if (ints != null) {
            Long v = asLong(member);
            return v != null && ints.remove(v);
        }
        return map.remove(member) != null;
    }

    public void forEach(Consumer<byte[]> visitor) {
        if (ints != null) {
            for (int i = 0; i < ints.size(); i++) {
                visitor.accept(Numbers.toBytes(ints.get(i)));
            }
            return;
        }
        map.forEach((k, v) -> visitor.accept(k));
    }

    /** One SSCAN step: an intset is returned whole with cursor 0; a hashtable visits one bucket. */
    public long scan(long cursor, Consumer<byte[]> visitor) {
        if (ints != null) {
            forEach(visitor);
            return 0;
        }
        return map.scan(cursor, (k, v) -> visitor.accept(k));
    }

    public byte[] random(RandomGenerator random) {
        if (ints != null) {
            return Numbers.toBytes(ints.get(random.nextInt(ints.size())));
        }
        return map.random(random).key();
    }

    /** Every member in storage order (intsets ascending), as a snapshot. */
    public byte[][] members() {
        byte[][] out = new byte[(int) size()][];
        int[] i = {0};
        forEach(m -> out[i[0]++] = m);
        return out;
    }

    /** Bytes per element of the intset encoding (2, 4 or 8), as Redis's intset header would record it. */
    public int intsetWidth() {
        return ints.encodedWidth();
    }

    public boolean isIntset() {
        return ints != null;
    }

    /** The i-th member of an intset, in order. */
    public long intAt(int i) {
        return ints.get(i);
    }
}
