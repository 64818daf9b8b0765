package io.hashslot.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.view.ClusterNodesText;
import org.junit.jupiter.api.Test;

/** MEET, the handshake and gossip between cores on an in-memory network. */
class HandshakeTest {
    @Test
    void twoNodesMeetAndLearnEachOthersNames() {
        MiniNet net = new MiniNet(1_700_000_000_000L);
        ClusterNode a = net.addFresh(30001, 1);
        ClusterNode b = net.addFresh(30002, 2);
        net.meet(a, b);
        assertThat(ClusterNodesText.nodes(a, 0, false)).contains("127.0.0.1:30002@40002 handshake - 0 0 0");
        net.run(1000);
        assertThat(a.knownNodes()).isEqualTo(2);
        assertThat(b.knownNodes()).isEqualTo(2);
        assertThat(a.lookup(b.myself().name())).isNotNull();
        assertThat(b.lookup(a.myself().name())).isNotNull();
        assertThat(a.myself().ip()).isEqualTo("127.0.0.1");
        assertThat(b.myself().ip()).isEqualTo("127.0.0.1");
        KnownNode bInA = a.lookup(b.myself().name());
        assertThat(bInA.flags()).isEqualTo(NodeFlags.MASTER);
        assertThat(bInA.hasLink()).isTrue();
        assertThat(ClusterNodesText.describe(a, bInA, false))
            .matches(b.myself().name() + " 127.0.0.1:30002@40002 master - 0 \\d+ 0 connected");
    }

    @Test
    void threeNodesConvergeThroughGossip() {
        MiniNet net = new MiniNet(1_700_000_000_000L);
        ClusterNode a = net.addFresh(30001, 1);
        ClusterNode b = net.addFresh(30002, 2);
        ClusterNode c = net.addFresh(30003, 3);
        net.meet(a, b);
        net.meet(a, c);
        net.run(5000);
        for (ClusterNode n : net.nodes) {
            assertThat(n.knownNodes()).isEqualTo(3);
            for (KnownNode k : n.nodes()) {
                assertThat(k.inHandshake()).isFalse();
            }
        }
        assertThat(b.lookup(c.myself().name())).isNotNull();
        assertThat(c.lookup(b.myself().name())).isNotNull();
    }

    @Test
    void handshakeNodesExpireAfterTheNodeTimeout() {
        MiniNet net = new MiniNet(1_700_000_000_000L);
        ClusterNode a = net.addFresh(30001, 1);
        a.operator().meet("127.0.0.1", "30009", null, net.now);
        net.run(1000);
        assertThat(a.knownNodes()).isEqualTo(2);
        net.run(15_000);
        assertThat(a.knownNodes()).isEqualTo(1);
    }

    @Test
    void meetValidatesTheAddress() {
        ClusterNode a = Nodes.fresh(30001, 1, 0);
        assertThat(a.operator().meet("127.0.0.1", "x", null, 0).error())
            .isEqualTo("ERR Invalid TCP base port specified: x");
        assertThat(a.operator().meet("127.0.0.1", "7000", "y", 0).error())
            .isEqualTo("ERR Invalid TCP bus port specified: y");
        assertThat(a.operator().meet("1.2.3", "7000", null, 0).error())
            .isEqualTo("ERR Invalid node address specified: 1.2.3:7000");
        assertThat(a.operator().meet("127.0.0.1", "0", null, 0).error())
            .isEqualTo("ERR Invalid node address specified: 127.0.0.1:0");
        assertThat(a.operator().meet("127.0.0.1", "60000", null, 0).error())
            .isEqualTo("ERR Invalid node address specified: 127.0.0.1:60000");
        assertThat(a.operator().meet("::FFFF:127.0.0.1", "7000", null, 0).isError()).isFalse();
        assertThat(a.operator().meet("::ffff:127.0.0.1", "7000", null, 0).isError()).isFalse();
        assertThat(a.knownNodes()).isEqualTo(2);
        assertThat(a.nodes()).anyMatch(n -> n.ip().equals("::ffff:127.0.0.1"));
    }
}
