package io.hashslot.testkit.replication;

import static io.hashslot.testkit.replication.ReplicationSupport.info;
import static io.hashslot.testkit.replication.ReplicationSupport.infoLong;
import static io.hashslot.testkit.replication.ReplicationSupport.onBothKinds;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A replica loading its master's RDB keeps serving: commands without the loading flag get -LOADING, INFO reports
 * the load's progress, and once loaded the replica has the master's data. The load is slowed with Redis's hidden
 * key-load-delay and loading-process-events-interval-bytes, as Redis's own tests do. Same steps on a redis-server
 * pair and a Hashslot pair.
 */
class ReplicaLoadingTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final int KEYS = 20000;

    @Test
    void aLoadingReplicaAnswersLoadingThenServesTheData() {
        onBothKinds((kind, m, r) -> {
            ReplicationSupport.awaitInSync(m, r);
            r.call("CONFIG", "SET", "key-load-delay", "100"); // 100 us per key: about 2 s for the load
            r.call("CONFIG", "SET", "loading-process-events-interval-bytes", "1024");
            m.call("CONFIG", "SET", "repl-backlog-size", "16384");
            m.call("DEBUG", "POPULATE", Integer.toString(KEYS), "key", "100");
            // the replica loses its link while the master writes more than its backlog holds: a full sync follows
            m.call("MULTI");
            m.call("CLIENT", "KILL", "TYPE", "replica");
            String value = "A".repeat(1024);
            for (int i = 0; i < 100; i++) {
                m.call("SET", "{big}" + i, value);
            }
            assertThat(m.call("EXEC")).as(kind).isInstanceOf(RespValue.Array.class);

            Awaitility.await(kind + " replica loading").atMost(LONG).pollInterval(Duration.ofMillis(5))
                .until(() -> infoLong(r, "loading") == 1);
            assertThat(errorOf(r.call("PING"))).as(kind).isEqualTo("LOADING Redis is loading the dataset in memory");
            assertThat(errorOf(r.call("GET", "key:1"))).as(kind)
                .isEqualTo("LOADING Redis is loading the dataset in memory");
            assertThat(errorOf(r.call("DBSIZE"))).as(kind).startsWith("LOADING");
            assertThat(infoLong(r, "loading_total_bytes")).as(kind).isPositive();
            assertThat(info(r, "loading_loaded_perc")).as(kind).matches("\\d+\\.\\d\\d");
            assertThat(infoLong(r, "async_loading")).as(kind).isZero();

            Awaitility.await(kind + " load done").atMost(LONG).until(() -> infoLong(r, "loading") == 0
                && "up".equals(info(r, "master_link_status")));
            r.call("CONFIG", "SET", "key-load-delay", "0");
            assertThat(r.call("DBSIZE")).as(kind).isEqualTo(new RespValue.Int(KEYS + 100));
            assertThat(ReplicationSupport.text(r.call("GET", "key:1"))).as(kind).startsWith("value:1")
                .isEqualTo(ReplicationSupport.text(m.call("GET", "key:1")));
            assertThat(info(r, "loading_total_bytes")).as(kind).isNull();
        });
    }

    /**
     * A load shorter than loading-process-events-interval-bytes is never seen: Redis loads it with the event loop
     * blocked, so clients wait instead of getting -LOADING. A client asks the replica PING after PING while it
     * does five full syncs of 1000 keys; no reply may be an error.
     */
    @Test
    void aShortLoadIsNeverSeenAsLoading() {
        onBothKinds((kind, m, r) -> {
            m.call("DEBUG", "POPULATE", "1000", "key", "10");
            ReplicationSupport.awaitInSync(m, r);
            java.util.List<String> errors = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
            Thread pinger = new Thread(() -> {
                try (io.hashslot.testkit.RawClient p = new io.hashslot.testkit.RawClient(r.port())) {
                    while (!stop.get()) {
                        RespValue v = p.call("PING");
                        pings.incrementAndGet();
                        if (!v.equals(new RespValue.Simple("PONG"))) {
                            errors.add(String.valueOf(v));
                        }
                    }
                }
            });
            pinger.start();
            String master = "127.0.0.1";
            String port = Integer.toString(m.port());
            long fullSyncs = infoLong(m, "sync_full");
            for (int i = 0; i < 5; i++) {
                // a history the master does not know: the next PSYNC can only be a full sync
                r.call("REPLICAOF", "NO", "ONE");
                r.call("SET", "replica-only", Integer.toString(i));
                r.call("REPLICAOF", master, port);
                long expected = fullSyncs + i + 1;
                Awaitility.await(kind + " full sync " + i).atMost(LONG)
                    .until(() -> infoLong(m, "sync_full") >= expected && "up".equals(info(r, "master_link_status")));
            }
            stop.set(true);
            try {
                pinger.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(pings.get()).as(kind).isPositive();
            assertThat(errors).as(kind).isEmpty();
            assertThat(r.call("DBSIZE")).as(kind).isEqualTo(new RespValue.Int(1000));
        });
    }

    private static String errorOf(RespValue reply) {
        assertThat(reply).isInstanceOf(RespValue.Error.class);
        return ((RespValue.Error) reply).text();
    }
}
