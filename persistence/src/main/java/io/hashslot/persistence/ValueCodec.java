package io.hashslot.persistence;

import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import io.hashslot.store.MutableString;
import io.hashslot.store.Values;
import io.hashslot.store.types.HashValue;
import io.hashslot.store.types.ListValue;
import io.hashslot.store.types.SetValue;
import io.hashslot.store.types.ZSetValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes values as Redis 7.0 does (type byte + value): strings type 0, lists type 18 (quicklist of listpack
 * nodes), sets type 11 (intset) or 2, hashes type 16 (listpack) or 4, sorted sets type 17 (listpack) or 5; and
 * reads every type Redis 7.0 reads, re-encoding by the node's thresholds.
 */
public final class ValueCodec {
    private ValueCodec() {
    }

    /** An RDB entry after its expiry opcode: type byte, key, value. */
    public static void writeTypeAndKey(RdbOutput out, byte[] key, Object value) throws IOException {
        write(out, value, key);
    }

    public static void write(RdbOutput out, Object value) throws IOException {
        write(out, value, null);
    }

    /** Writes the type byte, then the key when given, then the value. */
    private static void write(RdbOutput out, Object value, byte[] key) throws IOException {
        WithKey k = new WithKey(out, key);
        writeValue(k, value);
    }

    /** Writes the key right after the type byte, once. */
    private static final class WithKey {
        final RdbOutput out;
        byte[] key;

        WithKey(RdbOutput out, byte[] key) {
            this.out = out;
            this.key = key;
        }

        void type(int t) throws IOException {
            out.writeByte(t);
            if (key != null) {
                out.writeString(key);
                key = null;
            }
        }
    }

    private static void writeValue(WithKey k, Object value) throws IOException {
        RdbOutput out = k.out;
        if (value instanceof byte[] b) {
            k.type(RdbType.STRING);
            out.writeString(b);
        } else if (value instanceof MutableString m) {
            k.type(RdbType.STRING);
            out.writeString(m.array(), 0, m.length());
        } else if (value instanceof ListValue l) {
            writeList(k, l);
        } else if (value instanceof SetValue s) {
            writeSet(k, s);
        } else if (value instanceof HashValue h) {
            writeHash(k, h);
        } else if (value instanceof ZSetValue z) {
            writeZSet(k, z);
        } else {
            throw new IOException("cannot serialize value of type " + Values.typeName(value));
        }
    }

    private static void writeList(WithKey k, ListValue l) throws IOException {
        RdbOutput out = k.out;
        k.type(RdbType.LIST_QUICKLIST_2);
        List<List<byte[]>> nodes = new ArrayList<>();
        List<byte[]> current = null;
        long[] sz = {0};
        int fill = l.fill();
        for (byte[] e : l.toList()) {
            if (current == null || !allowInsert(sz[0], current.size(), e.length, fill)) {
                current = new ArrayList<>();
                nodes.add(current);
                sz[0] = 7;
            }
            current.add(e);
            sz[0] += RedisListpack.entrySize(e);
        }
        out.writeLength(nodes.size());
        for (List<byte[]> n : nodes) {
            out.writeLength(2);
            out.writeString(RedisListpack.encode(n));
        }
    }

    /** Redis's _quicklistNodeAllowInsert for a node of {@code nodeBytes} listpack bytes and {@code count} entries. */
    static boolean allowInsert(long nodeBytes, int count, int len, int fill) {
        long newSize = nodeBytes + len + 8;
        if (fill < 0) {
            int offset = -fill - 1;
            long[] levels = {4096, 8192, 16384, 32768, 65536};
            if (offset < levels.length && newSize <= levels[offset]) {
                return true;
            }
        }
        if (newSize > 8192) {
            return false;
        }
        return count < fill;
    }

    private static void writeSet(WithKey k, SetValue s) throws IOException {
        RdbOutput out = k.out;
        if (s.isIntset()) {
            long[] v = new long[(int) s.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = s.intAt(i);
            }
            k.type(RdbType.SET_INTSET);
            out.writeString(LegacyEncodings.encodeIntset(v, s.intsetWidth()));
            return;
        }
        k.type(RdbType.SET);
        out.writeLength(s.size());
        List<byte[]> members = new ArrayList<>();
        s.forEach(members::add);
        for (byte[] m : members) {
            out.writeString(m);
        }
    }

    private static void writeHash(WithKey k, HashValue h) throws IOException {
        RdbOutput out = k.out;
        List<byte[]> flat = new ArrayList<>();
        h.forEach((f, v) -> {
            flat.add(f);
            flat.add(v);
        });
        if (h.isPacked()) {
            k.type(RdbType.HASH_LISTPACK);
            out.writeString(RedisListpack.encode(flat));
            return;
        }
        k.type(RdbType.HASH);
        out.writeLength(flat.size() / 2);
        for (byte[] b : flat) {
            out.writeString(b);
        }
    }

    private static void writeZSet(WithKey k, ZSetValue z) throws IOException {
        RdbOutput out = k.out;
        List<ZSetValue.Element> all = new ArrayList<>();
        z.forEach((m, s) -> all.add(new ZSetValue.Element(m, s)));
        if (z.isPacked()) {
            List<byte[]> flat = new ArrayList<>();
            for (ZSetValue.Element e : all) {
                flat.add(e.member());
                flat.add(Numbers.d2string(e.score()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            k.type(RdbType.ZSET_LISTPACK);
            out.writeString(RedisListpack.encode(flat));
            return;
        }
        k.type(RdbType.ZSET_2);
        out.writeLength(all.size());
        for (int i = all.size() - 1; i >= 0; i--) {
            out.writeString(all.get(i).member());
            out.writeBinaryDouble(all.get(i).score());
        }
    }

    /** Whether a type byte names a value (as opposed to an opcode or an unknown byte). */
    public static boolean isValueType(int type) {
        return (type >= 0 && type <= 7) || (type >= 9 && type <= 19);
    }

    /** Reads a value of {@code type}; throws RdbFormatException for bad or unsupported data. */
    public static Object read(RdbInput in, int type, Encodings enc) throws IOException, RdbFormatException {
        switch (type) {
            case RdbType.STRING:
                return in.readString();
            case RdbType.LIST: {
                long n = in.readLength();
                ListValue l = new ListValue(enc.listFill());
                for (long i = 0; i < n; i++) {
                    l.pushTail(in.readString());
                }
                return nonEmpty(l.size(), l);
            }
            case RdbType.SET: {
                long n = in.readLength();
                SetValue s = null;
                for (long i = 0; i < n; i++) {
                    byte[] m = in.readString();
                    if (s == null) {
                        s = n > enc.setMaxIntsetEntries() ? SetValue.hashtable((int) Math.min(n, 1 << 20))
                            : SetValue.forFirstMember(m, enc.setMaxIntsetEntries());
                    }
                    if (!s.add(m, enc.setMaxIntsetEntries())) {
                        throw new RdbFormatException("Duplicate set members detected");
                    }
                }
                return nonEmpty(n, s);
            }
            case RdbType.ZSET:
            case RdbType.ZSET_2: {
                long n = in.readLength();
                ZSetValue z = ZSetValue.create(n, 0, enc.zsetMaxEntries(), enc.zsetMaxValue(), enc.random());
                for (long i = 0; i < n; i++) {
                    byte[] m = in.readString();
                    double score = type == RdbType.ZSET_2 ? in.readBinaryDouble() : in.readStringDouble();
                    if (Double.isNaN(score)) {
                        throw new RdbFormatException("Zset with NAN score detected");
                    }
                    if (!z.put(m, score, enc.zsetMaxEntries(), enc.zsetMaxValue())) {
                        throw new RdbFormatException("Duplicate zset fields detected");
                    }
                }
                return nonEmpty(n, z);
            }
            case RdbType.HASH: {
                long n = in.readLength();
                HashValue h = new HashValue();
                if (n > enc.hashMaxEntries()) {
                    h.convert();
                }
                for (long i = 0; i < n; i++) {
                    byte[] f = in.readString();
                    byte[] v = in.readString();
                    if (!h.put(f, v, enc.hashMaxEntries(), enc.hashMaxValue())) {
                        throw new RdbFormatException("Duplicate hash fields detected");
                    }
                }
                return nonEmpty(n, h);
            }
            case RdbType.HASH_ZIPMAP:
                return hashFromPairs(LegacyEncodings.decodeZipmap(in.readString()), enc);
            case RdbType.HASH_ZIPLIST:
                return hashFromPairs(LegacyEncodings.decodeZiplist(in.readString()), enc);
            case RdbType.HASH_LISTPACK:
                return hashFromPairs(RedisListpack.decode(in.readString()), enc);
            case RdbType.LIST_ZIPLIST: {
                ListValue l = new ListValue(enc.listFill());
                for (byte[] e : LegacyEncodings.decodeZiplist(in.readString())) {
                    l.pushTail(e);
                }
                return nonEmpty(l.size(), l);
            }
            case RdbType.SET_INTSET: {
                long[] v = LegacyEncodings.decodeIntset(in.readString());
                SetValue s = v.length > enc.setMaxIntsetEntries() ? SetValue.hashtable(v.length)
                    : SetValue.forFirstMember(Numbers.toBytes(v[0]), enc.setMaxIntsetEntries());
                for (long x : v) {
                    s.add(Numbers.toBytes(x), enc.setMaxIntsetEntries());
                }
                return s;
            }
            case RdbType.ZSET_ZIPLIST:
                return zsetFromPairs(LegacyEncodings.decodeZiplist(in.readString()), enc);
            case RdbType.ZSET_LISTPACK:
                return zsetFromPairs(RedisListpack.decode(in.readString()), enc);
            case RdbType.LIST_QUICKLIST:
            case RdbType.LIST_QUICKLIST_2: {
                long nodes = in.readLength();
                ListValue l = new ListValue(enc.listFill());
                for (long i = 0; i < nodes; i++) {
                    long container = 2;
                    if (type == RdbType.LIST_QUICKLIST_2) {
                        container = in.readLength();
                        if (container != 1 && container != 2) {
                            throw new RdbFormatException("Quicklist integrity check failed.");
                        }
                    }
                    byte[] blob = in.readString();
                    if (container == 1) {
                        l.pushTail(blob);
                        continue;
                    }
                    List<byte[]> elements = type == RdbType.LIST_QUICKLIST_2 ? RedisListpack.decode(blob)
                        : LegacyEncodings.decodeZiplist(blob);
                    for (byte[] e : elements) {
                        l.pushTail(e);
                    }
                }
                return nonEmpty(l.size(), l);
            }
            default:
                throw new RdbFormatException("Unsupported value type: " + RdbType.name(type));
        }
    }

    private static Object nonEmpty(long n, Object v) throws RdbFormatException {
        if (n == 0) {
            throw new RdbFormatException("Empty keys are not allowed");
        }
        return v;
    }

    private static HashValue hashFromPairs(List<byte[]> flat, Encodings enc) throws RdbFormatException {
        if (flat.isEmpty() || flat.size() % 2 != 0) {
            throw new RdbFormatException("Hash with an odd number of elements or empty");
        }
        HashValue h = new HashValue();
        if (flat.size() / 2 > enc.hashMaxEntries()) {
            h.convert();
        }
        for (int i = 0; i < flat.size(); i += 2) {
            if (!h.put(flat.get(i), flat.get(i + 1), enc.hashMaxEntries(), enc.hashMaxValue())) {
                throw new RdbFormatException("Duplicate hash fields detected");
            }
        }
        return h;
    }

    private static ZSetValue zsetFromPairs(List<byte[]> flat, Encodings enc) throws RdbFormatException {
        if (flat.isEmpty() || flat.size() % 2 != 0) {
            throw new RdbFormatException("Zset with an odd number of elements or empty");
        }
        ZSetValue z = ZSetValue.create(flat.size() / 2, 0, enc.zsetMaxEntries(), enc.zsetMaxValue(), enc.random());
        for (int i = 0; i < flat.size(); i += 2) {
            double score;
            try {
                score = Numbers.parseDouble(flat.get(i + 1));
            } catch (NotANumberException e) {
                throw new RdbFormatException("Zset with an invalid score");
            }
            if (!z.put(flat.get(i), score, enc.zsetMaxEntries(), enc.zsetMaxValue())) {
                throw new RdbFormatException("Duplicate zset fields detected");
            }
        }
        return z;
    }
}
