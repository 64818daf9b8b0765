package io.hashslot.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * maxmemory with an eviction policy: a write over the limit evicts keys until used_memory is back under it,
 * counting evicted_keys and sending "evicted" keyspace events; volatile policies touch only keys with a TTL and
 * refuse writes (OOM) when there is nothing they may evict.
 */
class EvictionTest {
    @ParameterizedTest
    @ValueSource(strings = {"allkeys-random", "allkeys-lru", "allkeys-lfu"})
    void allkeysPoliciesEvictUntilUnderTheLimit(String policy) {
        try (TestNode node = TestNode.start("maxmemory-policy", policy); RawClient c = node.client()) {
            fill(c, "k", 2000, false);
            long used = infoLong(c, "used_memory");
            long limit = used - (used - infoLong(c, "used_memory_startup")) / 2;
            assertThat(c.callRawString("CONFIG", "SET", "maxmemory", Long.toString(limit))).isEqualTo("+OK\r\n");
            assertThat(c.callRawString("SET", "trigger", "v")).isEqualTo("+OK\r\n");
            long evicted = infoLong(c, "evicted_keys");
            assertThat(evicted).isPositive();
            assertThat(infoLong(c, "used_memory")).isLessThanOrEqualTo(limit + 2000);
            assertThat(dbsize(c)).isEqualTo(2001 - evicted);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"volatile-random", "volatile-lru", "volatile-lfu", "volatile-ttl"})
    void volatilePoliciesEvictOnlyKeysWithATtl(String policy) {
        try (TestNode node = TestNode.start("maxmemory-policy", policy); RawClient c = node.client()) {
            fill(c, "persistent", 1000, false);
            fill(c, "volatile", 1000, true);
            long used = infoLong(c, "used_memory");
            long limit = used - (used - infoLong(c, "used_memory_startup")) / 4;
            c.callRawString("CONFIG", "SET", "maxmemory", Long.toString(limit));
            assertThat(c.callRawString("SET", "trigger", "v")).isEqualTo("+OK\r\n");
            assertThat(infoLong(c, "evicted_keys")).isPositive();
            for (int i = 0; i < 1000; i++) {
                assertThat(c.callRawString("EXISTS", "persistent:" + i)).isEqualTo(":1\r\n");
            }
            // with nothing left that the policy may evict, writes are refused
            c.callRawString("CONFIG", "SET", "maxmemory", "1");
            assertThat(c.callRawString("SET", "more", "v"))
                .isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
            assertThat(c.callRawString("GET", "persistent:1")).isEqualTo("$6\r\nvalue1\r\n");
        }
    }

    @Test
    void evictionSendsKeyspaceEventsAndIsCounted() {
        try (TestNode node = TestNode.start("maxmemory-policy", "allkeys-random", "notify-keyspace-events", "Ee");
             RawClient c = node.client(); RawClient sub = node.client()) {
            sub.callRawString("PSUBSCRIBE", "__keyevent@0__:evicted");
            fill(c, "k", 200, false);
            c.callRawString("CONFIG", "SET", "maxmemory", "1");
            String reply = c.callRawString("SET", "trigger", "v");
            assertThat(reply).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
            assertThat(dbsize(c)).isZero();
            assertThat(infoLong(c, "evicted_keys")).isEqualTo(200);
            String events = new String(sub.drain(300), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(Pattern.compile("evicted").matcher(events).results().count()).isEqualTo(2 * 200);
        }
    }

    @Test
    void configSetMaxmemoryEvictsAtOnce() {
        try (TestNode node = TestNode.start("maxmemory-policy", "allkeys-lru", "notify-keyspace-events", "Ee");
             RawClient c = node.client(); RawClient sub = node.client()) {
            sub.callRawString("PSUBSCRIBE", "*");
            c.callRawString("SET", "foo", "bar");
            assertThat(c.callRawString("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
            // no other command: the event comes from CONFIG SET itself, as in Redis
            assertThat(new String(sub.drain(300), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("__keyevent@0__:evicted\r\n$3\r\nfoo\r\n");
            c.callRawString("CONFIG", "SET", "maxmemory", "0");
        }
    }

    private static void fill(RawClient c, String prefix, int n, boolean ttl) {
        for (int i = 0; i < n; i++) {
            if (ttl) {
                c.callRawString("SET", prefix + ":" + i, "value" + i, "EX", Integer.toString(1000 + i));
            } else {
                c.callRawString("SET", prefix + ":" + i, "value" + i);
            }
        }
    }

    private static long dbsize(RawClient c) {
        String r = c.callRawString("DBSIZE");
        return Long.parseLong(r.substring(1, r.length() - 2));
    }

    private static long infoLong(RawClient c, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":(\\d+)\r?$").matcher(c.callRawString("INFO", "all"));
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }
}
