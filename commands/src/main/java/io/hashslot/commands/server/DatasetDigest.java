package io.hashslot.commands.server;

import io.hashslot.common.Numbers;
import io.hashslot.store.Db;
import io.hashslot.store.Entry;
import io.hashslot.store.Keyspace;
import io.hashslot.store.Values;
import io.hashslot.store.types.HashValue;
import io.hashslot.store.types.ListValue;
import io.hashslot.store.types.SetValue;
import io.hashslot.store.types.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE: the SHA1-based dataset digest Redis computes, so that two servers holding
 * the same data (whatever the encodings and iteration orders) report the same 40 hex digits. Unordered
 * collections are combined with XOR, ordered ones (lists, a key's parts) by feeding the running digest back into
 * SHA1 ("mix").
 */
final class DatasetDigest {
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final MessageDigest sha1;

    DatasetDigest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void xor(byte[] digest, byte[] data, int off, int len) {
        sha1.reset();
        sha1.update(data, off, len);
        byte[] h = sha1.digest();
        for (int i = 0; i < 20; i++) {
            digest[i] ^= h[i];
        }
    }

    private void xor(byte[] digest, byte[] data) {
        xor(digest, data, 0, data.length);
    }

    private void mix(byte[] digest, byte[] data) {
        xor(digest, data);
        sha1.reset();
        sha1.update(digest, 0, 20);
        System.arraycopy(sha1.digest(), 0, digest, 0, 20);
    }

    private static byte[] be32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Redis's object type numbers (OBJ_STRING..OBJ_HASH). */
    private static int typeNumber(Object v) {
        if (Values.isString(v)) {
            return 0;
        } else if (v instanceof ListValue) {
            return 1;
        } else if (v instanceof SetValue) {
            return 2;
        } else if (v instanceof ZSetValue) {
            return 3;
        } else if (v instanceof HashValue) {
            return 4;
        }
        throw new IllegalArgumentException("no digest for " + Values.typeName(v));
    }

    /** xorObjectDigest: folds one value (and whether it expires) into {@code digest}. */
    void value(byte[] digest, Object v, boolean expires) {
        mix(digest, be32(typeNumber(v)));
        if (Values.isString(v)) {
            mix(digest, Values.stringBytes(v));
        } else if (v instanceof ListValue l) {
            for (byte[] e : l.toList()) {
                mix(digest, e);
            }
        } else if (v instanceof SetValue s) {
            s.forEach(m -> xor(digest, m));
        } else if (v instanceof ZSetValue z) {
            z.forEach((m, score) -> {
                byte[] ele = new byte[20];
                mix(ele, m);
                mix(ele, Numbers.formatG17(score).getBytes(StandardCharsets.US_ASCII));
                xor(digest, ele);
            });
        } else if (v instanceof HashValue h) {
            h.forEach((f, val) -> {
                byte[] ele = new byte[20];
                mix(ele, f);
                mix(ele, val);
                xor(digest, ele);
            });
        }
        if (expires) {
            xor(digest, EXPIRE_MARK);
        }
    }

    /** computeDatasetDigest over every database. */
    byte[] dataset(Keyspace ks) {
        byte[] fin = new byte[20];
        for (int j = 0; j < ks.databases(); j++) {
            Db db = ks.db(j);
            if (db.size() == 0) {
                continue;
            }
            mix(fin, be32(j));
            db.forEach((Entry e) -> {
                byte[] d = new byte[20];
                mix(d, e.key());
                value(d, e.value(), e.expireAt() >= 0);
                xor(fin, d); // SHA1 of the key's digest folded in
            });
        }
        return fin;
    }

    static String hex(byte[] d) {
        char[] out = new char[40];
        for (int i = 0; i < 20; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }
}
