package io.hashslot.commands.memory;

import io.hashslot.store.Entry;
import io.hashslot.store.MutableString;
import io.hashslot.store.TypedValue;
import io.hashslot.store.types.HashValue;
import io.hashslot.store.types.SetValue;
import io.hashslot.store.types.ZSetValue;

/**
 * Estimates of the heap bytes a key and its value take in this node, for MEMORY USAGE and MEMORY STATS. Redis
 * reports jemalloc allocation sizes; Hashslot reports what its own objects cost on a 64-bit JVM with compressed
 * references: 12-byte object headers, 4-byte references, sizes rounded up to 8 bytes, an array adding a 16-byte
 * header to its elements.
 *
 * <ul>
 *   <li>A key: its table entry object (key, hash, value, access clock, chain link; 8 more bytes with a TTL), the key
 *       bytes, and one bucket reference of its slot table with the table's spare room (8 bytes).</li>
 *   <li>A string: its byte array; a string grown in place also counts its wrapper and spare capacity.</li>
 *   <li>Hash-table sets and hashes and skiplist sorted sets: the container plus, for each element, its table node,
 *       its byte arrays and (sorted sets) its skiplist node with an average of 4/3 levels. As in Redis, only the
 *       first {@code samples} elements (in table order) are measured and their average is multiplied by the
 *       element count; {@code samples} at least the size measures everything.</li>
 *   <li>Compact encodings (listpack, intset) and lists (quicklist nodes of packed entries): the store's own
 *       accounting of their buffers ({@link TypedValue#memory()}), which is exact and needs no sampling.</li>
 * </ul>
 */
final class MemoryEstimator {
    /** Default number of elements measured (Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES). */
    static final long DEFAULT_SAMPLES = 5;

    private static final int HEADER = 12;
    private static final int REF = 4;
    private static final int ARRAY_HEADER = 16;
    /** Entry: header, key/value/next references, hash and access-clock ints. */
    static final long ENTRY = align(HEADER + 3 * REF + 4 + 4);
    /** The expiry time an entry with a TTL adds. */
    static final long EXPIRE = 8;
    /** The slot table's bucket reference for one key, with spare capacity (tables double when full). */
    static final long BUCKET = 8;
    /** BytesMap node: header, key/value/next references, hash. */
    private static final long MAP_NODE = align(HEADER + 3 * REF + 4);
    /** BytesMap object: header, bucket array reference, size and longest-chain ints. */
    private static final long MAP = align(HEADER + REF + 4 + 4);
    /** SkipList node: header, member/backward/forward/span references, score. */
    private static final long SKIPLIST_NODE = align(HEADER + 4 * REF + 8);
    /** Expected levels of a skiplist node (p = 1/4): 1 / (1 - 1/4). */
    private static final double AVG_LEVELS = 4.0 / 3;
    /** A value object wrapping its representation (SetValue, HashValue, ZSetValue, MutableString). */
    private static final long WRAPPER = align(HEADER + 2 * REF + 4);

    private MemoryEstimator() {
    }

    static long align(long n) {
        return (n + 7) & ~7L;
    }

    static long byteArray(int length) {
        return align(ARRAY_HEADER + length);
    }

    private static long refArray(long length) {
        return align(ARRAY_HEADER + REF * length);
    }

    /** Buckets of a chained table holding {@code size} elements: a power of two, at least 4, at least size. */
    private static long buckets(long size) {
        long cap = 4;
        while (cap < size) {
            cap <<= 1;
        }
        return cap;
    }

    /** The bytes of a key's table entry and name, without its value. */
    static long keyOverhead(Entry e) {
        return ENTRY + (e.expireAt() >= 0 ? EXPIRE : 0) + byteArray(e.key().length) + BUCKET;
    }

    /** MEMORY USAGE: the key's overhead plus its value, measuring at most {@code samples} nested elements. */
    static long usage(Entry e, long samples) {
        return keyOverhead(e) + value(e.value(), samples);
    }

    /** The bytes of a value, measuring at most {@code samples} elements of big collections. */
    static long value(Object v, long samples) {
        if (v instanceof byte[] b) {
            return byteArray(b.length);
        }
        if (v instanceof MutableString m) {
            return WRAPPER + byteArray(m.capacity());
        }
        if (v instanceof SetValue s && s.encoding().equals("hashtable")) {
            return setTable(s, samples);
        }
        if (v instanceof HashValue h && h.encoding().equals("hashtable")) {
            return hashTable(h, samples);
        }
        if (v instanceof ZSetValue z && z.encoding().equals("skiplist")) {
            return skiplist(z, samples);
        }
        if (v instanceof TypedValue t) {
            return t.memory();
        }
        return 0;
    }

    /** Sums a per-element measure over the first {@code samples} elements and scales it to the size. */
    private static final class Sampler {
        final long limit;
        long measured;
        long bytes;

        Sampler(long limit) {
            this.limit = limit;
        }

        void add(long elementBytes) {
            if (measured < limit) {
                measured++;
                bytes += elementBytes;
            }
        }

        boolean done() {
            return measured >= limit;
        }

        long scaled(long size) {
            return measured == 0 ? 0 : (long) ((double) bytes / measured * size);
        }
    }

    private static long table(long size) {
        return WRAPPER + MAP + refArray(buckets(size));
    }

    private static long setTable(SetValue s, long samples) {
        Sampler m = new Sampler(samples);
        long cursor = 0;
        do {
            cursor = s.scan(cursor, member -> m.add(MAP_NODE + byteArray(member.length)));
        } while (cursor != 0 && !m.done());
        return table(s.size()) + m.scaled(s.size());
    }

    private static long hashTable(HashValue h, long samples) {
        Sampler m = new Sampler(samples);
        long cursor = 0;
        do {
            cursor = h.scan(cursor, (field, value) -> m.add(MAP_NODE + byteArray(field.length)
                + byteArray(value.length)));
        } while (cursor != 0 && !m.done());
        return table(h.size()) + m.scaled(h.size());
    }

    /** The skiplist's header node: 32 levels of forward links and spans. */
    private static final long SKIPLIST_HEADER = SKIPLIST_NODE + refArray(32) + align(ARRAY_HEADER + 8 * 32);

    private static long skiplist(ZSetValue z, long samples) {
        long levelArrays = (long) (refArray(1) + (REF + 8) * (AVG_LEVELS - 1) + align(ARRAY_HEADER + 8));
        long perNode = MAP_NODE + SKIPLIST_NODE + levelArrays;
        Sampler m = new Sampler(samples);
        long cursor = 0;
        do {
            cursor = z.scan(cursor, (member, score) -> m.add(perNode + byteArray(member.length)));
        } while (cursor != 0 && !m.done());
        // the sorted set object, its skiplist object (header, tail, length, level) and member index
        long containers = WRAPPER + align(HEADER + 3 * REF + 8 + 4) + SKIPLIST_HEADER;
        return containers + table(z.size()) + m.scaled(z.size());
    }
}
