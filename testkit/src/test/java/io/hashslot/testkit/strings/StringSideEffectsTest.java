package io.hashslot.testkit.strings;

import static io.hashslot.testkit.SideEffectProbe.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.common.ArgSplitter;
import io.hashslot.common.SystemClock;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.SideEffectProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs one script of string commands on a real redis-server and on Hashslot's command layer and compares, after
 * every command, what a client cannot see in the reply: the keyspace events (with their order), the keyspace
 * hit/miss counters, the dirty counter (rdb_changes_since_last_save) and what the command propagates (the real
 * server's AOF against the argv Hashslot would propagate).
 */
class StringSideEffectsTest {
    private static RealRedis redis;

    /** Commands, one per line in redis-cli syntax; nothing expires while the script runs. */
    private static final String SCRIPT = """
        GET k
        SET k v
        GET k
        SET k v2 NX
        SET k v3 XX
        SET k v4 GET
        SET k v5 XX GET
        SET n v NX GET
        SET k v EX 100
        SET k v6 KEEPTTL
        SET k v7 PXAT 99999999999999
        SET k v8 EXAT 99999999999 GET
        SET x v XX
        SET k v EX 0
        SETNX k v
        SETNX s1 v
        SETEX se 100 v
        PSETEX pe 100000 v
        GETSET k g
        GETSET gs new
        GETEX k
        GETEX nokey EX 10
        GETEX k EX 100
        GETEX k PX 100000
        GETEX k EXAT 99999999999
        GETEX k PXAT 99999999999999
        GETEX k PERSIST
        GETEX k PERSIST
        GETEX k EXAT 1
        SET k v
        GETEX k PXAT 1
        GETDEL k
        GETDEL k
        MGET a b k s1 se
        MSET a 1 b 2 a 3
        MSETNX a 1 c 2
        MSETNX c 1 d 2
        APPEND ap hello
        APPEND ap world
        APPEND ap ""
        STRLEN ap
        STRLEN nokey
        GETRANGE ap 0 3
        GETRANGE nokey 0 3
        SUBSTR ap 1 2
        SETRANGE sr 0 ""
        SETRANGE sr 3 abc
        SETRANGE sr 0 ""
        SETRANGE sr 0 x
        INCR i
        INCRBY i 10
        DECR i
        DECRBY i 5
        INCR ap
        INCRBY i 9223372036854775807
        INCRBYFLOAT f 1.5
        INCRBYFLOAT f 0.25
        INCRBYFLOAT f abc
        SET fe 10 EX 100
        INCRBYFLOAT fe 1
        LCS ap sr
        LCS nokey1 nokey2 LEN
        SETBIT b1 7 1
        SETBIT b1 7 1
        SETBIT b1 7 0
        SETBIT b1 100 0
        GETBIT b1 7
        GETBIT nokey 7
        BITCOUNT b1
        BITCOUNT nokey
        BITPOS b1 1
        BITPOS nokey 1
        BITOP OR dest b1 ap
        BITOP AND dest nokey1 nokey2
        BITOP AND dest nokey1 nokey2
        BITOP NOT dest2 nokey
        BITFIELD bf SET u8 0 5
        BITFIELD bf SET u8 0 5
        BITFIELD bf GET u8 0
        BITFIELD nbf GET u8 0
        BITFIELD bf INCRBY u8 0 1 INCRBY u8 0 1 SET u8 0 7
        BITFIELD bf2 OVERFLOW FAIL INCRBY u2 0 10
        BITFIELD bf2 OVERFLOW FAIL INCRBY u2 0 10
        BITFIELD bf2 SET i5 90 0
        BITFIELD_RO bf GET u8 0
        BITFIELD_RO nokey GET u8 0
        """;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always", "--notify-keyspace-events", "EAnm");
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void sideEffectsMatchRealRedis() throws IOException {
        LocalNode node = new LocalNode(SystemClock.INSTANCE);
        List<String> differences = new ArrayList<>();
        int realEventCount = 0;
        int realPropagated = 0;
        long realHits = 0;
        try (SideEffectProbe real = new SideEffectProbe(redis.port(), redis.dir())) {
            for (String line : SCRIPT.strip().split("\n")) {
                List<byte[]> args = ArgSplitter.split(line.strip().getBytes(StandardCharsets.UTF_8));
                byte[][] argv = args.toArray(new byte[0][]);
                SideEffectProbe.Step step = real.run(args);
                realEventCount += step.events().size();
                realHits += step.hits() + step.misses();

                long hits = node.server.stats().keyspaceHits;
                long misses = node.server.stats().keyspaceMisses;
                long dirty = node.server.dirty();
                node.events.clear();
                byte[] ourReply = node.callRaw(argv);
                check(differences, line, "reply", SideEffectProbe.text(step.reply()),
                    SideEffectProbe.text(ourReply));
                check(differences, line, "events", step.events().toString(), node.events.toString());
                check(differences, line, "hits", step.hits(), node.server.stats().keyspaceHits - hits);
                check(differences, line, "misses", step.misses(), node.server.stats().keyspaceMisses - misses);
                check(differences, line, "dirty", step.dirty(), node.server.dirty() - dirty);
                realPropagated += step.propagated().size();
                String realProp = SideEffectProbe.normalize(step.propagated());
                String ourProp = node.server.dirty() == dirty ? "[]"
                    : SideEffectProbe.normalize(List.<byte[][]>of(node.propagated(argv)));
                check(differences, line, "propagation", realProp, ourProp);
            }
        }
        assertThat(differences).isEmpty();
        // the comparison must have had something to compare
        assertThat(realEventCount).isGreaterThan(80);
        assertThat(realPropagated).isGreaterThan(40);
        assertThat(realHits).isGreaterThan(30);
    }
}
