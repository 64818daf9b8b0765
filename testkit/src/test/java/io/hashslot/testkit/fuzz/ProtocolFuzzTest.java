package io.hashslot.testkit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RespFuzz;
import io.hashslot.testkit.TestNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated RESP thrown at a node over many connections. Each entry is sent on a fresh connection, then
 * the connection is half-closed and everything the server writes until it closes is kept: this is deterministic
 * for Redis too (it writes what it owes, then closes on end-of-stream), so the same bytes sent to real
 * redis-server must produce byte-identical output, protocol error texts included. The corpus is fixed by
 * {@code -Dfuzz.seed} (default below); a failure message names the seed and the entry.
 */
class ProtocolFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20_240_601L);
    private static final int THREADS = 16;
    private static final int BATCH = 100;

    /** Sends {@code bytes} in one write, half-closes, returns what the server wrote until it closed. */
    static byte[] exchange(int port, byte[] bytes) {
        return exchange(port, bytes, new int[0]);
    }

    /** As {@link #exchange(int, byte[])}, with separate writes cut at the given offsets (1 ms apart). */
    static byte[] exchange(int port, byte[] bytes, int[] cuts) {
        try (RawClient c = new RawClient(port)) {
            try {
                int prev = 0;
                for (int cut : cuts) {
                    c.sendRaw(Arrays.copyOfRange(bytes, prev, cut));
                    prev = cut;
                    Thread.sleep(1);
                }
                c.sendRaw(Arrays.copyOfRange(bytes, prev, bytes.length));
                c.shutdownOutput();
            } catch (UncheckedIOException e) {
                // the server closed first (protocol error): what it wrote is still readable
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return c.drain(10_000);
        }
    }

    private static String show(byte[] b) {
        String s = ConformanceRunner.escape(b);
        return s.length() > 300 ? s.substring(0, 300) + "...(" + b.length + " bytes)" : s;
    }

    /** The node answers PING on a new connection (after AUTH when it has a password). */
    static void assertAlive(TestNode node, String password) {
        try (RawClient c = node.client()) {
            c.setTimeout(5000);
            if (password != null) {
                assertThat(c.callRawString("AUTH", password)).isEqualTo("+OK\r\n");
            }
            assertThat(c.callRawString("PING")).isEqualTo("+PONG\r\n");
        }
    }

    /** Runs every entry against both ports in parallel; returns descriptions of the entries that differ. */
    private static List<String> compare(List<byte[]> corpus, int redisPort, TestNode node, String password)
        throws Exception {
        List<String> diffs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int start = 0; start < corpus.size(); start += BATCH) {
                List<Future<String>> batch = new ArrayList<>();
                for (int i = start; i < Math.min(corpus.size(), start + BATCH); i++) {
                    int index = i;
                    byte[] entry = corpus.get(i);
                    batch.add(pool.submit(() -> {
                        byte[] theirs = exchange(redisPort, entry);
                        byte[] ours = exchange(node.port(), entry);
                        if (Arrays.equals(theirs, ours)) {
                            return null;
                        }
                        return "entry " + index + " (seed " + SEED + "): " + show(entry) + "\n  redis:    "
                            + show(theirs) + "\n  hashslot: " + show(ours);
                    }));
                }
                for (Future<String> f : batch) {
                    String d = f.get(120, TimeUnit.SECONDS);
                    if (d != null) {
                        diffs.add(d);
                    }
                }
                assertAlive(node, password);
            }
        } finally {
            pool.shutdownNow();
        }
        return diffs;
    }

    /** Fixed entries at Redis's limits, where the outcome does not depend on how reads are chunked. */
    private static List<byte[]> edgeCases() {
        List<String> cases = List.of(
            "a".repeat(65536), "a".repeat(65537), "*" + "1".repeat(65536), "*1\r\n$" + "1".repeat(65535),
            "*1\r\n$" + "1".repeat(65536), "ECHO " + "a".repeat(60_000) + "\r\n", "*1\r\n\r\n", "*1\r\n\nabc\r\n",
            "*1\r\n\u0000abc\r\n", "PI\u0000NG\r\nPING\r\n", "*1\rx$4\r\nPING\r\n", "*1\r\r\n$4\r\nPING\r\n",
            "*1\r\n$4\r\nPINGxxPING\r\n", "*3\r\n$4\r\nnope\r\n$3\r\na\rb\r\n$4\r\nc\u0000de\r\n", "   \r\nPING\r\n",
            "PING\r\n*1\r\n$4\r\nECHO\r\nECHO 'x\r\n", "QUIT\r\nPING\r\n", "*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n",
            "ECHO \"\\x41\\x\" 'a\\'b'\r\n", "*2\r\n$4\r\nPING\r\n$0\r\n\r\n", "*0\r\n*-1\r\nPING\n",
            "GET " + "k".repeat(200) + " " + "x".repeat(200) + "\r\n",
            "NOPE " + "x".repeat(300) + " y\r\n", "*1\r\n$16384\r\n" + "x".repeat(100), "*11\r\n");
        List<byte[]> out = new ArrayList<>();
        for (String c : cases) {
            out.add(c.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void sameBytesGiveTheSameOutputAsRedis() throws Exception {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<byte[]> corpus = new ArrayList<>(edgeCases());
        corpus.addAll(new RespFuzz(SEED).corpus(700));
        try (RealRedis redis = RealRedis.start(); TestNode node = TestNode.start()) {
            List<String> diffs = compare(corpus, redis.port(), node, null);
            assertThat(diffs).as("%d of %d entries differ; first ones:%n%s", diffs.size(), corpus.size(),
                String.join("\n", diffs.subList(0, Math.min(5, diffs.size())))).isEmpty();
        }
    }

    @Test
    void sameOutputAsRedisBeforeAuthentication() throws Exception {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<byte[]> corpus = new ArrayList<>(edgeCases());
        for (String s : List.of("*10\r\n", "*11\r\n", "*1\r\n$16384\r\n", "*1\r\n$16385\r\n",
            "*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*1\r\n$16385\r\n", "AUTH pw\r\n*11\r\n", "AUTH nope\r\n*11\r\n",
            "*12\r\n$4\r\nAUTH\r\n")) {
            corpus.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        corpus.addAll(new RespFuzz(SEED + 1).corpus(150));
        try (RealRedis redis = RealRedis.start("--requirepass", "pw");
             TestNode node = TestNode.start("requirepass", "pw")) {
            List<String> diffs = compare(corpus, redis.port(), node, "pw");
            assertThat(diffs).as("%d of %d entries differ; first ones:%n%s", diffs.size(), corpus.size(),
                String.join("\n", diffs.subList(0, Math.min(5, diffs.size())))).isEmpty();
        }
    }

    @Test
    void splitAtEveryByteOffset() {
        List<String> entries = List.of(
            "*3\r\n$4\r\nECHO\r\n$5\r\nhello\r\n$0\r\n\r\nPING\r\n", "*2\r\n$4\r\nECHO\r\n$3\r\na\r\n\r\nEXISTS a b\n",
            "ECHO \"a b\" 'c'\r\nPING\n*1\r\n$4\r\nPING\r\n", "PING\r\n*1\r\n$x\r\n", "PING\r\n*1\r\nx\r\n",
            "ECHO ok\r\nECHO \"abc\r\n", "*-1\r\n*0\r\n*1\r\n$4\r\nPING\r\n", "*1\r\n$4\r\nPINGxx*1\r\n$-3\r\n");
        RealRedis redis = RealRedis.available() ? RealRedis.start() : null;
        try (TestNode node = TestNode.start()) {
            for (String s : entries) {
                byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
                byte[] expected = exchange(redis != null ? redis.port() : node.port(), bytes);
                assertThat(new String(expected, StandardCharsets.ISO_8859_1)).endsWith(RawClient.CLOSED);
                for (int cut = 1; cut < bytes.length; cut++) {
                    byte[] got = exchange(node.port(), bytes, new int[] {cut});
                    assertThat(show(got)).as("%s cut at %d", show(bytes), cut).isEqualTo(show(expected));
                }
            }
            assertAlive(node, null);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void survivesAFloodOfGarbageFromManyConnections() throws Exception {
        try (TestNode node = TestNode.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(24);
            try {
                for (int round = 0; round < 4; round++) {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < 24; t++) {
                        long seed = SEED * 31 + round * 1000L + t;
                        done.add(pool.submit(() -> flood(node.port(), seed, 30)));
                    }
                    for (Future<?> f : done) {
                        f.get(120, TimeUnit.SECONDS);
                    }
                    assertAlive(node, null);
                }
                done(node);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** {@code entries} entries from one seed: some split into random writes, some several on one connection. */
    private static void flood(int port, long seed, int entries) {
        RespFuzz fuzz = new RespFuzz(seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < entries; i++) {
            byte[] e = fuzz.corpus(1).get(0);
            if (r.nextInt(4) == 0) {
                // several entries on one connection: whatever the first leaves half-parsed meets the next
                e = concat(e, fuzz.corpus(1).get(0), fuzz.corpus(1).get(0));
            }
            if (r.nextInt(20) == 0) {
                e = concat(e, bigInput(r));
            }
            int[] cuts = new int[r.nextInt(0, 4)];
            for (int k = 0; k < cuts.length; k++) {
                cuts[k] = r.nextInt(e.length + 1);
            }
            Arrays.sort(cuts);
            byte[] out = exchange(port, e, cuts);
            assertThat(new String(out, StandardCharsets.ISO_8859_1)).as("node closed after end of input: %s",
                show(e)).endsWith(RawClient.CLOSED);
        }
    }

    /** Inputs that make a parser hold a lot: a big bulk half sent, or a million-argument request begun. */
    private static byte[] bigInput(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
            sb.append("*2\r\n$4\r\nECHO\r\n$536870912\r\n").append("y".repeat(r.nextInt(1, 1_500_000)));
        } else {
            sb.append("*1048577\r\n");
            for (int i = r.nextInt(1, 20_000); i > 0; i--) {
                sb.append("$1\r\nx\r\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
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

    /** After the flood: no connection left behind and no unexpected exception in the node's log. */
    private static void done(TestNode node) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> node.inspect(s -> s.clients().size()) == 0);
        String log = node.log();
        assertThat(log).doesNotContain("Error on client connection").doesNotContain("Exception");
    }
}
