package io.hashslot.testkit.keys;

import static io.hashslot.testkit.keys.DirectNode.propagated;
import static io.hashslot.testkit.keys.DirectNode.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.commands.Client;
import io.hashslot.common.config.KeyspaceEventFlags;
import io.hashslot.store.Db;
import io.hashslot.store.MutableString;
import io.hashslot.store.TypedValue;
import io.hashslot.testkit.keys.DirectNode.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keyspace and expiry semantics that a reply comparison cannot see: what commands propagate, keyspace events,
 * hit/miss statistics, the dirty counter, WATCH touches, access metadata, replica behaviour and COPY of every
 * value kind. Runs the command layer directly on a manual clock.
 */
class KeyspaceSemanticsTest {
    private final DirectNode node = new DirectNode();
    private final Client c = node.newClient();

    private String call(String... args) {
        return text(node.call(c, args));
    }

    private long now() {
        return node.clock.currentTimeMillis();
    }

    @Test
    void relativeExpiresPropagateAsAbsolutePexpireat() {
        call("SET", "k", "v");
        call("EXPIRE", "k", "100");
        assertThat(propagated(c)).containsExactly("PEXPIREAT", "k", Long.toString(now() + 100_000));
        assertThat(call("PEXPIRE", "k", "200000", "GT")).isEqualTo("1");
        assertThat(propagated(c)).containsExactly("PEXPIREAT", "k", Long.toString(now() + 200_000), "GT");
        call("EXPIREAT", "k", "4102444800");
        assertThat(propagated(c)).containsExactly("PEXPIREAT", "k", "4102444800000");
        call("pexpireat", "k", "4102444800123");
        assertThat(propagated(c)).as("PEXPIREAT propagates unchanged").isNull();
        call("EXPIRE", "k", "5", "NX");
        assertThat(call("EXPIRETIME", "k")).isEqualTo("4102444800");
        assertThat(propagated(c)).isNull();
    }

    @Test
    void pastExpireDeletesAndPropagatesDel() {
        call("SET", "k", "v");
        node.events.clear();
        assertThat(call("EXPIRE", "k", "-1")).isEqualTo("1");
        assertThat(propagated(c)).containsExactly("DEL", "k");
        assertThat(node.events).containsExactly(new Event(KeyspaceEventFlags.GENERIC, "del", "k", 0));
        node.config("lazyfree-lazy-expire", "yes");
        call("SET", "k", "v");
        call("PEXPIREAT", "k", Long.toString(now()));
        assertThat(propagated(c)).containsExactly("UNLINK", "k");
        assertThat(call("EXISTS", "k")).isEqualTo("0");
    }

    @Test
    void keyExpiresOnlyOnceNowIsPastItsTime() {
        call("SET", "k", "v");
        call("PEXPIREAT", "k", Long.toString(now() + 1000));
        node.clock.advanceMillis(1000);
        assertThat(call("EXISTS", "k")).as("now == expire time: still alive, as in Redis").isEqualTo("1");
        assertThat(call("PTTL", "k")).isEqualTo("0");
        node.clock.advanceMillis(1);
        node.events.clear();
        assertThat(call("GET", "k")).isEqualTo("nil");
        assertThat(node.events).contains(new Event(KeyspaceEventFlags.EXPIRED, "expired", "k", 0));
        assertThat(node.server.keyspace().expiredKeys()).isEqualTo(1);
        assertThat(call("DBSIZE")).isEqualTo("0");
    }

    @Test
    void ttlRoundsToNearestSecond() {
        call("SET", "k", "v");
        call("PEXPIRE", "k", "1499");
        assertThat(call("TTL", "k")).isEqualTo("1");
        call("PEXPIRE", "k", "1500");
        assertThat(call("TTL", "k")).isEqualTo("2");
        assertThat(call("PTTL", "k")).isEqualTo("1500");
        assertThat(call("PEXPIRETIME", "k")).isEqualTo(Long.toString(now() + 1500));
    }

    @Test
    void genericEventsOfEveryWrite() {
        call("SET", "a", "1");
        node.events.clear();
        call("EXPIRE", "a", "100");
        call("PERSIST", "a");
        call("RENAME", "a", "b");
        call("COPY", "b", "c", "DB", "3");
        call("MOVE", "b", "5");
        call("DEL", "c");
        call("SELECT", "3");
        call("UNLINK", "c");
        int g = KeyspaceEventFlags.GENERIC;
        int n = KeyspaceEventFlags.NEW;
        assertThat(node.events).containsExactly(
            new Event(g, "expire", "a", 0), new Event(g, "persist", "a", 0),
            new Event(n, "new", "b", 0), new Event(g, "rename_from", "a", 0), new Event(g, "rename_to", "b", 0),
            new Event(n, "new", "c", 3), new Event(g, "copy_to", "c", 3),
            new Event(n, "new", "b", 5), new Event(g, "move_from", "b", 0), new Event(g, "move_to", "b", 5),
            new Event(g, "del", "c", 3));
    }

    @Test
    void newEventOnlyWhenAKeyIsCreated() {
        call("SET", "a", "1");
        call("SET", "a", "2");
        call("COPY", "a", "b");
        call("COPY", "a", "b", "REPLACE");
        List<Event> created = node.events.stream().filter(e -> e.event().equals("new")).toList();
        assertThat(created).containsExactly(new Event(KeyspaceEventFlags.NEW, "new", "a", 0),
            new Event(KeyspaceEventFlags.NEW, "new", "b", 0), new Event(KeyspaceEventFlags.NEW, "new", "b", 0));
    }

    @Test
    void noEventsWhenNothingChanges() {
        call("SET", "a", "1");
        node.events.clear();
        call("PERSIST", "a");
        call("EXPIRE", "a", "100", "XX");
        call("RENAMENX", "a", "a");
        call("RENAME", "a", "a");
        call("DEL", "nosuch");
        call("MOVE", "nosuch", "1");
        assertThat(node.events).isEmpty();
    }

    @Test
    void readMissesSendKeymissExceptObject() {
        call("EXISTS", "m1");
        call("TYPE", "m2");
        call("TTL", "m3");
        call("TOUCH", "m4");
        call("COPY", "m5", "x");
        call("OBJECT", "ENCODING", "m6");
        call("RENAME", "m7", "x");
        call("EXPIRE", "m8", "1");
        int m = KeyspaceEventFlags.KEY_MISS;
        assertThat(node.events).containsExactly(new Event(m, "keymiss", "m1", 0), new Event(m, "keymiss", "m2", 0),
            new Event(m, "keymiss", "m3", 0), new Event(m, "keymiss", "m4", 0), new Event(m, "keymiss", "m5", 0));
    }

    @Test
    void hitsAndMissesCountReadLookupsOnly() {
        call("SET", "a", "1");
        long hits = node.server.stats().keyspaceHits;
        long misses = node.server.stats().keyspaceMisses;
        call("EXISTS", "a", "nosuch");
        call("TYPE", "a");
        call("TTL", "nosuch");
        call("TOUCH", "a", "a");
        call("OBJECT", "REFCOUNT", "a");
        call("COPY", "a", "b");
        assertThat(node.server.stats().keyspaceHits - hits).isEqualTo(1 + 1 + 2 + 1 + 1);
        assertThat(node.server.stats().keyspaceMisses - misses).isEqualTo(1 + 1);
        hits = node.server.stats().keyspaceHits;
        misses = node.server.stats().keyspaceMisses;
        call("EXPIRE", "a", "10");
        call("PERSIST", "a");
        call("RENAME", "a", "c");
        call("DEL", "c", "nosuch");
        call("MOVE", "b", "1");
        call("KEYS", "*");
        call("SCAN", "0");
        assertThat(node.server.stats().keyspaceHits).isEqualTo(hits);
        assertThat(node.server.stats().keyspaceMisses).isEqualTo(misses);
    }

    @Test
    void dirtyCountsOneWritePerCommand() {
        call("SET", "a", "1");
        call("SET", "b", "2");
        long d = node.server.dirty();
        call("RENAME", "a", "x");
        call("MOVE", "x", "1");
        call("COPY", "b", "y");
        call("EXPIRE", "b", "100");
        call("PERSIST", "b");
        call("SWAPDB", "0", "1");
        assertThat(node.server.dirty() - d).isEqualTo(6);
        call("FLUSHALL");
        assertThat(node.server.dirty() - d).isEqualTo(6 + 3);
    }

    /** WATCH key in db 0 from a second client, run {@code command}, then report whether EXEC ran. */
    private boolean execRunsAfter(String watched, String... command) {
        Client w = node.newClient();
        node.call(w, "WATCH", watched);
        call(command);
        node.call(w, "MULTI");
        node.call(w, "PING");
        return !text(node.call(w, "EXEC")).equals("nil");
    }

    @Test
    void flushAndSwapTouchOnlyAffectedWatchedKeys() {
        assertThat(execRunsAfter("x", "FLUSHALL")).as("absent watched key untouched by FLUSHALL").isTrue();
        assertThat(execRunsAfter("x", "FLUSHDB")).isTrue();
        call("SET", "x", "1");
        assertThat(execRunsAfter("x", "FLUSHDB")).isFalse();
        call("SET", "x", "1");
        assertThat(execRunsAfter("x", "FLUSHALL")).isFalse();
        assertThat(execRunsAfter("x", "SWAPDB", "0", "1")).as("x absent in both dbs").isTrue();
        call("SELECT", "1");
        call("SET", "x", "1");
        call("SELECT", "0");
        assertThat(execRunsAfter("x", "SWAPDB", "0", "1")).as("x arrives in db 0").isFalse();
        assertThat(execRunsAfter("x", "SWAPDB", "0", "1")).as("x leaves db 0").isFalse();
        call("FLUSHALL");
        call("SELECT", "1");
        call("SET", "x", "1", "PX", "10");
        call("SELECT", "0");
        node.clock.advanceMillis(20);
        assertThat(execRunsAfter("x", "SWAPDB", "0", "1")).as("only a stale x arrives").isTrue();
        call("SELECT", "1");
        call("SET", "y", "1");
        call("SELECT", "0");
        assertThat(execRunsAfter("y", "SWAPDB", "0", "0")).isTrue();
    }

    @Test
    void expiryDeletionTouchesWatchers() {
        call("SET", "k", "v", "PX", "100");
        Client w = node.newClient();
        node.call(w, "WATCH", "k");
        node.clock.advanceMillis(200);
        call("EXISTS", "k");
        node.call(w, "MULTI");
        node.call(w, "PING");
        assertThat(text(node.call(w, "EXEC"))).isEqualTo("nil");
    }

    @Test
    void idleTimeFollowsAccess() {
        call("SET", "k", "v");
        node.clock.advanceMillis(10_000);
        assertThat(call("OBJECT", "IDLETIME", "k")).isEqualTo("10");
        call("TYPE", "k");
        call("EXISTS", "k");
        call("TTL", "k");
        assertThat(call("OBJECT", "IDLETIME", "k")).as("no-touch lookups").isEqualTo("10");
        call("RENAME", "k", "k2");
        assertThat(call("OBJECT", "IDLETIME", "k2")).as("RENAME moves the object; the write lookup touches it")
            .isEqualTo("0");
        node.clock.advanceMillis(5000);
        call("MOVE", "k2", "1");
        call("SELECT", "1");
        assertThat(call("OBJECT", "IDLETIME", "k2")).isEqualTo("0");
        node.clock.advanceMillis(7000);
        call("COPY", "k2", "k3");
        assertThat(call("OBJECT", "IDLETIME", "k3")).as("COPY makes a new object").isEqualTo("0");
        node.clock.advanceMillis(3000);
        assertThat(call("OBJECT", "IDLETIME", "k2")).isEqualTo("3");
        call("TOUCH", "k2");
        assertThat(call("OBJECT", "IDLETIME", "k2")).isEqualTo("0");
    }

    @Test
    void lfuFrequencyGrowsWithAccessAndDecays() {
        node.config("maxmemory-policy", "allkeys-lfu");
        call("SET", "k", "v");
        assertThat(call("OBJECT", "FREQ", "k")).isEqualTo("5");
        assertThat(call("OBJECT", "IDLETIME", "k")).startsWith("-ERR An LFU maxmemory policy is selected");
        for (int i = 0; i < 200; i++) {
            call("GET", "k");
        }
        int freq = Integer.parseInt(call("OBJECT", "FREQ", "k"));
        assertThat(freq).isGreaterThan(5).isLessThanOrEqualTo(255);
        node.clock.advanceMillis(3 * 60_000);
        assertThat(call("OBJECT", "FREQ", "k")).as("one point per lfu-decay-time minute")
            .isEqualTo(Integer.toString(freq - 3));
        node.config("lfu-decay-time", "0");
        assertThat(call("OBJECT", "FREQ", "k")).isEqualTo(Integer.toString(freq));
        node.config("maxmemory-policy", "allkeys-lru");
        assertThat(call("OBJECT", "FREQ", "k")).startsWith("-ERR An LFU maxmemory policy is not selected");
    }

    @Test
    void refcountOfSharedIntegersDependsOnMaxmemoryPolicy() {
        call("SET", "n", "42");
        assertThat(call("OBJECT", "REFCOUNT", "n")).isEqualTo("2147483647");
        node.config("maxmemory-policy", "allkeys-lru");
        assertThat(call("OBJECT", "REFCOUNT", "n")).as("maxmemory 0 still shares").isEqualTo("2147483647");
        node.config("maxmemory", "100mb");
        assertThat(call("OBJECT", "REFCOUNT", "n")).isEqualTo("1");
    }

    @Test
    void randomkeyNeverReturnsExpiredKeys() {
        for (int i = 0; i < 200; i++) {
            call("SET", "gone" + i, "v", "PX", "50");
        }
        call("SET", "stays", "v");
        node.clock.advanceMillis(100);
        for (int i = 0; i < 20; i++) {
            assertThat(call("RANDOMKEY")).isEqualTo("stays");
        }
        call("DEL", "stays");
        for (int i = 0; i < 200; i++) {
            call("SET", "gone" + i, "v", "PX", "50");
        }
        node.clock.advanceMillis(100);
        assertThat(call("RANDOMKEY")).isEqualTo("nil");
        assertThat(call("DBSIZE")).as("RANDOMKEY deleted every expired key it met").isEqualTo("0");
    }

    @Test
    void keysSkipsExpiredWithoutDeletingScanDeletes() {
        call("SET", "gone", "v", "PX", "50");
        call("SET", "stays", "v");
        node.clock.advanceMillis(100);
        assertThat(call("KEYS", "*")).isEqualTo("[stays]");
        assertThat(call("DBSIZE")).isEqualTo("2");
        assertThat(call("SCAN", "0", "COUNT", "1000")).isEqualTo("[0, [stays]]");
        assertThat(call("DBSIZE")).isEqualTo("1");
    }

    @Test
    void replicaReportsExpiredKeysMissingButKeepsThem() {
        call("SET", "k", "v", "PX", "50");
        call("SET", "p", "v");
        node.server.setReplica(true);
        node.clock.advanceMillis(100);
        assertThat(call("EXISTS", "k")).isEqualTo("0");
        assertThat(call("KEYS", "*")).isEqualTo("[p]");
        assertThat(call("SCAN", "0", "COUNT", "100")).isEqualTo("[0, [p]]");
        assertThat(call("DBSIZE")).isEqualTo("2");
        assertThat(call("EXPIRE", "p", "-10")).as("a replica does not delete on a past time").isEqualTo("1");
        assertThat(call("DBSIZE")).isEqualTo("2");
        assertThat(call("WAIT", "0", "0")).startsWith("-ERR WAIT cannot be used with replica instances");
        node.server.setReplica(false);
        assertThat(call("EXISTS", "k", "p")).isEqualTo("0");
        assertThat(call("DBSIZE")).isEqualTo("0");
    }

    @Test
    void activeExpiryCanBeSwitchedOff() {
        call("SET", "k", "v", "PX", "10");
        node.clock.advanceMillis(20);
        node.server.keyspace().setNow(now());
        node.server.keyspace().setActiveExpireEnabled(false);
        node.server.keyspace().activeExpireCycle(1000);
        assertThat(call("DBSIZE")).isEqualTo("1");
        node.server.keyspace().setActiveExpireEnabled(true);
        node.server.keyspace().setNow(now());
        long[] r = node.server.keyspace().activeExpireCycle(1000);
        assertThat(r[0]).isEqualTo(1);
        assertThat(call("DBSIZE")).isEqualTo("0");
        assertThat(node.events).contains(new Event(KeyspaceEventFlags.EXPIRED, "expired", "k", 0));
    }

    @Test
    void copyOfGrownStringIsIndependentAndRaw() {
        Db db = node.server.keyspace().db(0);
        MutableString grown = new MutableString("hello".getBytes(StandardCharsets.ISO_8859_1), 16);
        db.add("m".getBytes(StandardCharsets.ISO_8859_1), grown);
        assertThat(call("COPY", "m", "m2")).isEqualTo("1");
        grown.append(" world".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(call("GET", "m")).isEqualTo("hello world");
        assertThat(call("GET", "m2")).isEqualTo("hello");
        assertThat(call("OBJECT", "ENCODING", "m2")).isEqualTo("raw");
    }

    /** A stand-in for another family's value type: a mutable list. */
    private static final class FakeList implements TypedValue {
        final List<String> items;

        FakeList(List<String> items) {
            this.items = items;
        }

        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public String encoding() {
            return items.size() > 2 ? "quicklist" : "listpack";
        }

        @Override
        public TypedValue copy() {
            return new FakeList(new ArrayList<>(items));
        }

        @Override
        public long memory() {
            return 16L * items.size();
        }

        @Override
        public long size() {
            return items.size();
        }
    }

    @Test
    void copyDeepCopiesOtherTypesThroughTypedValue() {
        Db db = node.server.keyspace().db(0);
        FakeList original = new FakeList(new ArrayList<>(List.of("a", "b", "c")));
        db.add("l".getBytes(StandardCharsets.ISO_8859_1), original);
        call("PEXPIREAT", "l", Long.toString(now() + 60_000));
        assertThat(call("COPY", "l", "l2", "DB", "2")).isEqualTo("1");
        call("SELECT", "2");
        assertThat(call("TYPE", "l2")).isEqualTo("list");
        assertThat(call("OBJECT", "ENCODING", "l2")).isEqualTo("quicklist");
        assertThat(call("PTTL", "l2")).isEqualTo("60000");
        assertThat(call("SCAN", "0", "TYPE", "list")).isEqualTo("[0, [l2]]");
        FakeList copy = (FakeList) node.server.keyspace().db(2).find("l2".getBytes(StandardCharsets.ISO_8859_1))
            .value();
        assertThat(copy).isNotSameAs(original);
        original.items.clear();
        assertThat(copy.items).containsExactly("a", "b", "c");
    }
}
