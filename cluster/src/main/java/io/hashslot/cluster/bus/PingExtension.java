package io.hashslot.cluster.bus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One ping extension after the gossip section: {@code length} u32 (header included, multiple of 8), {@code type}
 * u16, 2 unused bytes, then {@code payload} (already zero-padded to a multiple of 8). Redis 7.0 knows only type 0,
 * HOSTNAME.
 */
public record PingExtension(int type, byte[] payload) {

    /** The HOSTNAME extension for a non-empty hostname: the name, a NUL, zero padding to 8 bytes. */
    public static PingExtension hostname(String hostname) {
        byte[] name = hostname.getBytes(StandardCharsets.ISO_8859_1);
        int padded = (name.length + 1 + 7) / 8 * 8;
        return new PingExtension(BusLayout.EXT_TYPE_HOSTNAME, Arrays.copyOf(name, padded));
    }

    /** Total length on the wire. */
    public int length() {
        return BusLayout.EXT_HEADER_LEN + payload.length;
    }

    /** The payload read as a C string: up to the first NUL. */
    public String cString() {
        int n = 0;
        while (n < payload.length && payload[n] != 0) {
            n++;
        }
        return new String(payload, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PingExtension other && type == other.type && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "PingExtension[type=" + type + ", payload=" + cString() + "]";
    }
}
