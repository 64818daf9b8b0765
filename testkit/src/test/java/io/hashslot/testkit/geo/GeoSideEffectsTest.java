package io.hashslot.testkit.geo;

import static io.hashslot.testkit.SideEffectProbe.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.common.ArgSplitter;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.SideEffectProbe;
import io.hashslot.testkit.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The geo commands on a real redis-server and on a Hashslot node, command by command: the reply, the keyspace
 * events, keyspace_hits/misses, the dirty counter and what reaches the AOF (GEOADD is written as ZADD with the
 * computed scores, searches with STORE as the stored set's events). Both servers run with an AOF fsynced on
 * every write and every keyspace event enabled.
 */
class GeoSideEffectsTest {
    private static RealRedis redis;
    private static TestNode node;

    private static final String SCRIPT = """
        GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
        GEOADD Sicily 13.361389 38.115556 Palermo
        GEOADD Sicily CH 13.5 38.1 Palermo 12.5 37.8 Marsala
        GEOADD Sicily NX 1 1 Palermo
        GEOADD Sicily XX 1 1 nobody
        GEOADD Sicily XX CH 13.361389 38.115556 Palermo
        GEOADD missing XX 1 1 a
        GEOADD Sicily 200 100 bad
        GEOADD Sicily 1 1
        GEOPOS Sicily Palermo nobody
        GEOPOS missing a
        GEOHASH Sicily Palermo Catania
        GEOHASH missing a
        GEODIST Sicily Palermo Catania km
        GEODIST missing a b
        GEODIST Sicily Palermo Catania parsec
        GEORADIUS Sicily 15 37 200 km WITHDIST
        GEORADIUS missing 15 37 200 km
        GEORADIUS Sicily 15 37 200 km STORE near
        GEORADIUS Sicily 15 37 200 km STOREDIST near
        GEORADIUS Sicily 15 37 1 km STORE near
        GEORADIUS Sicily 15 37 1 km STORE near
        GEORADIUS missing 15 37 1 km STORE Sicily2
        GEORADIUSBYMEMBER Sicily Palermo 300 km COUNT 2 STORE near
        GEORADIUSBYMEMBER missing Palermo 300 km STORE near
        GEORADIUS_RO Sicily 15 37 200 km
        GEORADIUSBYMEMBER_RO Sicily Palermo 100 km WITHCOORD
        GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 400 400 km ASC
        GEOSEARCH missing FROMLONLAT 15 37 BYRADIUS 10 km
        GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km
        GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST
        GEOSEARCHSTORE dst missing FROMLONLAT 15 37 BYRADIUS 200 km
        GEOSEARCHSTORE dst missing FROMLONLAT 15 37 BYRADIUS 200 km
        SET str x
        GEOADD str 1 1 a
        GEOSEARCH str FROMLONLAT 15 37 BYRADIUS 10 km
        MULTI
        GEOADD tx 10 10 a 11 11 b
        GEOSEARCHSTORE tx2 tx FROMMEMBER a BYRADIUS 500 km
        EXEC
        EVAL "return redis.call('geoadd', KEYS[1], 20, 20, 'lua')" 1 luageo
        EVAL "return redis.call('geopos', KEYS[1], 'lua')" 1 luageo
        ZRANGE Sicily 0 -1 WITHSCORES
        """;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start("--appendonly", "yes", "--appendfsync", "always", "--notify-keyspace-events", "EAnm");
        node = TestNode.start("appendonly", "yes", "appendfsync", "always", "notify-keyspace-events", "EAnm");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void sideEffectsMatchRealRedis() throws IOException {
        List<String> differences = new ArrayList<>();
        int events = 0;
        int propagated = 0;
        long lookups = 0;
        try (SideEffectProbe real = new SideEffectProbe(redis.port(), redis.dir());
             SideEffectProbe ours = new SideEffectProbe(node.port(), node.dir())) {
            for (String line : SCRIPT.strip().split("\n")) {
                List<byte[]> args = ArgSplitter.split(line.strip().getBytes(StandardCharsets.UTF_8));
                SideEffectProbe.Step r = real.run(args);
                SideEffectProbe.Step h = ours.run(args);
                check(differences, line, "reply", SideEffectProbe.text(r.reply()), SideEffectProbe.text(h.reply()));
                check(differences, line, "events", r.events(), h.events());
                check(differences, line, "hits", r.hits(), h.hits());
                check(differences, line, "misses", r.misses(), h.misses());
                check(differences, line, "dirty", r.dirty(), h.dirty());
                check(differences, line, "propagation", SideEffectProbe.normalize(r.propagated()),
                    SideEffectProbe.normalize(h.propagated()));
                events += r.events().size();
                propagated += r.propagated().size();
                lookups += r.hits() + r.misses();
            }
        }
        assertThat(differences).isEmpty();
        // the comparison must have had something to compare
        assertThat(events).isGreaterThan(20);
        assertThat(propagated).isGreaterThan(15);
        assertThat(lookups).isGreaterThan(20);
    }
}
