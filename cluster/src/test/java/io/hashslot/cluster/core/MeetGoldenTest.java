package io.hashslot.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Given the state a real redis-server 7.0.15 was in (its nodes.conf and settings), the core sends the very MEET
 * it sent, byte for byte.
 */
class MeetGoldenTest {
    @Test
    void meetIsByteIdenticalToRedis() {
        ClusterSettings settings = ClusterSettings.defaults(31001).withAnnounceHostname("myhost.example");
        ClusterNode c = Nodes.load(Golden.nodesConf("meet-hostname"), settings, 1, 1_000_000);
        assertThat(c.operator().meet("127.0.0.1", "31010", "41010", 1_000_000).isError()).isFalse();
        c.tick(1_000_100);
        List<ClusterAction> actions = c.takeActions();
        ClusterAction.Connect connect = Nodes.of(actions, ClusterAction.Connect.class).get(0);
        assertThat(connect.ip()).isEqualTo("127.0.0.1");
        assertThat(connect.cport()).isEqualTo(41010);
        c.onLinkConnected(connect.linkId(), "127.0.0.1", 1_000_101);
        List<ClusterAction.Send> sends = Nodes.of(c.takeActions(), ClusterAction.Send.class);
        assertThat(sends).hasSize(1);
        assertThat(sends.get(0).message().bytes()).isEqualTo(Golden.frame("meet-hostname"));
    }
}
