package io.hashslot.testkit.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.FreePorts;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MIGRATE between Hashslot and real redis-server 7.0 in both directions (every value type Hashslot has — streams
 * are not implemented yet — TTLs, COPY, REPLACE,
 * KEYS, AUTH), and the error replies of a Hashslot source compared byte for byte with a real redis source.
 */
class MigrateTest {
    @BeforeEach
    void needRedis() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
    }

    private static String raw(int port, String... args) {
        try (RawClient c = new RawClient(port)) {
            return c.callRawString(args);
        }
    }

    private static void fill(int port) {
        raw(port, "SET", "str", "hello");
        raw(port, "SET", "num", "12345");
        raw(port, "RPUSH", "list", "a", "b", "c");
        raw(port, "SADD", "set", "x", "y", "z");
        raw(port, "SADD", "intset", "1", "2", "3");
        raw(port, "HSET", "hash", "f1", "v1", "f2", "v2");
        raw(port, "ZADD", "zset", "1.5", "m1", "2", "m2");
        raw(port, "PFADD", "hll", "a", "b", "c");
        raw(port, "SET", "ttl", "v", "PX", "100000");
    }

    private static final List<String> KEYS = List.of("str", "num", "list", "set", "intset", "hash", "zset", "hll",
        "ttl");

    /** What a client reads back for every key of {@link #fill}. */
    private static String contents(int port) {
        StringBuilder sb = new StringBuilder();
        sb.append(raw(port, "GET", "str")).append(raw(port, "GET", "num"));
        sb.append(raw(port, "LRANGE", "list", "0", "-1"));
        sb.append(raw(port, "SORT", "set", "ALPHA")).append(raw(port, "SORT", "intset"));
        sb.append(raw(port, "HGET", "hash", "f1")).append(raw(port, "HGET", "hash", "f2"));
        sb.append(raw(port, "ZRANGE", "zset", "0", "-1", "WITHSCORES"));
        sb.append(raw(port, "PFCOUNT", "hll")).append(raw(port, "GET", "ttl"));
        return sb.toString();
    }

    private static void migrateAll(int from, int to) {
        String[] args = new String[7 + KEYS.size()];
        String[] head = {"MIGRATE", "127.0.0.1", Integer.toString(to), "", "0", "5000", "KEYS"};
        System.arraycopy(head, 0, args, 0, head.length);
        for (int i = 0; i < KEYS.size(); i++) {
            args[7 + i] = KEYS.get(i);
        }
        assertThat(raw(from, args)).isEqualTo("+OK\r\n");
    }

    @Test
    void hashslotToRealRedisAndBack() {
        try (TestNode node = TestNode.start(); RealRedis real = RealRedis.start(); RealRedis ref = RealRedis.start()) {
            fill(node.port());
            fill(ref.port());
            String expected = contents(ref.port());
            assertThat(contents(node.port())).isEqualTo(expected);
            migrateAll(node.port(), real.port());
            assertThat(raw(node.port(), "DBSIZE")).isEqualTo(":0\r\n");
            assertThat(contents(real.port())).isEqualTo(expected);
            String ttl = raw(real.port(), "PTTL", "ttl");
            assertThat(Long.parseLong(ttl.substring(1).trim())).isBetween(90_000L, 100_000L);
            migrateAll(real.port(), node.port());
            assertThat(raw(real.port(), "DBSIZE")).isEqualTo(":0\r\n");
            assertThat(contents(node.port())).isEqualTo(expected);
            assertThat(Long.parseLong(raw(node.port(), "PTTL", "ttl").substring(1).trim())).isBetween(80_000L,
                100_000L);
        }
    }

    @Test
    void copyReplaceBusyKeyAndDb() {
        try (TestNode node = TestNode.start(); RealRedis real = RealRedis.start()) {
            raw(node.port(), "SET", "k", "mine");
            raw(real.port(), "SET", "k", "theirs");
            String target = Integer.toString(real.port());
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", target, "k", "0", "5000"))
                .isEqualTo("-ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n");
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", target, "k", "0", "5000", "COPY", "REPLACE"))
                .isEqualTo("+OK\r\n");
            assertThat(raw(node.port(), "GET", "k")).isEqualTo("$4\r\nmine\r\n");
            assertThat(raw(real.port(), "GET", "k")).isEqualTo("$4\r\nmine\r\n");
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", target, "k", "3", "5000")).isEqualTo("+OK\r\n");
            assertThat(raw(node.port(), "EXISTS", "k")).isEqualTo(":0\r\n");
            try (RawClient c = new RawClient(real.port())) {
                c.call("SELECT", "3");
                assertThat(c.callRawString("GET", "k")).isEqualTo("$4\r\nmine\r\n");
            }
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", target, "nokey", "0", "5000"))
                .isEqualTo("+NOKEY\r\n");
        }
    }

    @Test
    void authToProtectedTarget() {
        try (TestNode node = TestNode.start(); RealRedis real = RealRedis.start("--requirepass", "s3cret")) {
            raw(node.port(), "SET", "a", "1");
            raw(node.port(), "SET", "b", "2");
            String target = Integer.toString(real.port());
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", target, "a", "0", "5000"))
                .isEqualTo("-ERR Target instance replied with error: NOAUTH Authentication required.\r\n");
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", target, "a", "0", "5000", "AUTH", "s3cret"))
                .isEqualTo("+OK\r\n");
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", target, "b", "0", "5000", "AUTH2", "default",
                "s3cret")).isEqualTo("+OK\r\n");
            try (RawClient c = new RawClient(real.port())) {
                c.call("AUTH", "s3cret");
                assertThat(c.callRawString("MGET", "a", "b")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
            }
        }
    }

    private static String clientsRunning(int port, String cmd) {
        StringBuilder ids = new StringBuilder();
        for (String line : raw(port, "CLIENT", "LIST").split("\n")) {
            if (line.contains("cmd=" + cmd + " ")) {
                ids.append(line, 0, line.indexOf(' ')).append(';');
            }
        }
        return ids.toString();
    }

    @Test
    void targetConnectionIsCachedAndClosedAfterTenIdleSeconds() throws InterruptedException {
        try (TestNode node = TestNode.start(); RealRedis real = RealRedis.start()) {
            String t = Integer.toString(real.port());
            raw(node.port(), "SET", "a", "1");
            raw(node.port(), "SET", "b", "2");
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", t, "a", "0", "1000")).isEqualTo("+OK\r\n");
            String first = clientsRunning(real.port(), "restore");
            assertThat(first).matches("id=\\d+;");
            assertThat(raw(node.port(), "MIGRATE", "127.0.0.1", t, "b", "0", "1000")).isEqualTo("+OK\r\n");
            assertThat(clientsRunning(real.port(), "restore")).isEqualTo(first);
            Thread.sleep(12_500);
            assertThat(clientsRunning(real.port(), "restore")).isEmpty();
        }
    }

    /** The same bad or failing MIGRATE commands sent to a Hashslot source and to a real redis source. */
    @Test
    void errorRepliesMatchRealRedis() {
        try (TestNode node = TestNode.start(); RealRedis real = RealRedis.start(); RealRedis target =
            RealRedis.start()) {
            raw(node.port(), "SET", "k", "v");
            raw(real.port(), "SET", "k", "v");
            String t = Integer.toString(target.port());
            String dead = Integer.toString(FreePorts.find());
            String[][] cases = {
                {"MIGRATE", "127.0.0.1", t, "k", "0", "1000", "KEYS", "k"},
                {"MIGRATE", "127.0.0.1", t, "", "0", "1000", "AUTH"},
                {"MIGRATE", "127.0.0.1", t, "", "0", "1000", "AUTH2", "u"},
                {"MIGRATE", "127.0.0.1", t, "", "0", "1000", "BOGUS"},
                {"MIGRATE", "127.0.0.1", t, "k", "x", "1000"},
                {"MIGRATE", "127.0.0.1", t, "k", "0", "y"},
                {"MIGRATE", "127.0.0.1", t, "k", "0"},
                {"MIGRATE", "127.0.0.1", t, "missing", "0", "1000"},
                {"MIGRATE", "127.0.0.1", t, "", "0", "1000", "KEYS", "missing1", "missing2"},
                {"MIGRATE", "127.0.0.1", dead, "k", "0", "1000"},
                {"MIGRATE", "127.0.0.1", t, "k", "99", "1000", "COPY"},
                {"MIGRATE", "127.0.0.1", t, "k", "0", "1000", "COPY", "AUTH", "nopass"},
            };
            for (String[] c : cases) {
                assertThat(raw(node.port(), c)).as(String.join(" ", c)).isEqualTo(raw(real.port(), c));
            }
        }
    }
}
