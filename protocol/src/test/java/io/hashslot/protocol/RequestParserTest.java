package io.hashslot.protocol;

import static io.hashslot.protocol.ParserDriver.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RequestParser's framing, limits and error replies. Every expected text and threshold here was checked against
 * redis-server 7.0.15 (PROTO_INLINE_MAX_SIZE = 64 KiB, PROTO_IOBUF_LEN = 16 KiB reads, proto-max-bulk-len 512 MiB,
 * 10 arguments / 16 KiB bulks before AUTH).
 */
class RequestParserTest {
    private static final int INLINE_MAX = 64 * 1024;
    private static final int READ_CHUNK = 16 * 1024;

    private static List<List<String>> parse(String stream) throws ProtocolException {
        return new ParserDriver().feed(stream).requests;
    }

    private static String error(ParserDriver d, String stream) {
        try {
            d.feed(stream);
        } catch (ProtocolException e) {
            return e.getMessage();
        }
        throw new AssertionError("no protocol error for " + stream.substring(0, Math.min(80, stream.length())));
    }

    private static String error(String stream) {
        return error(new ParserDriver(), stream);
    }

    @Test
    void multibulkAndInlineRequests() throws ProtocolException {
        assertThat(parse("*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\nPING\r\nECHO  \"a b\"   'c d'\nSET k \"\\x00\\xff\"\r\n"))
            .containsExactly(List.of("ECHO", "hello"), List.of("PING"), List.of("ECHO", "a b", "c d"),
                List.of("SET", "k", "\u0000\u00ff"));
    }

    @Test
    void emptyRequestsAreSkipped() throws ProtocolException {
        ParserDriver d = new ParserDriver();
        RequestParser p = new RequestParser(ParserLimits.DEFAULT);
        for (String empty : List.of("\r\n", "\n", "   \r\n", "*0\r\n", "*-1\r\n", "*-5\r\n")) {
            byte[][] argv = p.next(ByteBuffer.wrap(latin1(empty)), false);
            assertThat(argv).as(empty).isEmpty();
        }
        assertThat(d.feed("\r\n*0\r\n*-1\r\nPING\r\n").requests).containsExactly(List.of("PING"));
    }

    @Test
    void emptyBulkAndEmptyQuotedArgument() throws ProtocolException {
        assertThat(parse("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\nSET \"\" ''\r\n"))
            .containsExactly(List.of("SET", "", ""), List.of("SET", "", ""));
    }

    @Test
    void allByteValuesSurviveInABulk() throws ProtocolException {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        ParserDriver d = new ParserDriver().feed(ParserDriver.multibulk(List.of(latin1("SET"), all, all)));
        assertThat(d.requests).hasSize(1);
        assertThat(latin1(d.requests.get(0).get(1))).isEqualTo(all);
        assertThat(latin1(d.requests.get(0).get(2))).isEqualTo(all);
    }

    @Test
    void largeBulkArrivingInSmallPiecesIsExact() throws ProtocolException {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 11));
        }
        byte[] stream = ParserDriver.multibulk(List.of(latin1("SET"), latin1("k"), big));
        ParserDriver d = new ParserDriver();
        for (int pos = 0; pos < stream.length; pos += 65_521) {
            d.feed(Arrays.copyOfRange(stream, pos, Math.min(stream.length, pos + 65_521)));
        }
        assertThat(d.requests).hasSize(1);
        assertThat(latin1(d.requests.get(0).get(2))).isEqualTo(big);
        assertThat(d.partial()).isFalse();
    }

    @Test
    void partialRequestIsReported() throws ProtocolException {
        ParserDriver d = new ParserDriver().feed("*2\r\n$4\r\nECHO\r\n$5\r\nhel");
        assertThat(d.requests).isEmpty();
        assertThat(d.partial()).isTrue();
        d.feed("lo\r\n");
        assertThat(d.requests).containsExactly(List.of("ECHO", "hello"));
        assertThat(d.partial()).isFalse();
        d.feed("PI");
        assertThat(d.partial()).isTrue();
    }

    @Test
    void byteAfterCarriageReturnIsNotChecked() throws ProtocolException {
        // Redis skips the byte after '\r' of a header and the two bytes after a bulk payload without looking
        assertThat(parse("*1\rx$4\r\nPING\r\n")).containsExactly(List.of("PING"));
        assertThat(parse("*1\r\n$4\r\nPINGxxPING\r\n")).containsExactly(List.of("PING"), List.of("PING"));
    }

    @Test
    void nulByteKeepsALineUnterminated() throws ProtocolException {
        // C's strchr stops at the NUL, so Redis never sees the terminator and waits for more input
        ParserDriver d = new ParserDriver().feed("PI\u0000NG\r\nPING\r\n");
        assertThat(d.requests).isEmpty();
        assertThat(d.partial()).isTrue();
        ParserDriver m = new ParserDriver().feed("*1\u0000\r\n$4\r\nPING\r\n");
        assertThat(m.requests).isEmpty();
        assertThat(m.partial()).isTrue();
    }

    @Test
    void invalidMultibulkLength() {
        for (String s : List.of("*abc\r\n", "*\r\n", "*+1\r\n", "* 1\r\n", "*1 \r\n", "*01\r\n", "*2147483648\r\n",
            "*99999999999999999999\r\n", "*1.0\r\n")) {
            assertThat(error(s)).as(s).isEqualTo("ERR Protocol error: invalid multibulk length");
        }
    }

    @Test
    void hugeButValidMultibulkLengthWaitsForArguments() throws ProtocolException {
        for (String s : List.of("*2147483647\r\n", "*1048577\r\n", "*1048577\r\n$1\r\nx\r\n")) {
            ParserDriver d = new ParserDriver().feed(s);
            assertThat(d.requests).as(s).isEmpty();
            assertThat(d.partial()).as(s).isTrue();
        }
    }

    @Test
    void expectedDollar() {
        assertThat(error("*1\r\nx\r\n")).isEqualTo("ERR Protocol error: expected '$', got 'x'");
        assertThat(error("*2\r\n$4\r\nECHO\r\n:5\r\n")).isEqualTo("ERR Protocol error: expected '$', got ':'");
        assertThat(error("*1\r\n\u00ff\r\n")).isEqualTo("ERR Protocol error: expected '$', got '\u00ff'");
    }

    @Test
    void invalidBulkLength() {
        for (String s : List.of("*1\r\n$-1\r\n", "*1\r\n$-0\r\n", "*1\r\n$abc\r\n", "*1\r\n$\r\n", "*1\r\n$+4\r\n",
            "*1\r\n$2147483648\r\n", "*1\r\n$536870913\r\n", "*1\r\n$9223372036854775808\r\n")) {
            assertThat(error(s)).as(s).isEqualTo("ERR Protocol error: invalid bulk length");
        }
    }

    @Test
    void bulkLengthLimitIsProtoMaxBulkLen() throws ProtocolException {
        assertThat(new ParserDriver().feed("*1\r\n$536870912\r\n").partial()).isTrue();
        ParserDriver small = new ParserDriver(ParserDriver.limits(100, 1L << 30), false);
        assertThat(small.feed("*1\r\n$100\r\n").partial()).isTrue();
        assertThat(error(new ParserDriver(ParserDriver.limits(100, 1L << 30), false), "*1\r\n$101\r\n"))
            .isEqualTo("ERR Protocol error: invalid bulk length");
    }

    @Test
    void unauthenticatedLimits() throws ProtocolException {
        ParserDriver ok = new ParserDriver(ParserLimits.DEFAULT, true).feed("*10\r\n$16384\r\n");
        assertThat(ok.partial()).isTrue();
        assertThat(error(new ParserDriver(ParserLimits.DEFAULT, true), "*11\r\n"))
            .isEqualTo("ERR Protocol error: unauthenticated multibulk length");
        assertThat(error(new ParserDriver(ParserLimits.DEFAULT, true), "*1\r\n$16385\r\n"))
            .isEqualTo("ERR Protocol error: unauthenticated bulk length");
        // the checks are on declared sizes only; an authenticated client has none of them
        assertThat(new ParserDriver(ParserLimits.DEFAULT, false).feed("*11\r\n$16385\r\n").partial()).isTrue();
    }

    @Test
    void unbalancedQuotes() {
        for (String s : List.of("ECHO \"abc\r\n", "ECHO 'abc\n", "ECHO \"a\"b\r\n", "ECHO 'a'b\r\n")) {
            assertThat(error(s)).as(s).isEqualTo("ERR Protocol error: unbalanced quotes in request");
        }
    }

    @Test
    void requestsBeforeAnErrorAreReturnedFirst() {
        ParserDriver d = new ParserDriver();
        assertThat(error(d, "PING\r\n*1\r\n$4\r\nECHO\r\nECHO 'x\r\n"))
            .isEqualTo("ERR Protocol error: unbalanced quotes in request");
        assertThat(d.requests).containsExactly(List.of("PING"), List.of("ECHO"));
    }

    @Test
    void inlineLineLimit() throws ProtocolException {
        String max = "a".repeat(INLINE_MAX);
        assertThat(new ParserDriver().feed(max).partial()).as("64 KiB pending is still allowed").isTrue();
        assertThat(error(max + "a")).isEqualTo("ERR Protocol error: too big inline request");
        // Redis checks after each read: a line past 64 KiB whose newline came in the same read is accepted...
        assertThat(parse("ECHO " + "a".repeat(INLINE_MAX - 4) + "\n")).hasSize(1);
        assertThat(parse("ECHO " + "a".repeat(INLINE_MAX + READ_CHUNK - 6) + "\n")).hasSize(1);
        // ...but a read of 16 KiB past the limit without a newline is refused whatever follows
        assertThat(error("ECHO " + "a".repeat(INLINE_MAX + READ_CHUNK - 5) + "\n"))
            .isEqualTo("ERR Protocol error: too big inline request");
        // 64 KiB pending, the newline arriving later
        ParserDriver d = new ParserDriver().feed("ECHO " + "a".repeat(INLINE_MAX - 5)).feed("b\n");
        assertThat(d.requests).hasSize(1);
        assertThat(d.requests.get(0).get(1)).hasSize(INLINE_MAX - 4);
    }

    @Test
    void headerLineLimits() throws ProtocolException {
        String digits = "1".repeat(INLINE_MAX - 1);
        assertThat(new ParserDriver().feed("*" + digits).partial()).isTrue();
        assertThat(error("*" + digits + "1")).isEqualTo("ERR Protocol error: too big mbulk count string");
        assertThat(new ParserDriver().feed("*1\r\n$" + digits).partial()).isTrue();
        assertThat(error("*1\r\n$" + digits + "1")).isEqualTo("ERR Protocol error: too big bulk count string");
        // a header line with a NUL never terminates: it runs into the same limit
        assertThat(error("*1\u0000\r\n" + "x".repeat(INLINE_MAX)))
            .isEqualTo("ERR Protocol error: too big mbulk count string");
    }

    @Test
    void reasonsForTheLog() {
        assertThat(reason("*x\r\n")).isEqualTo("invalid mbulk count");
        assertThat(reason("*1\r\n$x\r\n")).isEqualTo("invalid bulk length");
        assertThat(reason("*1\r\nx\r\n")).isEqualTo("expected $ but got something else");
        assertThat(reason("ECHO \"\r\n")).isEqualTo("unbalanced quotes in inline request");
        assertThat(reason("a".repeat(INLINE_MAX + 1))).isEqualTo("too big inline request");
    }

    private static String reason(String stream) {
        try {
            new ParserDriver().feed(stream);
        } catch (ProtocolException e) {
            return e.reason();
        }
        throw new AssertionError("no error");
    }

    @Test
    void queryBufferLimitClosesWithoutReply() {
        ParserDriver d = new ParserDriver(ParserDriver.limits(512L * 1024 * 1024, 1000), false);
        List<Object> seen = new ArrayList<>();
        assertThatThrownBy(() -> d.feed("*1\r\n$2000\r\n" + "x".repeat(1500)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> seen.add(e.reason()))
            .hasMessage(null);
        assertThat(seen).containsExactly("query buffer limit");
    }

    @Test
    void parserIsReusableAfterManyRequests() throws ProtocolException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append(i % 2 == 0 ? "*2\r\n$4\r\nECHO\r\n$" + String.valueOf(i).length() + "\r\n" + i + "\r\n"
                : "ECHO " + i + "\r\n");
        }
        List<List<String>> r = parse(sb.toString());
        assertThat(r).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(r.get(i)).containsExactly("ECHO", String.valueOf(i));
        }
    }
}
