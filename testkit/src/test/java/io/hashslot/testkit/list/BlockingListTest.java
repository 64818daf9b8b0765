package io.hashslot.testkit.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking list commands with several connections to one node: who is served first, what wakes a waiter and what
 * does not, timeouts, MULTI, chains of BLMOVE, and the waiter's state after it is served.
 */
class BlockingListTest {
    private static TestNode node;
    private final List<RawClient> clients = new ArrayList<>();
    private RawClient r;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void connect() {
        r = client();
        r.callRawString("FLUSHALL");
    }

    @AfterEach
    void disconnect() {
        clients.forEach(RawClient::close);
        clients.clear();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> blocked() == 0);
    }

    private RawClient client() {
        RawClient c = node.client();
        clients.add(c);
        return c;
    }

    /** Clients blocked right now, read on the node's execution thread. */
    private static long blocked() throws Exception {
        CompletableFuture<Long> f = new CompletableFuture<>();
        node.server().execute(() -> f.complete(node.server().context().clients().blockedCount()));
        return f.get(5, TimeUnit.SECONDS);
    }

    private static void awaitBlocked(long n) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> blocked() == n);
    }

    private static void send(RawClient c, String... args) {
        c.send(RawClient.args(args));
    }

    private static String read(RawClient c) {
        return new String(c.readRaw(), StandardCharsets.ISO_8859_1);
    }

    private static String call(RawClient c, String... args) {
        return c.callRawString(args);
    }

    /** A bulk array reply as Redis encodes it in RESP2. */
    private static String arr(String... items) {
        StringBuilder sb = new StringBuilder("*").append(items.length).append("\r\n");
        for (String s : items) {
            sb.append('$').append(s.length()).append("\r\n").append(s).append("\r\n");
        }
        return sb.toString();
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    /** Asserts that nothing arrives on {@code c} for {@code ms} milliseconds (it is still blocked). */
    private static void assertSilent(RawClient c, int ms) {
        c.setTimeout(ms);
        try {
            assertThatThrownBy(c::readRaw).isInstanceOf(UncheckedIOException.class);
        } finally {
            c.setTimeout(30_000);
        }
    }

    @Test
    void firstBlockedIsFirstServed() {
        RawClient[] w = {client(), client(), client()};
        for (int i = 0; i < w.length; i++) {
            send(w[i], "BLPOP", "k", "0");
            awaitBlocked(i + 1);
        }
        assertThat(call(r, "RPUSH", "k", "a", "b")).isEqualTo(":2\r\n");
        assertThat(read(w[0])).isEqualTo(arr("k", "a"));
        assertThat(read(w[1])).isEqualTo(arr("k", "b"));
        awaitBlocked(1);
        assertSilent(w[2], 200);
        assertThat(call(r, "EXISTS", "k")).isEqualTo(":0\r\n");
        call(r, "LPUSH", "k", "c");
        assertThat(read(w[2])).isEqualTo(arr("k", "c"));
    }

    @Test
    void pushFromAnotherClientServesEveryKindOfWaiter() {
        RawClient a = client();
        RawClient b = client();
        RawClient m = client();
        RawClient mv = client();
        send(a, "BRPOP", "k1", "k2", "0");
        send(b, "BLMPOP", "0", "2", "k3", "k2", "LEFT", "COUNT", "2");
        send(m, "BRPOPLPUSH", "k4", "dst", "0");
        send(mv, "BLMOVE", "k5", "dst", "LEFT", "RIGHT", "0");
        awaitBlocked(4);
        call(r, "RPUSH", "k2", "x", "y", "z");
        assertThat(read(a)).isEqualTo(arr("k2", "z"));
        assertThat(read(b)).isEqualTo("*2\r\n" + bulk("k2") + arr("x", "y"));
        call(r, "RPUSH", "k4", "p", "q");
        assertThat(read(m)).isEqualTo(bulk("q"));
        call(r, "RPUSH", "k5", "s");
        assertThat(read(mv)).isEqualTo(bulk("s"));
        assertThat(call(r, "LRANGE", "dst", "0", "-1")).isEqualTo(arr("q", "s"));
        assertThat(call(r, "LRANGE", "k4", "0", "-1")).isEqualTo(arr("p"));
        assertThat(call(r, "EXISTS", "k2", "k5")).isEqualTo(":0\r\n");
    }

    @Test
    void timeoutRepliesNullAfterRoughlyTheTimeout() {
        long start = System.nanoTime();
        assertThat(call(r, "BLPOP", "k", "0.3")).isEqualTo("*-1\r\n");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isBetween(290L, 2000L);
        start = System.nanoTime();
        assertThat(call(r, "BLMOVE", "k", "d", "LEFT", "LEFT", "0.2")).isEqualTo("*-1\r\n");
        ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isBetween(190L, 2000L);
        assertThat(call(r, "BLMPOP", "0.05", "1", "k", "LEFT")).isEqualTo("*-1\r\n");
        call(r, "HELLO", "3");
        assertThat(call(r, "BRPOPLPUSH", "k", "d", "0.05")).isEqualTo("_\r\n");
    }

    @Test
    void zeroTimeoutWaitsForever() {
        RawClient w = client();
        send(w, "BLPOP", "k", "0");
        awaitBlocked(1);
        assertSilent(w, 1000);
        call(r, "RPUSH", "k", "v");
        assertThat(read(w)).isEqualTo(arr("k", "v"));
    }

    @Test
    void insideMultiNothingBlocks() {
        call(r, "MULTI");
        send(r, "BLPOP", "k", "0");
        send(r, "BLMOVE", "k", "d", "LEFT", "LEFT", "0");
        send(r, "BLMPOP", "0", "1", "k", "LEFT");
        read(r);
        read(r);
        read(r);
        assertThat(call(r, "EXEC")).isEqualTo("*3\r\n*-1\r\n$-1\r\n*-1\r\n");
        assertThat(blockedNow()).isZero();
    }

    private static long blockedNow() {
        try {
            return blocked();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void multiExecIsIsolatedFromWaiters() {
        RawClient w = client();
        send(w, "BLPOP", "list", "0");
        awaitBlocked(1);
        call(r, "MULTI");
        call(r, "LPUSH", "list", "a");
        call(r, "LPUSH", "list", "b");
        call(r, "LPUSH", "list", "c");
        call(r, "EXEC");
        assertThat(read(w)).isEqualTo(arr("list", "c"));
        assertThat(call(r, "LRANGE", "list", "0", "-1")).isEqualTo(arr("b", "a"));
    }

    @Test
    void pushThenDeleteInMultiDoesNotWake() {
        RawClient w = client();
        send(w, "BLPOP", "list", "0");
        awaitBlocked(1);
        call(r, "MULTI");
        call(r, "LPUSH", "list", "a");
        call(r, "DEL", "list");
        call(r, "SET", "list", "foo");
        call(r, "EXEC");
        assertSilent(w, 200);
        call(r, "DEL", "list");
        call(r, "LPUSH", "list", "b");
        assertThat(read(w)).isEqualTo(arr("list", "b"));
    }

    @Test
    void keyOverwrittenWithAnotherTypeKeepsTheClientWaiting() {
        RawClient w = client();
        send(w, "BLMPOP", "0", "1", "k", "RIGHT");
        awaitBlocked(1);
        call(r, "SET", "k", "string");
        call(r, "DEL", "k");
        call(r, "SET", "k", "again");
        assertSilent(w, 200);
        assertThat(blockedNow()).isEqualTo(1);
        call(r, "DEL", "k");
        call(r, "RPUSH", "k", "1", "2");
        assertThat(read(w)).isEqualTo("*2\r\n" + bulk("k") + arr("2"));
    }

    @Test
    void wrongDestinationTypeFailsWhenServedAndLeavesTheSource() {
        RawClient w = client();
        call(r, "SET", "target", "nolist");
        send(w, "BRPOPLPUSH", "blist", "target", "0");
        awaitBlocked(1);
        call(r, "RPUSH", "blist", "a", "b", "c");
        assertThat(read(w)).startsWith("-WRONGTYPE");
        assertThat(call(r, "LRANGE", "blist", "0", "-1")).isEqualTo(arr("a", "b", "c"));
    }

    @Test
    void wrongTypeWaiterDoesNotStopTheNextOne() {
        RawClient w1 = client();
        RawClient w2 = client();
        call(r, "SET", "target1", "nolist");
        send(w1, "BRPOPLPUSH", "blist", "target1", "0");
        awaitBlocked(1);
        send(w2, "BRPOPLPUSH", "blist", "target2", "0");
        awaitBlocked(2);
        call(r, "LPUSH", "blist", "foo");
        assertThat(read(w1)).startsWith("-WRONGTYPE");
        assertThat(read(w2)).isEqualTo(bulk("foo"));
        assertThat(call(r, "LRANGE", "target2", "0", "-1")).isEqualTo(arr("foo"));
    }

    @Test
    void linkedBlmovesChain() {
        RawClient w1 = client();
        RawClient w2 = client();
        send(w1, "BLMOVE", "list1", "list2", "RIGHT", "LEFT", "0");
        awaitBlocked(1);
        send(w2, "BLMOVE", "list2", "list3", "LEFT", "RIGHT", "0");
        awaitBlocked(2);
        call(r, "RPUSH", "list1", "foo");
        assertThat(read(w1)).isEqualTo(bulk("foo"));
        assertThat(read(w2)).isEqualTo(bulk("foo"));
        assertThat(call(r, "EXISTS", "list1", "list2")).isEqualTo(":0\r\n");
        assertThat(call(r, "LRANGE", "list3", "0", "-1")).isEqualTo(arr("foo"));
    }

    @Test
    void circularAndSelfReferentialBrpoplpush() {
        RawClient w1 = client();
        RawClient w2 = client();
        send(w1, "BRPOPLPUSH", "list1", "list2", "0");
        awaitBlocked(1);
        send(w2, "BRPOPLPUSH", "list2", "list1", "0");
        awaitBlocked(2);
        call(r, "RPUSH", "list1", "foo");
        assertThat(read(w1)).isEqualTo(bulk("foo"));
        assertThat(read(w2)).isEqualTo(bulk("foo"));
        assertThat(call(r, "LRANGE", "list1", "0", "-1")).isEqualTo(arr("foo"));
        assertThat(call(r, "EXISTS", "list2")).isEqualTo(":0\r\n");
        RawClient w3 = client();
        send(w3, "BRPOPLPUSH", "blist", "blist", "0");
        awaitBlocked(1);
        call(r, "RPUSH", "blist", "bar");
        assertThat(read(w3)).isEqualTo(bulk("bar"));
        assertThat(call(r, "LRANGE", "blist", "0", "-1")).isEqualTo(arr("bar"));
    }

    @Test
    void blmoveFeedsAClientWaitingOnTheTarget() {
        RawClient popper = client();
        RawClient mover = client();
        send(popper, "BLPOP", "target", "0");
        awaitBlocked(1);
        send(mover, "BLMOVE", "blist", "target", "LEFT", "RIGHT", "0");
        awaitBlocked(2);
        call(r, "RPUSH", "blist", "foo");
        assertThat(read(mover)).isEqualTo(bulk("foo"));
        assertThat(read(popper)).isEqualTo(arr("target", "foo"));
        assertThat(call(r, "EXISTS", "target", "blist")).isEqualTo(":0\r\n");
    }

    @Test
    void blmpopWaitersShareElementsInOrder() {
        RawClient[] w = {client(), client(), client(), client()};
        send(w[0], "BLMPOP", "0", "2", "blist", "blist2", "LEFT", "COUNT", "1");
        awaitBlocked(1);
        send(w[1], "BLMPOP", "0", "2", "blist", "blist2", "RIGHT", "COUNT", "10");
        awaitBlocked(2);
        send(w[2], "BLMPOP", "0", "2", "blist", "blist2", "LEFT", "COUNT", "10");
        awaitBlocked(3);
        send(w[3], "BLMPOP", "0", "2", "blist", "blist2", "RIGHT", "COUNT", "1");
        awaitBlocked(4);
        call(r, "MULTI");
        call(r, "LPUSH", "blist", "a", "b", "c", "d", "e");
        call(r, "LPUSH", "blist2", "1", "2", "3", "4", "5");
        call(r, "EXEC");
        assertThat(read(w[0])).isEqualTo("*2\r\n" + bulk("blist") + arr("e"));
        assertThat(read(w[1])).isEqualTo("*2\r\n" + bulk("blist") + arr("a", "b", "c", "d"));
        assertThat(read(w[2])).isEqualTo("*2\r\n" + bulk("blist2") + arr("5", "4", "3", "2", "1"));
        call(r, "LPUSH", "blist2", "1", "2", "3");
        assertThat(read(w[3])).isEqualTo("*2\r\n" + bulk("blist2") + arr("1"));
        assertThat(call(r, "LRANGE", "blist2", "0", "-1")).isEqualTo(arr("3", "2"));
    }

    @Test
    void sameKeyNamedTwiceIsServedOnceAndForgotten() {
        RawClient w = client();
        send(w, "BLPOP", "list1", "list2", "list2", "list1", "0");
        awaitBlocked(1);
        call(r, "LPUSH", "list1", "a");
        assertThat(read(w)).isEqualTo(arr("list1", "a"));
        send(w, "BLPOP", "list1", "list2", "list2", "list1", "0");
        awaitBlocked(1);
        call(r, "LPUSH", "list2", "b");
        assertThat(read(w)).isEqualTo(arr("list2", "b"));
        awaitBlocked(0);
        call(r, "LPUSH", "list1", "c");
        assertThat(call(r, "LRANGE", "list1", "0", "-1")).isEqualTo(arr("c"));
    }

    @Test
    void disconnectedWaiterIsForgotten() {
        RawClient gone = client();
        RawClient w = client();
        send(gone, "BLPOP", "k", "0");
        awaitBlocked(1);
        send(w, "BLPOP", "k", "0");
        awaitBlocked(2);
        gone.close();
        awaitBlocked(1);
        call(r, "RPUSH", "k", "a", "b");
        assertThat(read(w)).isEqualTo(arr("k", "a"));
        assertThat(call(r, "LRANGE", "k", "0", "-1")).isEqualTo(arr("b"));
    }

    @Test
    void pipelinedCommandsOfAServedClientRunAfterTheOtherWaiters() {
        RawClient w1 = client();
        RawClient w2 = client();
        w1.sendRaw("*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        awaitBlocked(1);
        send(w2, "BLPOP", "k", "0");
        awaitBlocked(2);
        call(r, "RPUSH", "k", "a", "b");
        assertThat(read(w1)).isEqualTo(arr("k", "a"));
        assertThat(read(w2)).isEqualTo(arr("k", "b"));
        awaitBlocked(1);
        call(r, "RPUSH", "k", "c");
        assertThat(read(w1)).isEqualTo(arr("k", "c"));
    }

    @Test
    void waitersAreServedInTheirOwnDatabase() {
        RawClient w = client();
        call(w, "SELECT", "1");
        send(w, "BLPOP", "k", "0");
        awaitBlocked(1);
        call(r, "RPUSH", "k", "db0");
        assertSilent(w, 200);
        call(r, "SELECT", "1");
        call(r, "RPUSH", "k", "db1");
        assertThat(read(w)).isEqualTo(arr("k", "db1"));
        assertThat(call(w, "EXISTS", "k")).isEqualTo(":0\r\n");
        call(r, "SELECT", "0");
        assertThat(call(r, "LRANGE", "k", "0", "-1")).isEqualTo(arr("db0"));
    }

    @Test
    void pushMadeByAServedBrpoplpushTouchesWatchers() {
        RawClient blocked = client();
        RawClient watching = client();
        call(r, "SET", "somekey", "somevalue");
        send(blocked, "BRPOPLPUSH", "srclist", "dstlist", "0");
        awaitBlocked(1);
        call(watching, "WATCH", "dstlist");
        call(watching, "MULTI");
        call(watching, "GET", "somekey");
        call(r, "LPUSH", "srclist", "element");
        assertThat(read(blocked)).isEqualTo(bulk("element"));
        assertThat(call(watching, "EXEC")).isEqualTo("*-1\r\n");
    }

    @Test
    void sortStoreCreatingTheKeyWakesButOverwritingAnotherTypeDoesNot() {
        RawClient w = client();
        send(w, "BLPOP", "foo", "5");
        awaitBlocked(1);
        call(r, "LPUSH", "notfoo", "hello", "hola", "aguacate", "konichiwa", "zanzibar");
        assertThat(call(r, "SORT", "notfoo", "ALPHA", "STORE", "foo")).isEqualTo(":5\r\n");
        assertThat(read(w)).isEqualTo(arr("foo", "aguacate"));
        send(w, "BLPOP", "bar", "0");
        awaitBlocked(1);
        call(r, "SET", "bar", "string");
        call(r, "SORT", "notfoo", "ALPHA", "STORE", "bar");
        assertSilent(w, 200);
        assertThat(call(r, "LLEN", "bar")).isEqualTo(":5\r\n");
    }

    /** What each connected client's last command propagates (its rewritten argv), read on the node's thread. */
    /** Commands the node propagated (to replicas and the AOF) since {@link #recordPropagation()}. */
    private static final List<String> PROPAGATED = new ArrayList<>();

    private static void recordPropagation() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        node.server().execute(() -> {
            node.server().context().propagation().addSink((db, argv) -> {
                StringBuilder sb = new StringBuilder();
                for (byte[] a : argv) {
                    sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
                }
                PROPAGATED.add(sb.toString());
            });
            f.complete(null);
        });
        f.get(5, TimeUnit.SECONDS);
    }

    private static List<String> propagated() throws Exception {
        CompletableFuture<List<String>> f = new CompletableFuture<>();
        node.server().execute(() -> f.complete(new ArrayList<>(PROPAGATED)));
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void servedWaitersPropagateAsTheNonBlockingCommands() throws Exception {
        recordPropagation();
        RawClient[] w = {client(), client(), client(), client()};
        send(w[0], "BLPOP", "k1", "0");
        send(w[1], "BLMPOP", "0", "1", "k2", "RIGHT", "COUNT", "5");
        send(w[2], "BLMOVE", "k3", "d", "LEFT", "RIGHT", "0");
        send(w[3], "BRPOPLPUSH", "k4", "d", "0");
        awaitBlocked(4);
        call(r, "RPUSH", "k1", "a", "b");
        call(r, "RPUSH", "k2", "a", "b");
        call(r, "RPUSH", "k3", "a", "b");
        call(r, "RPUSH", "k4", "a", "b");
        for (RawClient c : w) {
            read(c);
        }
        assertThat(propagated()).contains("LPOP k1", "RPOP k2 2", "LMOVE k3 d left right", "RPOPLPUSH k4 d");
        RawClient now = client();
        call(now, "BRPOP", "k1", "0");
        assertThat(propagated()).contains("RPOP k1");
        call(now, "BLMPOP", "0", "1", "k4", "LEFT", "COUNT", "9");
        assertThat(propagated()).contains("LPOP k4 1");
        call(now, "BLMOVE", "d", "d2", "right", "Left", "0");
        assertThat(propagated()).contains("LMOVE d d2 right Left");
    }

    @Test
    void swapdbWakingAClientOnAnExpiredKeyDeletesAndPropagatesIt() throws Exception {
        recordPropagation();
        RawClient w = client();
        call(r, "DEBUG", "SET-ACTIVE-EXPIRE", "0");
        try {
            call(r, "SELECT", "1");
            call(r, "RPUSH", "swapk", "hello");
            call(r, "PEXPIRE", "swapk", "100");
            call(w, "SELECT", "9");
            send(w, "BRPOP", "swapk", "0");
            awaitBlocked(1);
            Thread.sleep(150);
            call(r, "SWAPDB", "1", "9");
            // the woken client finds the key expired: it stays blocked and the key is deleted with a DEL
            assertThat(propagated()).contains("DEL swapk");
            assertThat(blocked()).isEqualTo(1);
        } finally {
            call(r, "DEBUG", "SET-ACTIVE-EXPIRE", "1");
            call(r, "SELECT", "0");
            call(r, "FLUSHALL");
        }
    }
}
