package io.hashslot.testkit.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A blocked BLPOP/BZPOPMIN/BLMOVE served by another client's write reaches the replica as the equivalent
 * non-blocking command, so the replica's lists and sorted sets stay equal to the master's.
 */
class BlockedPopReplicationTest {
    @Test
    void servedBlockingPopsArePropagated() {
        try (TestNode master = TestNode.start(); TestNode replica = TestNode.start();
             RawClient m = master.client(); RawClient r = replica.client();
             RawClient b1 = master.client(); RawClient b2 = master.client(); RawClient b3 = master.client()) {
            r.callRawString("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                r.callRawString("INFO", "replication").contains("master_link_status:up"));
            b1.send(RawClient.args("BLPOP", "bl", "0"));
            b2.send(RawClient.args("BZPOPMIN", "bz", "0"));
            b3.send(RawClient.args("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                m.callRawString("INFO", "clients").contains("blocked_clients:3"));
            m.callRawString("RPUSH", "bl", "a", "b", "c");
            m.callRawString("ZADD", "bz", "1", "x", "2", "y");
            m.callRawString("RPUSH", "src", "q", "r");
            assertThat(b1.readRaw()).isNotEmpty();
            assertThat(b2.readRaw()).isNotEmpty();
            assertThat(b3.readRaw()).isNotEmpty();
            m.callRawString("SET", "marker", "1");
            await().atMost(Duration.ofSeconds(10)).until(() -> r.callRawString("GET", "marker").equals("$1\r\n1\r\n"));
            for (String[] read : new String[][] {{"LRANGE", "bl", "0", "-1"}, {"LRANGE", "src", "0", "-1"},
                {"LRANGE", "dst", "0", "-1"}, {"ZRANGE", "bz", "0", "-1"}}) {
                assertThat(r.callRawString(read)).as(String.join(" ", read)).isEqualTo(m.callRawString(read));
            }
            assertThat(m.callRawString("LRANGE", "bl", "0", "-1")).isEqualTo("*2\r\n$1\r\nb\r\n$1\r\nc\r\n");
        }
    }
}
