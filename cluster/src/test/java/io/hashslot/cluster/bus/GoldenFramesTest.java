package io.hashslot.cluster.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.Golden;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Frames sent by a real redis-server 7.0.15 decode to what it meant and re-encode to the same bytes. */
class GoldenFramesTest {
    static final String[] FRAMES = Golden.FRAMES;
    static final String REAL1 = "00fc4258566c784b51739b959cbee9e08102ee81";
    static final String REAL2 = "96029bf0fbec0c1e720f5ebc6ed416b5e9f3983e";

    private static BusMessage decode(String name) {
        DecodeResult r = BusCodec.decode(Golden.frame(name));
        assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) r).message();
    }

    @ParameterizedTest
    @FieldSource("FRAMES")
    void reencodesByteForByte(String name) {
        byte[] frame = Golden.frame(name);
        assertThat(BusCodec.encode(decode(name))).isEqualTo(frame);
    }

    @Test
    void meetCarriesTheHostnameExtension() {
        BusMessage m = decode("meet-hostname");
        BusHeader h = m.header();
        assertThat(h.type()).isEqualTo(MessageType.MEET);
        assertThat(h.sender()).isEqualTo(REAL1);
        assertThat(h.port()).isEqualTo(31001);
        assertThat(h.cport()).isEqualTo(41001);
        assertThat(h.flags()).isEqualTo(0x11);
        assertThat(h.currentEpoch()).isEqualTo(10);
        assertThat(h.configEpoch()).isEqualTo(10);
        assertThat(h.myslots()).isEqualTo(SlotBitmap.range(0, 99));
        assertThat(h.slaveof()).isNull();
        assertThat(h.myip()).isEmpty();
        assertThat(h.state()).isEqualTo(1);
        assertThat(h.mflags()).isEqualTo(MessageFlags.EXT_DATA);
        assertThat(m.gossip().entries()).isEmpty();
        assertThat(m.gossip().hostname()).isEqualTo("myhost.example");
        assertThat(m.gossip().extensions()).singleElement().satisfies(e -> assertThat(e.length()).isEqualTo(24));
        assertThat(Golden.frame("meet-hostname")).hasSize(2280);
    }

    @Test
    void pongWithThreeKnownNodesGossipsOneNode() {
        BusMessage m = decode("pong-gossip");
        assertThat(m.type()).isEqualTo(MessageType.PONG);
        GossipEntry g = m.gossip().entries().get(0);
        assertThat(m.gossip().entries()).hasSize(1);
        assertThat(g.nodeName()).isIn("a".repeat(39) + "1", "b".repeat(39) + "2");
        assertThat(g.ip()).isEqualTo("127.0.0.1");
        assertThat(g.cport()).isEqualTo(g.port() + 10000);
        assertThat(g.flags()).isEqualTo(1);
    }

    @Test
    void publishBodies() {
        MessageBody.Publish p = (MessageBody.Publish) decode("publish").body();
        assertThat(new String(p.channel(), StandardCharsets.ISO_8859_1)).isEqualTo("news");
        assertThat(new String(p.message(), StandardCharsets.ISO_8859_1)).isEqualTo("hello world");
        BusMessage s = decode("publishshard");
        assertThat(s.type()).isEqualTo(MessageType.PUBLISHSHARD);
        assertThat(new String(((MessageBody.Publish) s.body()).message(), StandardCharsets.ISO_8859_1))
            .isEqualTo("sharded");
        assertThat(s.header().flags()).isEqualTo(0x111);
    }

    @Test
    void updateNamesTheOwnerWithItsEpochAndSlots() {
        MessageBody.Update u = (MessageBody.Update) decode("update").body();
        assertThat(u.nodeName()).isEqualTo(REAL1);
        assertThat(u.configEpoch()).isEqualTo(10);
        assertThat(u.slots()).isEqualTo(SlotBitmap.range(0, 99));
        assertThat(Golden.frame("update")).hasSize(BusLayout.UPDATE_LEN);
    }

    @Test
    void failNamesTheFailedNode() {
        assertThat(((MessageBody.Fail) decode("fail").body()).nodeName()).isEqualTo("b".repeat(39) + "2");
    }

    @Test
    void failoverMessages() {
        BusMessage ack = decode("auth-ack");
        assertThat(ack.type()).isEqualTo(MessageType.FAILOVER_AUTH_ACK);
        assertThat(ack.header().currentEpoch()).isEqualTo(11);
        BusMessage mf = decode("mfstart");
        assertThat(mf.type()).isEqualTo(MessageType.MFSTART);
        assertThat(mf.header().sender()).isEqualTo(REAL2);
        assertThat(mf.header().slaveof()).isEqualTo("e".repeat(39) + "5");
        assertThat(mf.header().flags()).isEqualTo(0x12);
        assertThat(mf.header().myslots()).isEqualTo(SlotBitmap.range(200, 299));
        BusMessage req = decode("auth-request");
        assertThat(req.type()).isEqualTo(MessageType.FAILOVER_AUTH_REQUEST);
        assertThat(req.header().mflags()).isEqualTo(MessageFlags.FORCEACK);
        assertThat(req.header().currentEpoch()).isEqualTo(1);
    }
}
