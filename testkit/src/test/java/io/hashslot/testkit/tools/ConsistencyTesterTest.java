package io.hashslot.testkit.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.common.SystemClock;
import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import io.hashslot.tools.client.ClusterClient;
import io.hashslot.tools.client.NodeAddress;
import io.hashslot.tools.consistency.ConsistencyTester;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The consistency checker and its cluster client against a real Redis 7.0 cluster made by redis-cli --cluster
 * create: a clean run counts no lost writes; a counter reset behind its back is reported as lost writes, one
 * raised behind its back as unacknowledged ones; and when a master dies, its failures are counted as errors and
 * writes resume once a replica took over.
 */
class ConsistencyTesterTest {
    private final List<RealRedis> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(RealRedis::close);
    }

    private void cluster(int masters, int replicas) {
        Assumptions.assumeTrue(RealRedis.available() && RedisCli.available(), RealRedis.unavailableMessage());
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        for (int i = 0; i < masters * (1 + replicas); i++) {
            RealRedis r = RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "1000");
            nodes.add(r);
            args.add("127.0.0.1:" + r.port());
        }
        args.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
        RedisCli.Result res = RedisCli.run(nodes.get(0).port(), args.toArray(new String[0]));
        assertThat(res.exitCode()).as(res.stdout() + res.stderr()).isZero();
        for (RealRedis r : nodes) {
            await().atMost(Duration.ofSeconds(30)).until(() -> info(r).contains("cluster_state:ok"));
        }
    }

    private static String info(RealRedis r) {
        try (RawClient c = new RawClient(r.port())) {
            return c.callRawString("CLUSTER", "INFO");
        }
    }

    private ConsistencyTester tester(ClusterClient client, ByteArrayOutputStream out) {
        return new ConsistencyTester(client, SystemClock.INSTANCE, new SplittableRandom(7),
            new PrintStream(out, true, StandardCharsets.UTF_8), 20, 40, "");
    }

    @Test
    void cleanRunThenLostAndUnacknowledgedWrites() throws Exception {
        cluster(3, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ClusterClient client = new ClusterClient(List.of(new NodeAddress("127.0.0.1", nodes.get(0).port())),
            1000, new SplittableRandom(1))) {
            ConsistencyTester t = tester(client, out);
            for (int i = 0; i < 3000; i++) {
                t.step();
            }
            ConsistencyTester.Totals clean = t.totals();
            assertThat(clean.reads()).isEqualTo(3000);
            assertThat(clean.writes()).isEqualTo(3000);
            assertThat(clean.lost()).isZero();
            assertThat(clean.noack()).isZero();
            // keys of all three masters were written through the one seed
            for (RealRedis r : nodes) {
                try (RawClient c = new RawClient(r.port())) {
                    assertThat(c.callRawString("DBSIZE")).isNotEqualTo(":0\r\n");
                }
            }
            // reset every counter behind the checker's back: the next reads see lost writes, each counted once
            long acknowledgedSum = 0;
            for (int k = 0; k < 40; k++) {
                RespValue v = client.call("GET", "key_" + k);
                acknowledgedSum += v instanceof RespValue.Bulk b ? Long.parseLong(b.text()) : 0;
                client.call("SET", "key_" + k, "0");
            }
            for (int i = 0; i < 200; i++) {
                t.step();
            }
            assertThat(t.totals().lost()).isPositive().isLessThanOrEqualTo(acknowledgedSum);
            assertThat(t.report()).contains(" lost | ");
            long lostBefore = t.totals().lost();
            for (int k = 0; k < 40; k++) {
                client.call("INCRBY", "key_" + k, "1000000");
            }
            for (int i = 0; i < 200; i++) {
                t.step();
            }
            assertThat(t.totals().noack()).isPositive();
            assertThat(t.totals().lost()).isEqualTo(lostBefore);

            // one counter raised to the largest integer behind the checker's back: every INCR fails from then on
            // and every read sees the same surplus, which is counted once (the value read becomes the expectation)
            ConsistencyTester solo = new ConsistencyTester(client, SystemClock.INSTANCE, new SplittableRandom(11),
                new PrintStream(out, true, StandardCharsets.UTF_8), 1, 1, "solo:");
            for (int i = 0; i < 20; i++) {
                solo.step();
            }
            client.call("SET", "solo:key_0", String.valueOf(Long.MAX_VALUE));
            for (int i = 0; i < 5; i++) {
                solo.step();
            }
            assertThat(solo.totals().failedWrites()).isEqualTo(5);
            assertThat(solo.totals().noack()).isEqualTo(Long.MAX_VALUE - 20);
        }
    }

    @Test
    void failoverCountsErrorsThenWritesResume() throws Exception {
        cluster(3, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ClusterClient client = new ClusterClient(List.of(new NodeAddress("127.0.0.1", nodes.get(1).port())),
            200, new SplittableRandom(2))) {
            ConsistencyTester t = tester(client, out);
            for (int i = 0; i < 500; i++) {
                t.step();
            }
            assertThat(t.totals().failedWrites()).isZero();
            nodes.get(0).close(); // a master goes away (its replica is elsewhere)
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long writesAtKill = t.totals().writes();
            while (System.nanoTime() < deadline && t.totals().failedWrites() == 0) {
                t.step();
            }
            assertThat(t.totals().failedWrites()).as(out.toString(StandardCharsets.UTF_8)).isPositive();
            // after the failover every counter is writable again
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                long failed = t.totals().failedWrites();
                for (int i = 0; i < 200; i++) {
                    t.step();
                }
                return t.totals().failedWrites() == failed;
            });
            assertThat(t.totals().writes()).isGreaterThan(writesAtKill);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Writing: ");
        }
    }
}
