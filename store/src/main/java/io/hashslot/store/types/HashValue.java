package io.hashslot.store.types;

import io.hashslot.store.TypedValue;
import io.hashslot.store.packed.Packed;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A Redis hash: "listpack" encoding (field, value, field, value... in one {@link Packed}) while small, converted
 * for good to "hashtable" ({@link BytesMap}) once it has more than hash-max-listpack-entries fields or a field or
 * value longer than hash-max-listpack-value, as Redis does.
 */
public final class HashValue implements TypedValue {
    private Packed packed;
    private BytesMap map;

    public HashValue() {
        packed = new Packed(32);
    }

    private HashValue(Packed packed, BytesMap map) {
        this.packed = packed;
        this.map = map;
    }

    @Override
    public String typeName() {
        return "hash";
    }

    @Override
    public String encoding() {
        return map == null ? "listpack" : "hashtable";
    }

    public boolean isPacked() {
        return map == null;
    }

    @Override
    public long size() {
        return map == null ? packed.count() / 2 : map.size();
    }

    @Override
    public long memory() {
        if (map == null) {
            return 16 + packed.memory();
        }
        long[] m = {16 + map.memory()};
        map.forEach((k, v) -> m[0] += 32 + k.length + ((byte[]) v).length);
        return m[0];
    }

    @Override
    public HashValue copy() {
        if (map == null) {
            return new HashValue(packed.copy(), null);
        }
        BytesMap m = new BytesMap(map.size());
        map.forEach(m::put);
        return new HashValue(null, m);
    }

    public byte[] get(byte[] field) {
        if (map != null) {
            return (byte[]) map.get(field);
        }
        int p = packed.find(field, 2);
        return p < 0 ? null : packed.get(packed.next(p));
    }

    public boolean contains(byte[] field) {
        return map != null ? map.containsKey(field) : packed.find(field, 2) >= 0;
    }

    /**
     * hashTypeTryConversion: before a write of the given arguments (fields and values), converts to the hashtable
     * encoding when any of them is longer than hash-max-listpack-value.
     */
    public void tryConversion(byte[][] args, int from, int to, long maxValue) {
        if (map != null) {
            return;
        }
        for (int i = from; i <= to; i++) {
            if (args[i].length > maxValue) {
                convert();
                return;
            }
        }
    }

    /** Length of a field's value, 0 when the field is missing (HSTRLEN). */
    public int valueLength(byte[] field) {
        if (map != null) {
            Object v = map.get(field);
            return v == null ? 0 : ((byte[]) v).length;
        }
        int p = packed.find(field, 2);
        return p < 0 ? 0 : packed.length(packed.next(p));
    }

    /** Every field and value as {field, value, field, value...}, in storage order (a snapshot). */
    public byte[][] flatten() {
        byte[][] out = new byte[(int) size() * 2][];
        int[] i = {0};
        forEach((k, v) -> {
            out[i[0]++] = k;
            out[i[0]++] = v;
        });
        return out;
    }

    /** Converts to the hashtable encoding if a new entry would break the listpack limits. */
    private void convertIfNeeded(long entries, long maxEntries, int len, long maxValue) {
        if (map == null && (entries > maxEntries || len > maxValue)) {
            convert();
        }
    }

    /** Forces the hashtable encoding (also used by loaders and DEBUG). */
    public void convert() {
        if (map != null) {
            return;
        }
        BytesMap m = new BytesMap(packed.count() / 2);
        for (int p = packed.first(); p >= 0; p = packed.next(packed.next(p))) {
            m.put(packed.get(p), packed.get(packed.next(p)));
        }
        map = m;
        packed = null;
    }

    /** Sets a field; returns true when the field is new. */
    public boolean put(byte[] field, byte[] value, long maxEntries, long maxValue) {
        if (map == null) {
            convertIfNeeded(0, maxEntries, Math.max(field.length, value.length), maxValue);
        }
        if (map != null) {
            return map.put(field, value) == null;
        }
        int p = packed.find(field, 2);
        if (p >= 0) {
            packed.replace(packed.next(p), value);
            if (packed.count() / 2 > maxEntries) {
                // the limit may have been lowered since the hash was built: Redis checks after updates too
                convert();
            }
            return false;
        }
        if (packed.count() / 2 + 1 > maxEntries) {
            convert();
            return map.put(field, value) == null;
        }
        packed.append(field);
        packed.append(value);
        return true;
    }

    /** Removes a field; returns whether it existed. */
    public boolean remove(byte[] field) {
        if (map != null) {
            return map.remove(field) != null;
        }
        int p = packed.find(field, 2);
        if (p < 0) {
            return false;
        }
        packed.delete(p);
        packed.delete(p);
        return true;
    }

    /** Visits every field and value, in storage order. */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        if (map != null) {
            map.forEach((k, v) -> visitor.accept(k, (byte[]) v));
            return;
        }
        for (int p = packed.first(); p >= 0; ) {
            int v = packed.next(p);
            visitor.accept(packed.get(p), packed.get(v));
            p = packed.next(v);
        }
    }

    /**
     * One HSCAN step: a listpack is returned whole with cursor 0 (as Redis does); a hashtable visits one bucket
     * per call of this method.
     */
    public long scan(long cursor, BiConsumer<byte[], byte[]> visitor) {
        if (map == null) {
            forEach(visitor);
            return 0;
        }
        return map.scan(cursor, (k, v) -> visitor.accept(k, (byte[]) v));
    }

    /** A random field (HRANDFIELD); returns {field, value}. */
    public byte[][] random(RandomGenerator random) {
        if (map != null) {
            BytesMap.Node n = map.random(random);
            return new byte[][] {n.key(), (byte[]) n.value()};
        }
        int i = random.nextInt(packed.count() / 2);
        int p = packed.seek(2 * i);
        return new byte[][] {packed.get(p), packed.get(packed.next(p))};
    }

    /** The i-th pair in storage order (listpack only; used for sampling without replacement). */
    public byte[][] pairAt(int i) {
        int p = packed.seek(2 * i);
        return new byte[][] {packed.get(p), packed.get(packed.next(p))};
    }
}
