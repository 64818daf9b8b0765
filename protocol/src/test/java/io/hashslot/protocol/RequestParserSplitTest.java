package io.hashslot.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * A request stream gives the same requests however it is cut into chunks: the parser keeps partial state across
 * calls at every byte offset, for multibulk and inline requests alike, and errors do not depend on the cuts.
 */
class RequestParserSplitTest {

    /** One request and how it is written on the wire. */
    record Request(List<byte[]> args, int form) {
        byte[] encode() {
            return switch (form) {
                case 0 -> ParserDriver.multibulk(args);
                case 1 -> ParserDriver.inlineQuoted(args, true);
                default -> ParserDriver.inlineQuoted(args, false);
            };
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<byte[]> arg = Arbitraries.frequencyOf(
            Tuple.of(10, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)),
            Tuple.of(5, Arbitraries.strings().alpha().ofMaxLength(8).map(ParserDriver::latin1)),
            Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1000).ofMaxSize(70_000)));
        Arbitrary<List<byte[]>> args = Arbitraries.frequencyOf(
            Tuple.of(20, arg.list().ofMinSize(1).ofMaxSize(6)),
            Tuple.of(1, arg.list().ofMinSize(11).ofMaxSize(40)));
        return Combinators.combine(args, Arbitraries.integers().between(0, 2)).as(Request::new)
            .filter(r -> r.form() == 0 || r.args().stream().mapToInt(a -> a.length * 4 + 3).sum() < 60_000);
    }

    @Provide
    Arbitrary<List<Request>> streams() {
        return requests().list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void splittingAValidStreamChangesNothing(@ForAll("streams") List<Request> requests,
                                             @ForAll @IntRange(min = 0, max = 20) int cutCount,
                                             @ForAll long cutSeed) throws ProtocolException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<List<String>> expected = new ArrayList<>();
        for (Request r : requests) {
            out.writeBytes(r.encode());
            expected.add(ParserDriver.strings(r.args().toArray(new byte[0][])));
        }
        byte[] stream = out.toByteArray();
        int[] cuts = cuts(stream.length, cutCount, cutSeed);

        List<List<String>> whole = new ParserDriver().feed(stream).requests;
        ParserDriver split = new ParserDriver().feed(stream, cuts);
        assertThat(whole).isEqualTo(expected);
        assertThat(split.requests).isEqualTo(expected);
        assertThat(split.partial()).isFalse();
    }

    @Property(tries = 200)
    void everyByteOffsetOfASmallStream(@ForAll("requests") Request request) throws ProtocolException {
        byte[] stream = request.encode();
        if (stream.length > 2000) {
            return;
        }
        List<String> expected = ParserDriver.strings(request.args().toArray(new byte[0][]));
        for (int cut = 0; cut <= stream.length; cut++) {
            ParserDriver d = new ParserDriver().feed(stream, new int[] {cut});
            assertThat(d.requests).as("cut at %d", cut).containsExactly(expected);
        }
        // and one byte at a time
        ParserDriver bytewise = new ParserDriver();
        for (byte b : stream) {
            bytewise.feed(new byte[] {b});
        }
        assertThat(bytewise.requests).containsExactly(expected);
    }

    @Provide
    Arbitrary<String> brokenRequests() {
        return Arbitraries.of(
            "*abc\r\n", "*1\r\nx\r\n", "*1\r\n$-1\r\n", "*1\r\n$2147483648\r\n", "ECHO \"abc\r\n", "ECHO 'a'b\n",
            "*2\r\n$4\r\nECHO\r\n:5\r\n", "*3000000000\r\n", "*1\r\n$abc\r\n", "*\r\n");
    }

    @Property(tries = 200)
    void errorsDoNotDependOnTheCuts(@ForAll("requests") Request before, @ForAll("brokenRequests") String broken,
                                    @ForAll @IntRange(min = 0, max = 8) int cutCount, @ForAll long cutSeed) {
        byte[] stream = ParserDriver.concat(before.encode(), ParserDriver.latin1(broken));
        String whole = errorOf(new ParserDriver(), stream, new int[0]);
        String split = errorOf(new ParserDriver(), stream, cuts(stream.length, cutCount, cutSeed));
        assertThat(whole).startsWith("ERR Protocol error: ");
        assertThat(split).isEqualTo(whole);
    }

    private static String errorOf(ParserDriver d, byte[] stream, int[] cuts) {
        try {
            d.feed(stream, cuts);
        } catch (ProtocolException e) {
            assertThat(d.requests).as("requests before the error").hasSize(1);
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    /** {@code count} ascending cut offsets in [0, length], derived from {@code seed}. */
    private static int[] cuts(int length, int count, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] cuts = new int[count];
        for (int i = 0; i < count; i++) {
            cuts[i] = r.nextInt(length + 1);
        }
        java.util.Arrays.sort(cuts);
        return cuts;
    }
}
