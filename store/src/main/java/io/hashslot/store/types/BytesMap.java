package io.hashslot.store.types;

import io.hashslot.common.KeyHash;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A chained hash table from byte strings to objects: the "hashtable" encoding of big hashes and sets and the
 * member index of big sorted sets. Chaining keeps entries in place on deletes, so {@link #scan}'s reverse-binary
 * cursor gives Redis's HSCAN/SSCAN/ZSCAN guarantees across resizes.
 */
public final class BytesMap {
    /** One mapping. */
    public static final class Node {
        final byte[] key;
        final int hash;
        Object value;
        Node next;

        Node(byte[] key, int hash, Object value) {
            this.key = key;
            this.hash = hash;
            this.value = value;
        }

        public byte[] key() {
            return key;
        }

        public Object value() {
            return value;
        }

        public void setValue(Object value) {
            this.value = value;
        }
    }

    private static final long SEED = 0x5bd1e9955bd1e995L;
    private Node[] buckets;
    private int size;
    /** An upper bound of the longest chain (exact after a resize; deletes may leave it high). */
    private int maxChain;

    public BytesMap(int expected) {
        int cap = 4;
        while (cap < expected) {
            cap <<= 1;
        }
        buckets = new Node[cap];
    }

    public int size() {
        return size;
    }

    private static int hash(byte[] k) {
        return KeyHash.hash(k, SEED);
    }

    public Node node(byte[] key) {
        int h = hash(key);
        for (Node n = buckets[h & (buckets.length - 1)]; n != null; n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                return n;
            }
        }
        return null;
    }

    public Object get(byte[] key) {
        Node n = node(key);
        return n == null ? null : n.value;
    }

    public boolean containsKey(byte[] key) {
        return node(key) != null;
    }

    /** Sets key to value; returns the previous value, or null when the key is new. */
    public Object put(byte[] key, Object value) {
        Node n = node(key);
        if (n != null) {
            Object old = n.value;
            n.value = value;
            return old;
        }
        if (size >= buckets.length) {
            resize(buckets.length * 2);
        }
        int h = hash(key);
        Node fresh = new Node(key, h, value);
        int i = h & (buckets.length - 1);
        fresh.next = buckets[i];
        buckets[i] = fresh;
        size++;
        int len = 0;
        for (Node c = fresh; c != null; c = c.next) {
            len++;
        }
        maxChain = Math.max(maxChain, len);
        return null;
    }

    /** Removes a key; returns its node, or null. */
    public Node remove(byte[] key) {
        int h = hash(key);
        int i = h & (buckets.length - 1);
        Node prev = null;
        for (Node n = buckets[i]; n != null; prev = n, n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                if (prev == null) {
                    buckets[i] = n.next;
                } else {
                    prev.next = n.next;
                }
                n.next = null;
                size--;
                if (buckets.length > 4 && size * 8 < buckets.length) {
                    resize(buckets.length / 2);
                }
                return n;
            }
        }
        return null;
    }

    private void resize(int cap) {
        Node[] fresh = new Node[cap];
        for (Node head : buckets) {
            Node n = head;
            while (n != null) {
                Node next = n.next;
                int i = n.hash & (cap - 1);
                n.next = fresh[i];
                fresh[i] = n;
                n = next;
            }
        }
        buckets = fresh;
        int longest = 0;
        for (Node head : fresh) {
            int len = 0;
            for (Node n = head; n != null; n = n.next) {
                len++;
            }
            longest = Math.max(longest, len);
        }
        maxChain = longest;
    }

    public void forEach(BiConsumer<byte[], Object> visitor) {
        for (Node head : buckets) {
            for (Node n = head; n != null; n = n.next) {
                visitor.accept(n.key, n.value);
            }
        }
    }

    /** Visits one bucket and returns the next reverse-binary cursor (0 when done). */
    public long scan(long cursor, BiConsumer<byte[], Object> visitor) {
        long mask = buckets.length - 1;
        for (Node n = buckets[(int) (cursor & mask)]; n != null; n = n.next) {
            visitor.accept(n.key, n.value);
        }
        cursor |= ~mask;
        cursor = Long.reverse(Long.reverse(cursor) + 1);
        return cursor;
    }

    /**
     * A uniformly random node (SRANDMEMBER, SPOP, HRANDFIELD, ZRANDMEMBER): a random bucket and a random depth
     * below the longest chain, retried until that position holds a node, so every node has the same chance.
     */
    public Node random(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        while (true) {
            Node n = buckets[random.nextInt(buckets.length)];
            for (int k = random.nextInt(maxChain); k > 0 && n != null; k--) {
                n = n.next;
            }
            if (n != null) {
                return n;
            }
        }
    }

    public long memory() {
        return 32 + 16 + 4L * buckets.length + 32L * size;
    }
}
