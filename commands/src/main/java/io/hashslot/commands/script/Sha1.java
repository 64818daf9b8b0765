package io.hashslot.commands.script;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA1 as 40 lower-case hex digits: script names and redis.sha1hex. */
public final class Sha1 {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Sha1() {
    }

    public static String hex(byte[] data) {
        return hex(data, 0, data.length);
    }

    public static String hex(byte[] data, int off, int len) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(data, off, len);
        byte[] d = md.digest();
        char[] out = new char[40];
        for (int i = 0; i < 20; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }
}
