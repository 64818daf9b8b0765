package io.hashslot.cluster.bus;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of bus messages of every type. */
final class Messages {
    private Messages() {
    }

    static Arbitrary<String> names() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(40);
    }

    static Arbitrary<String> ips() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("127.0.0.1"),
            Arbitraries.just("::ffff:10.0.0.1"), Arbitraries.strings().withChars("0123456789.:abcdef").ofMaxLength(45));
    }

    static Arbitrary<SlotBitmap> slots() {
        return Arbitraries.oneOf(Arbitraries.just(new SlotBitmap()),
            Arbitraries.integers().between(0, 16383).list().ofMaxSize(50)
                .map(l -> SlotBitmap.of(l.stream().mapToInt(Integer::intValue).toArray())),
            Combinators.combine(Arbitraries.integers().between(0, 16383), Arbitraries.integers().between(0, 16383))
                .as((a, b) -> SlotBitmap.range(Math.min(a, b), Math.max(a, b))));
    }

    static Arbitrary<BusHeader> headers(int type) {
        Arbitrary<Long> u64 = Arbitraries.longs();
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 65535);
        return Combinators.combine(u16, u64, u64, u64, names(), slots(), names().injectNull(0.5), ips())
            .flatAs((port, cur, conf, off, sender, sl, slaveof, ip) -> Combinators.combine(u16, u16, u16,
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 3))
                .as((pport, cport, flags, state, mflags) -> new BusHeader(type, port, cur, conf, off, sender, sl,
                    slaveof, ip, pport, cport, flags, state, mflags)));
    }

    static Arbitrary<GossipEntry> gossip() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 65535);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xffffffffL);
        return Combinators.combine(names(), u32, u32, ips(), u16, u16, u16, u16).as(GossipEntry::new);
    }

    static Arbitrary<MessageBody> body(int type) {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return switch (type) {
            case MessageType.PING, MessageType.PONG, MessageType.MEET -> Combinators.combine(
                gossip().list().ofMaxSize(12),
                Arbitraries.strings().ascii().ofMaxLength(60).filter(s -> s.indexOf('\0') < 0).injectNull(0.5))
                .as((g, host) -> new MessageBody.Gossip(g, host == null || host.isEmpty() ? List.of()
                    : List.of(PingExtension.hostname(host))));
            case MessageType.FAIL -> names().map(MessageBody.Fail::new);
            case MessageType.PUBLISH, MessageType.PUBLISHSHARD ->
                Combinators.combine(bytes, bytes).as(MessageBody.Publish::new);
            case MessageType.UPDATE -> Combinators.combine(Arbitraries.longs(), names(), slots())
                .as(MessageBody.Update::new);
            case MessageType.MODULE -> Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 255),
                bytes).as(MessageBody.Module::new);
            case MessageType.FAILOVER_AUTH_REQUEST, MessageType.FAILOVER_AUTH_ACK, MessageType.MFSTART ->
                Arbitraries.just(new MessageBody.Empty());
            default -> bytes.map(MessageBody.Unknown::new);
        };
    }

    static Arbitrary<BusMessage> messages() {
        return Arbitraries.integers().between(0, 12).flatMap(type ->
            Combinators.combine(headers(type), body(type)).as(BusMessage::new));
    }

    static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static List<byte[]> encodeAll(List<BusMessage> ms) {
        List<byte[]> out = new ArrayList<>();
        for (BusMessage m : ms) {
            out.add(BusCodec.encode(m));
        }
        return out;
    }
}
