package io.hashslot.cluster.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.Golden;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Encoding/decoding of every message type, and Redis's per-message validation rules. */
class BusCodecTest {
    @Provide
    Arbitrary<BusMessage> messages() {
        return Messages.messages();
    }

    @Property(tries = 500)
    void everyMessageRoundTrips(@ForAll("messages") BusMessage m) {
        byte[] bytes = BusCodec.encode(m);
        assertThat(BusLayout.totlen(bytes)).isEqualTo(bytes.length);
        DecodeResult r = BusCodec.decode(bytes);
        assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        BusMessage back = ((DecodeResult.Decoded) r).message();
        int extData = m.body() instanceof MessageBody.Gossip g && !g.extensions().isEmpty() ? MessageFlags.EXT_DATA : 0;
        int expectedMflags = (m.header().mflags() & ~MessageFlags.EXT_DATA) | extData;
        assertThat(back.header().withMflags(0)).isEqualTo(m.header().withMflags(0));
        assertThat(back.header().mflags()).isEqualTo(expectedMflags);
        assertThat(back.body()).isEqualTo(m.body());
        assertThat(BusCodec.encode(back)).isEqualTo(bytes);
    }

    @Test
    void headerLayoutMatchesRedis() {
        assertThat(BusLayout.HEADER_LEN).isEqualTo(2256);
        assertThat(BusLayout.UPDATE_LEN).isEqualTo(4352);
        assertThat(BusLayout.FAIL_LEN).isEqualTo(2296);
        byte[] f = Golden.frame("ping-2nodes");
        assertThat(new String(f, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("RCmb");
        assertThat(BusLayout.u16(f, BusLayout.VER)).isEqualTo(1);
    }

    private static byte[] ping(int gossipCount, String hostname) {
        List<GossipEntry> g = new java.util.ArrayList<>();
        for (int i = 0; i < gossipCount; i++) {
            g.add(new GossipEntry("a".repeat(40), 1, 2, "127.0.0.1", 7000, 17000, 1, 0));
        }
        BusHeader h = new BusHeader(MessageType.PING, 7000, 1, 1, 0, "b".repeat(40), new SlotBitmap(), null, "",
            0, 17000, 1, 0, 0);
        return BusCodec.encode(new BusMessage(h, new MessageBody.Gossip(g,
            hostname == null ? List.of() : List.of(PingExtension.hostname(hostname)))));
    }

    @Test
    void hostnameExtensionIsPaddedToEightBytes() {
        assertThat(PingExtension.hostname("myhost.example").length()).isEqualTo(24);
        assertThat(PingExtension.hostname("1234567").length()).isEqualTo(16);
        assertThat(PingExtension.hostname("12345678").length()).isEqualTo(24);
        assertThat(ping(0, "myhost.example")).hasSize(2280);
    }

    @Test
    void wrongVersionIsIgnoredSilently() {
        byte[] f = ping(1, null);
        f[BusLayout.VER + 1] = 2;
        assertThat(BusCodec.decode(f)).isEqualTo(new DecodeResult.Ignored(MessageType.PING, null));
    }

    @Test
    void wrongLengthForTheTypeIsIgnoredWithRedisWarning() {
        byte[] f = ping(2, null);
        f[BusLayout.COUNT + 1] = 3; // claims 3 gossip entries but carries 2
        assertThat(BusCodec.decode(f)).isEqualTo(new DecodeResult.Ignored(MessageType.PING,
            "Received invalid ping packet of length 2464 but expected length 2568"));
        byte[] fail = Golden.frame("fail");
        byte[] longer = java.util.Arrays.copyOf(fail, fail.length + 8);
        BusLayout.putU32(longer, BusLayout.TOTLEN, longer.length);
        assertThat(BusCodec.decode(longer)).isEqualTo(new DecodeResult.Ignored(MessageType.FAIL,
            "Received invalid fail packet of length 2304 but expected length 2296"));
        byte[] pub = Golden.frame("publish");
        BusLayout.putU32(pub, BusLayout.HEADER_LEN, 5); // channel_len 4 -> 5
        assertThat(BusCodec.decode(pub)).isEqualTo(new DecodeResult.Ignored(MessageType.PUBLISH,
            "Received invalid publish packet of length 2279 but expected length 2280"));
    }

    @Test
    void extensionLengthsAreValidatedOnlyWithExtData() {
        byte[] f = ping(1, "host");
        int ext = BusLayout.HEADER_LEN + BusLayout.GOSSIP_LEN;
        byte[] badPad = f.clone();
        BusLayout.putU32(badPad, ext, 12);
        assertThat(BusCodec.decode(badPad)).isEqualTo(new DecodeResult.Ignored(MessageType.PING,
            "Received a ping packet without proper padding (12 bytes)"));
        byte[] tooLong = f.clone();
        BusLayout.putU32(tooLong, ext, 24);
        assertThat(BusCodec.decode(tooLong)).isEqualTo(new DecodeResult.Ignored(MessageType.PING,
            "Received invalid ping packet with extension data that exceeds total packet length (2376)"));
        // Redis keeps the extension length in 16 bits while validating: 0x10010 counts as 16.
        byte[] quirk = f.clone();
        BusLayout.putU32(quirk, ext, 0x10010);
        DecodeResult q = BusCodec.decode(quirk);
        assertThat(q).isInstanceOf(DecodeResult.Decoded.class);
        assertThat(((DecodeResult.Decoded) q).message().gossip().hostname()).isEqualTo("host");
        // Without EXT_DATA the extensions are not part of the expected length.
        byte[] noFlag = f.clone();
        noFlag[BusLayout.MFLAGS] = 0;
        assertThat(BusCodec.decode(noFlag)).isEqualTo(new DecodeResult.Ignored(MessageType.PING,
            "Received invalid ping packet of length 2376 but expected length 2360"));
    }

    @Test
    void unknownTypesAreDecodedWithTheirBytes() {
        BusHeader h = new BusHeader(42, 7000, 0, 0, 0, "c".repeat(40), new SlotBitmap(), null, "", 0, 17000, 1, 0, 0);
        byte[] f = BusCodec.encode(new BusMessage(h, new MessageBody.Unknown(new byte[] {1, 2, 3})));
        DecodeResult r = BusCodec.decode(f);
        assertThat(((DecodeResult.Decoded) r).message().body())
            .isEqualTo(new MessageBody.Unknown(new byte[] {1, 2, 3}));
        assertThat(MessageType.name(42)).isEqualTo("unknown");
    }

    @Test
    void typeNamesAreRedisStatisticsNames() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).stream().map(MessageType::name).toList())
            .containsExactly("ping", "pong", "meet", "fail", "publish", "auth-req", "auth-ack", "update", "mfstart",
                "module", "publishshard");
    }
}
