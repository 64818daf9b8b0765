package io.hashslot.cluster.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The frame decoder gives the same frames however the stream is cut, closes the link exactly on a bad signature
 * or a totlen below 2256, and neither it nor the message decoder ever throws on arbitrary bytes.
 */
class FrameDecoderTest {
    @Provide
    Arbitrary<List<BusMessage>> streams() {
        return Messages.messages().list().ofMinSize(1).ofMaxSize(5);
    }

    private static List<byte[]> drain(FrameDecoder d) {
        List<byte[]> out = new ArrayList<>();
        for (FrameDecoder.Result r = d.next(); r instanceof FrameDecoder.Frame f; r = d.next()) {
            out.add(f.bytes());
        }
        return out;
    }

    @Property(tries = 200)
    void randomCutsChangeNothing(@ForAll("streams") List<BusMessage> msgs, @ForAll long seed,
                                 @ForAll @IntRange(min = 1, max = 30) int cuts) {
        List<byte[]> frames = Messages.encodeAll(msgs);
        byte[] stream = Messages.concat(frames);
        Random rnd = new Random(seed);
        FrameDecoder d = new FrameDecoder();
        List<byte[]> got = new ArrayList<>();
        int pos = 0;
        for (int i = 0; i < cuts && pos < stream.length; i++) {
            int n = rnd.nextInt(Math.min(stream.length - pos, 3000) + 1);
            d.feed(stream, pos, n);
            pos += n;
            got.addAll(drain(d));
        }
        d.feed(stream, pos, stream.length - pos);
        got.addAll(drain(d));
        assertThat(got).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(got.get(i)).isEqualTo(frames.get(i));
        }
        assertThat(d.buffered()).isZero();
    }

    @Test
    void splittingAtEveryOffsetGivesTheSameFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (String name : Golden.FRAMES) {
            frames.add(Golden.frame(name));
        }
        byte[] stream = Messages.concat(frames);
        for (int cut = 0; cut <= stream.length; cut++) {
            FrameDecoder d = new FrameDecoder();
            d.feed(stream, 0, cut);
            List<byte[]> got = new ArrayList<>(drain(d));
            d.feed(stream, cut, stream.length - cut);
            got.addAll(drain(d));
            assertThat(got).hasSize(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                assertThat(got.get(i)).isEqualTo(frames.get(i));
            }
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] stream = Messages.concat(List.of(Golden.frame("update"), Golden.frame("meet-hostname")));
        FrameDecoder d = new FrameDecoder();
        List<byte[]> got = new ArrayList<>();
        for (byte b : stream) {
            d.feed(new byte[] {b}, 0, 1);
            got.addAll(drain(d));
        }
        assertThat(got).hasSize(2);
        assertThat(got.get(1)).isEqualTo(Golden.frame("meet-hostname"));
    }

    @Test
    void badSignatureOrShortTotlenClosesTheLink() {
        byte[] f = Golden.frame("ping-2nodes");
        byte[] sig = f.clone();
        sig[3] = 'c';
        FrameDecoder d = new FrameDecoder();
        d.feed(sig, 0, 8);
        assertThat(d.next()).isEqualTo(new FrameDecoder.Close(
            "Bad message length or signature received from Cluster bus."));
        assertThat(d.isClosed()).isTrue();
        byte[] shortLen = f.clone();
        BusLayout.putU32(shortLen, BusLayout.TOTLEN, 2255);
        FrameDecoder d2 = new FrameDecoder();
        d2.feed(shortLen, 0, shortLen.length);
        assertThat(d2.next()).isInstanceOf(FrameDecoder.Close.class);
        // exactly 2256 is acceptable framing (the message check then decides)
        byte[] minimal = Golden.frame("mfstart");
        FrameDecoder d3 = new FrameDecoder();
        d3.feed(minimal, 0, 7);
        assertThat(d3.next()).isInstanceOf(FrameDecoder.NeedMore.class);
        d3.feed(minimal, 7, minimal.length - 7);
        assertThat(d3.next()).isInstanceOf(FrameDecoder.Frame.class);
    }

    @Property(tries = 300)
    void mutatedFramesNeverThrow(@ForAll("streams") List<BusMessage> msgs, @ForAll long seed,
                                 @ForAll @IntRange(min = 1, max = 40) int mutations) {
        byte[] stream = Messages.concat(Messages.encodeAll(msgs));
        Random rnd = new Random(seed);
        for (int i = 0; i < mutations; i++) {
            int at = rnd.nextInt(stream.length);
            // favour the fields the decoder reads: lengths, counts, types, flags, extension headers
            int[] hot = {4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 2214, 2215, 2253, 2256, 2257, 2258, 2259, 2260, 2264, 2265};
            if (rnd.nextBoolean()) {
                at = Math.min(stream.length - 1, hot[rnd.nextInt(hot.length)]);
            }
            stream[at] = (byte) rnd.nextInt(256);
        }
        FrameDecoder d = new FrameDecoder();
        d.feed(stream, 0, stream.length);
        while (true) {
            FrameDecoder.Result r = d.next();
            if (r instanceof FrameDecoder.Frame f) {
                DecodeResult dr = BusCodec.decode(f.bytes());
                if (dr instanceof DecodeResult.Decoded ok) {
                    assertThat(BusCodec.decode(BusCodec.encode(ok.message()))).isInstanceOf(DecodeResult.Decoded.class);
                }
            } else {
                break;
            }
        }
    }

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll byte[] junk, @ForAll long seed) {
        Random rnd = new Random(seed);
        byte[] frame = new byte[BusLayout.HEADER_LEN + rnd.nextInt(3000)];
        rnd.nextBytes(frame);
        System.arraycopy(BusLayout.SIGNATURE, 0, frame, 0, 4);
        BusLayout.putU32(frame, BusLayout.TOTLEN, frame.length);
        frame[BusLayout.VER] = 0;
        frame[BusLayout.VER + 1] = 1;
        frame[BusLayout.TYPE] = 0;
        frame[BusLayout.TYPE + 1] = (byte) rnd.nextInt(12);
        assertThat(BusCodec.decode(frame)).isNotNull();
        FrameDecoder d = new FrameDecoder();
        d.feed(junk, 0, junk.length);
        assertThat(d.next()).isNotNull();
    }
}
