package io.hashslot.store;

import java.util.Arrays;

/**
 * A string value that grows in place (APPEND, SETRANGE, SETBIT), with spare capacity as Redis's sds keeps it.
 * Plain {@code byte[]} values are used for strings written whole; this class is the "raw" encoding.
 */
public final class MutableString {
    private byte[] bytes;
    private int length;
    /** Set for values Redis would hold as a fresh embstr object although they look like integers. */
    private boolean embedded;

    public MutableString(byte[] initial, int extraCapacity) {
        this.bytes = Arrays.copyOf(initial, initial.length + extraCapacity);
        this.length = initial.length;
    }

    /**
     * A string Redis creates without trying the int encoding (INCRBYFLOAT results such as "3"): it reports the
     * "embstr" encoding (up to {@link Values#EMBSTR_LIMIT} bytes) until it is modified. Callers treat it as
     * immutable and make a raw copy to change it; any modification also turns it raw.
     */
    public static MutableString embedded(byte[] value) {
        MutableString m = new MutableString(value, 0);
        m.embedded = true;
        return m;
    }

    /** Whether this value still has the embstr encoding (see {@link #embedded}). */
    public boolean isEmbedded() {
        return embedded && length <= Values.EMBSTR_LIMIT;
    }

    public int length() {
        return length;
    }

    /** The backing array; only the first {@link #length()} bytes are the value. */
    public byte[] array() {
        return bytes;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    /** Grows the value to at least {@code newLength} bytes, zero-filling; doubles capacity like sdsMakeRoomFor. */
    public void ensureLength(int newLength) {
        embedded = false;
        if (newLength > bytes.length) {
            int cap = newLength < 1024 * 1024 ? newLength * 2 : newLength + 1024 * 1024;
            bytes = Arrays.copyOf(bytes, Math.max(cap, newLength));
        }
        if (newLength > length) {
            Arrays.fill(bytes, length, newLength, (byte) 0);
            length = newLength;
        }
    }

    public void append(byte[] b) {
        int old = length;
        ensureLength(length + b.length);
        System.arraycopy(b, 0, bytes, old, b.length);
    }

    public void write(int offset, byte[] b) {
        ensureLength(Math.max(length, offset + b.length));
        System.arraycopy(b, 0, bytes, offset, b.length);
    }

    public void setByte(int i, byte b) {
        embedded = false;
        bytes[i] = b;
    }

    public int capacity() {
        return bytes.length;
    }
}
