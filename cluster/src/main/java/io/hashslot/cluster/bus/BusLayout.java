package io.hashslot.cluster.bus;

/** Byte offsets and sizes of the Redis 7.0 cluster bus message ({@code clusterMsg}); all integers big-endian. */
public final class BusLayout {
    public static final byte[] SIGNATURE = {'R', 'C', 'm', 'b'};
    public static final int VERSION = 1;
    public static final int NAME_LEN = 40;
    public static final int IP_LEN = 46;
    public static final int SLOT_BYTES = 2048;

    public static final int SIG = 0;
    public static final int TOTLEN = 4;
    public static final int VER = 8;
    public static final int PORT = 10;
    public static final int TYPE = 12;
    public static final int COUNT = 14;
    public static final int CURRENT_EPOCH = 16;
    public static final int CONFIG_EPOCH = 24;
    public static final int OFFSET = 32;
    public static final int SENDER = 40;
    public static final int MYSLOTS = 80;
    public static final int SLAVEOF = 2128;
    public static final int MYIP = 2168;
    public static final int EXTENSIONS = 2214;
    public static final int NOTUSED1 = 2216;
    public static final int PPORT = 2246;
    public static final int CPORT = 2248;
    public static final int FLAGS = 2250;
    public static final int STATE = 2252;
    public static final int MFLAGS = 2253;
    /** Start of the type-specific body; also the minimum message length (CLUSTERMSG_MIN_LEN). */
    public static final int HEADER_LEN = 2256;

    public static final int GOSSIP_LEN = 104;
    public static final int GOSSIP_PING_SENT = 40;
    public static final int GOSSIP_PONG_RECEIVED = 44;
    public static final int GOSSIP_IP = 48;
    public static final int GOSSIP_PORT = 94;
    public static final int GOSSIP_CPORT = 96;
    public static final int GOSSIP_FLAGS = 98;
    public static final int GOSSIP_PPORT = 100;

    public static final int EXT_HEADER_LEN = 8;
    public static final int EXT_TYPE_HOSTNAME = 0;

    public static final int FAIL_LEN = HEADER_LEN + NAME_LEN;
    public static final int UPDATE_LEN = HEADER_LEN + 8 + NAME_LEN + SLOT_BYTES;
    /** PUBLISH/PUBLISHSHARD: channel_len u32 + message_len u32 precede the bulk data. */
    public static final int PUBLISH_FIXED = 8;
    /** MODULE: module_id (8, raw) + len u32 + type u8 precede the payload. */
    public static final int MODULE_FIXED = 13;
    /** sizeof(clusterMsg): header plus the largest body (UPDATE). */
    public static final int MAX_FIXED_LEN = UPDATE_LEN;

    private BusLayout() {
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
            | (b[off + 3] & 0xff);
    }

    static long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putU64(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** The message's total length from its first 8 bytes, as an unsigned value. */
    public static long totlen(byte[] frame) {
        return u32(frame, TOTLEN);
    }

    /** The message type from a frame of at least 14 bytes. */
    public static int type(byte[] frame) {
        return u16(frame, TYPE);
    }
}
