package io.hashslot.cluster.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes Redis 7.0 cluster bus messages byte for byte ({@code clusterMsg}, RCmb version 1).
 * {@link #decode} applies Redis's per-message checks in {@code clusterProcessPacket} order: version, then the exact
 * expected length for the type (validating ping extensions first when EXT_DATA is set). Framing checks (signature,
 * minimum length) belong to {@link FrameDecoder}. Stateless.
 */
public final class BusCodec {
    private BusCodec() {
    }

    // ------------------------------------------------------------------ encoding

    public static byte[] encode(BusMessage m) {
        BusHeader h = m.header();
        MessageBody body = m.body();
        int count = 0;
        int extensions = 0;
        int mflags = h.mflags() & 0xff;
        int totlen;
        if (body instanceof MessageBody.Gossip g) {
            count = g.entries().size();
            extensions = g.extensions().size();
            totlen = BusLayout.HEADER_LEN + BusLayout.GOSSIP_LEN * count;
            for (PingExtension e : g.extensions()) {
                totlen += e.length();
            }
            mflags = extensions > 0 ? mflags | MessageFlags.EXT_DATA : mflags & ~MessageFlags.EXT_DATA;
        } else if (body instanceof MessageBody.Fail) {
            totlen = BusLayout.FAIL_LEN;
        } else if (body instanceof MessageBody.Publish p) {
            totlen = BusLayout.HEADER_LEN + BusLayout.PUBLISH_FIXED + p.channel().length + p.message().length;
        } else if (body instanceof MessageBody.Update) {
            totlen = BusLayout.UPDATE_LEN;
        } else if (body instanceof MessageBody.Module mod) {
            totlen = BusLayout.HEADER_LEN + BusLayout.MODULE_FIXED + mod.payload().length;
        } else if (body instanceof MessageBody.Unknown u) {
            totlen = BusLayout.HEADER_LEN + u.data().length;
        } else {
            totlen = BusLayout.HEADER_LEN;
        }
        byte[] b = new byte[totlen];
        System.arraycopy(BusLayout.SIGNATURE, 0, b, BusLayout.SIG, 4);
        BusLayout.putU32(b, BusLayout.TOTLEN, totlen);
        BusLayout.putU16(b, BusLayout.VER, BusLayout.VERSION);
        BusLayout.putU16(b, BusLayout.PORT, h.port());
        BusLayout.putU16(b, BusLayout.TYPE, h.type());
        BusLayout.putU16(b, BusLayout.COUNT, count);
        BusLayout.putU64(b, BusLayout.CURRENT_EPOCH, h.currentEpoch());
        BusLayout.putU64(b, BusLayout.CONFIG_EPOCH, h.configEpoch());
        BusLayout.putU64(b, BusLayout.OFFSET, h.offset());
        putFixed(b, BusLayout.SENDER, BusLayout.NAME_LEN, h.sender());
        h.myslots().toBytes(b, BusLayout.MYSLOTS);
        if (h.slaveof() != null) {
            putFixed(b, BusLayout.SLAVEOF, BusLayout.NAME_LEN, h.slaveof());
        }
        putFixed(b, BusLayout.MYIP, BusLayout.IP_LEN - 1, h.myip());
        BusLayout.putU16(b, BusLayout.EXTENSIONS, extensions);
        BusLayout.putU16(b, BusLayout.PPORT, h.pport());
        BusLayout.putU16(b, BusLayout.CPORT, h.cport());
        BusLayout.putU16(b, BusLayout.FLAGS, h.flags());
        b[BusLayout.STATE] = (byte) h.state();
        b[BusLayout.MFLAGS] = (byte) mflags;
        encodeBody(b, body);
        return b;
    }

    private static void encodeBody(byte[] b, MessageBody body) {
        int p = BusLayout.HEADER_LEN;
        if (body instanceof MessageBody.Gossip g) {
            for (GossipEntry e : g.entries()) {
                putFixed(b, p, BusLayout.NAME_LEN, e.nodeName());
                BusLayout.putU32(b, p + BusLayout.GOSSIP_PING_SENT, e.pingSentSeconds());
                BusLayout.putU32(b, p + BusLayout.GOSSIP_PONG_RECEIVED, e.pongReceivedSeconds());
                putFixed(b, p + BusLayout.GOSSIP_IP, BusLayout.IP_LEN - 1, e.ip());
                BusLayout.putU16(b, p + BusLayout.GOSSIP_PORT, e.port());
                BusLayout.putU16(b, p + BusLayout.GOSSIP_CPORT, e.cport());
                BusLayout.putU16(b, p + BusLayout.GOSSIP_FLAGS, e.flags());
                BusLayout.putU16(b, p + BusLayout.GOSSIP_PPORT, e.pport());
                p += BusLayout.GOSSIP_LEN;
            }
            for (PingExtension e : g.extensions()) {
                BusLayout.putU32(b, p, e.length());
                BusLayout.putU16(b, p + 4, e.type());
                System.arraycopy(e.payload(), 0, b, p + BusLayout.EXT_HEADER_LEN, e.payload().length);
                p += e.length();
            }
        } else if (body instanceof MessageBody.Fail f) {
            putFixed(b, p, BusLayout.NAME_LEN, f.nodeName());
        } else if (body instanceof MessageBody.Publish pub) {
            BusLayout.putU32(b, p, pub.channel().length);
            BusLayout.putU32(b, p + 4, pub.message().length);
            System.arraycopy(pub.channel(), 0, b, p + 8, pub.channel().length);
            System.arraycopy(pub.message(), 0, b, p + 8 + pub.channel().length, pub.message().length);
        } else if (body instanceof MessageBody.Update u) {
            BusLayout.putU64(b, p, u.configEpoch());
            putFixed(b, p + 8, BusLayout.NAME_LEN, u.nodeName());
            u.slots().toBytes(b, p + 8 + BusLayout.NAME_LEN);
        } else if (body instanceof MessageBody.Module m) {
            BusLayout.putU64(b, p, m.moduleId());
            BusLayout.putU32(b, p + 8, m.payload().length);
            b[p + 12] = (byte) m.moduleType();
            System.arraycopy(m.payload(), 0, b, p + BusLayout.MODULE_FIXED, m.payload().length);
        } else if (body instanceof MessageBody.Unknown u) {
            System.arraycopy(u.data(), 0, b, p, u.data().length);
        }
    }

    /** Writes up to {@code max} bytes of a byte string; the rest of the field stays zero. */
    private static void putFixed(byte[] b, int off, int max, String s) {
        int n = Math.min(max, s.length());
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) s.charAt(i);
        }
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes one complete frame (exactly {@code totlen} bytes, as {@link FrameDecoder} returns them). Never
     * throws for any content of such a frame.
     */
    public static DecodeResult decode(byte[] f) {
        if (f.length < BusLayout.HEADER_LEN || BusLayout.totlen(f) != f.length) {
            return new DecodeResult.Ignored(f.length >= 14 ? BusLayout.type(f) : -1, null);
        }
        int type = BusLayout.type(f);
        long totlen = f.length;
        if (BusLayout.u16(f, BusLayout.VER) != BusLayout.VERSION) {
            return new DecodeResult.Ignored(type, null);
        }
        int mflags = f[BusLayout.MFLAGS] & 0xff;
        int count = BusLayout.u16(f, BusLayout.COUNT);
        int extensions = BusLayout.u16(f, BusLayout.EXTENSIONS);
        String typeName = MessageType.name(type);
        long explen;
        switch (type) {
            case MessageType.PING, MessageType.PONG, MessageType.MEET -> {
                explen = BusLayout.HEADER_LEN + (long) BusLayout.GOSSIP_LEN * count;
                if ((mflags & MessageFlags.EXT_DATA) != 0) {
                    long cursor = explen;
                    for (int i = 0; i < extensions; i++) {
                        if (cursor + BusLayout.EXT_HEADER_LEN > totlen) {
                            // Redis would read past the message here; we drop it instead.
                            return new DecodeResult.Ignored(type, "Received invalid " + typeName
                                + " packet with extension data that exceeds total packet length (" + totlen + ")");
                        }
                        long full = BusLayout.u32(f, (int) cursor);
                        int extlen = (int) (full & 0xffff); // Redis keeps the length in a uint16_t here
                        if (extlen % 8 != 0) {
                            return new DecodeResult.Ignored(type, "Received a " + typeName
                                + " packet without proper padding (" + extlen + " bytes)");
                        }
                        if (((totlen - explen) & 0xffffffffL) < extlen) {
                            return new DecodeResult.Ignored(type, "Received invalid " + typeName
                                + " packet with extension data that exceeds total packet length (" + totlen + ")");
                        }
                        explen += extlen;
                        cursor += full;
                    }
                }
            }
            case MessageType.FAIL -> explen = BusLayout.FAIL_LEN;
            case MessageType.PUBLISH, MessageType.PUBLISHSHARD -> explen = totlen < BusLayout.HEADER_LEN + 8
                ? BusLayout.HEADER_LEN + BusLayout.PUBLISH_FIXED
                : BusLayout.HEADER_LEN + BusLayout.PUBLISH_FIXED + BusLayout.u32(f, BusLayout.HEADER_LEN)
                + BusLayout.u32(f, BusLayout.HEADER_LEN + 4);
            case MessageType.FAILOVER_AUTH_REQUEST, MessageType.FAILOVER_AUTH_ACK, MessageType.MFSTART ->
                explen = BusLayout.HEADER_LEN;
            case MessageType.UPDATE -> explen = BusLayout.UPDATE_LEN;
            case MessageType.MODULE -> explen = totlen < BusLayout.HEADER_LEN + 12
                ? BusLayout.HEADER_LEN + BusLayout.MODULE_FIXED
                : BusLayout.HEADER_LEN + BusLayout.MODULE_FIXED + BusLayout.u32(f, BusLayout.HEADER_LEN + 8);
            default -> explen = totlen;
        }
        if (totlen != explen) {
            return new DecodeResult.Ignored(type, "Received invalid " + typeName + " packet of length " + totlen
                + " but expected length " + explen);
        }
        BusHeader header = decodeHeader(f, type, mflags);
        MessageBody body = switch (type) {
            case MessageType.PING, MessageType.PONG, MessageType.MEET -> {
                List<GossipEntry> entries = new ArrayList<>(count);
                int p = BusLayout.HEADER_LEN;
                for (int i = 0; i < count; i++, p += BusLayout.GOSSIP_LEN) {
                    entries.add(decodeGossip(f, p));
                }
                List<PingExtension> exts = (mflags & MessageFlags.EXT_DATA) != 0
                    ? decodeExtensions(f, p, extensions) : List.of();
                yield exts == null ? null : new MessageBody.Gossip(entries, exts);
            }
            case MessageType.FAIL -> new MessageBody.Fail(latin1(f, BusLayout.HEADER_LEN, BusLayout.NAME_LEN));
            case MessageType.PUBLISH, MessageType.PUBLISHSHARD -> {
                int cl = (int) BusLayout.u32(f, BusLayout.HEADER_LEN);
                int start = BusLayout.HEADER_LEN + BusLayout.PUBLISH_FIXED;
                yield new MessageBody.Publish(Arrays.copyOfRange(f, start, start + cl),
                    Arrays.copyOfRange(f, start + cl, f.length));
            }
            case MessageType.UPDATE -> new MessageBody.Update(BusLayout.u64(f, BusLayout.HEADER_LEN),
                latin1(f, BusLayout.HEADER_LEN + 8, BusLayout.NAME_LEN),
                SlotBitmap.fromBytes(f, BusLayout.HEADER_LEN + 8 + BusLayout.NAME_LEN));
            case MessageType.MODULE -> new MessageBody.Module(BusLayout.u64(f, BusLayout.HEADER_LEN),
                f[BusLayout.HEADER_LEN + 12] & 0xff,
                Arrays.copyOfRange(f, BusLayout.HEADER_LEN + BusLayout.MODULE_FIXED, f.length));
            case MessageType.FAILOVER_AUTH_REQUEST, MessageType.FAILOVER_AUTH_ACK, MessageType.MFSTART ->
                new MessageBody.Empty();
            default -> new MessageBody.Unknown(Arrays.copyOfRange(f, BusLayout.HEADER_LEN, f.length));
        };
        if (body == null) {
            return new DecodeResult.Ignored(type, "Received invalid " + typeName
                + " packet with extension data that exceeds total packet length (" + totlen + ")");
        }
        return new DecodeResult.Decoded(new BusMessage(header, body));
    }

    private static BusHeader decodeHeader(byte[] f, int type, int mflags) {
        String slaveof = allZero(f, BusLayout.SLAVEOF, BusLayout.NAME_LEN) ? null
            : latin1(f, BusLayout.SLAVEOF, BusLayout.NAME_LEN);
        return new BusHeader(type, BusLayout.u16(f, BusLayout.PORT), BusLayout.u64(f, BusLayout.CURRENT_EPOCH),
            BusLayout.u64(f, BusLayout.CONFIG_EPOCH), BusLayout.u64(f, BusLayout.OFFSET),
            latin1(f, BusLayout.SENDER, BusLayout.NAME_LEN), SlotBitmap.fromBytes(f, BusLayout.MYSLOTS), slaveof,
            cString(f, BusLayout.MYIP, BusLayout.IP_LEN), BusLayout.u16(f, BusLayout.PPORT),
            BusLayout.u16(f, BusLayout.CPORT), BusLayout.u16(f, BusLayout.FLAGS), f[BusLayout.STATE] & 0xff, mflags);
    }

    private static GossipEntry decodeGossip(byte[] f, int p) {
        return new GossipEntry(latin1(f, p, BusLayout.NAME_LEN), BusLayout.u32(f, p + BusLayout.GOSSIP_PING_SENT),
            BusLayout.u32(f, p + BusLayout.GOSSIP_PONG_RECEIVED), cString(f, p + BusLayout.GOSSIP_IP, BusLayout.IP_LEN),
            BusLayout.u16(f, p + BusLayout.GOSSIP_PORT), BusLayout.u16(f, p + BusLayout.GOSSIP_CPORT),
            BusLayout.u16(f, p + BusLayout.GOSSIP_FLAGS), BusLayout.u16(f, p + BusLayout.GOSSIP_PPORT));
    }

    /**
     * Walks the extensions the way Redis does (by each one's full 32-bit length). Returns null when an extension
     * header would lie outside the message (Redis reads past its buffer there; we drop the message).
     */
    private static List<PingExtension> decodeExtensions(byte[] f, int start, int extensions) {
        List<PingExtension> out = new ArrayList<>(extensions);
        long cursor = start;
        for (int i = 0; i < extensions; i++) {
            if (cursor + BusLayout.EXT_HEADER_LEN > f.length) {
                return null;
            }
            long full = BusLayout.u32(f, (int) cursor);
            int type = BusLayout.u16(f, (int) cursor + 4);
            int from = (int) cursor + BusLayout.EXT_HEADER_LEN;
            int to = (int) Math.min(f.length, Math.max(cursor + full, from));
            out.add(new PingExtension(type, Arrays.copyOfRange(f, from, to)));
            cursor += full;
        }
        return out;
    }

    private static boolean allZero(byte[] f, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (f[off + i] != 0) {
                return false;
            }
        }
        return true;
    }

    static String latin1(byte[] f, int off, int len) {
        return new String(f, off, len, StandardCharsets.ISO_8859_1);
    }

    /** A NUL-terminated string inside a fixed field (the whole field when it has no NUL). */
    static String cString(byte[] f, int off, int max) {
        int n = 0;
        while (n < max && f[off + n] != 0) {
            n++;
        }
        return new String(f, off, n, StandardCharsets.ISO_8859_1);
    }
}
