package io.hashslot.cluster.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.Golden;
import io.hashslot.cluster.conf.NodesConf;
import io.hashslot.cluster.conf.NodesConfException;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.ClusterSettings;
import io.hashslot.cluster.core.DataProbe;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** CLUSTER INFO / NODES / REPLICAS / SLOTS / SHARDS / LINKS output. */
class ViewsTest {
    static final long NOW = 1_800_000_000_000L;

    static ClusterNode afterAll() throws NodesConfException {
        return ClusterNode.fromConfig(NodesConf.parse(Golden.nodesConf("after-all")), ClusterSettings.defaults(31001)
            .withAnnounceHostname("myhost.example"), new SplittableRandom(1), DataProbe.EMPTY, NOW);
    }

    @Test
    void freshNodeInfoIsWhatRedisPrints() {
        ClusterNode c = ClusterNode.fresh(ClusterSettings.defaults(31050), new SplittableRandom(1), DataProbe.EMPTY,
            NOW);
        // captured from a fresh redis-server 7.0.15 with cluster-enabled yes
        assertThat(ClusterInfoText.info(c)).isEqualTo("""
            cluster_state:fail\r
            cluster_slots_assigned:0\r
            cluster_slots_ok:0\r
            cluster_slots_pfail:0\r
            cluster_slots_fail:0\r
            cluster_known_nodes:1\r
            cluster_size:1\r
            cluster_current_epoch:0\r
            cluster_my_epoch:0\r
            cluster_stats_messages_sent:0\r
            cluster_stats_messages_received:0\r
            total_cluster_links_buffer_limit_exceeded:0\r
            """);
    }

    @Test
    void infoOfALoadedNode() throws NodesConfException {
        ClusterNode c = afterAll();
        c.tick(NOW);
        // a master does not evaluate the state during its first 2 s (CLUSTER_WRITABLE_DELAY): size is still 1
        assertThat(ClusterInfoText.info(c)).contains("cluster_size:1\r\n");
        c.tick(NOW + 2100);
        String info = ClusterInfoText.info(c);
        assertThat(info).startsWith("cluster_state:fail\r\ncluster_slots_assigned:200\r\ncluster_slots_ok:200\r\n"
            + "cluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:5\r\ncluster_size:2\r\n"
            + "cluster_current_epoch:11\r\ncluster_my_epoch:10\r\n");
    }

    @Test
    void nodesTextPrintsOpenSlotsForMyselfOnly() throws NodesConfException {
        String me = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
        String other = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";
        ClusterNode c = ClusterNode.fromConfig(NodesConf.parse(me + " :6391@16391 myself,master - 0 0 0 connected "
            + "0-12181 12183-16383 [866->-" + other + "] [12182-<-" + other + "]\n"
            + other + " 127.0.0.1:6390@16390 master - 0 1 1 connected 12182\nvars currentEpoch 1 lastVoteEpoch 0\n"),
            ClusterSettings.defaults(6391), new SplittableRandom(1), DataProbe.EMPTY, NOW);
        // the lines of the observed example in the spec (§18), times aside
        assertThat(ClusterNodesText.nodes(c, 0, false)).isEqualTo(me + " :6391@16391 myself,master - 0 0 0 connected "
            + "0-12181 12183-16383 [866->-" + other + "] [12182-<-" + other + "]\n"
            + other + " 127.0.0.1:6390@16390 master - 0 " + NOW + " 1 disconnected 12182\n");
    }

    @Test
    void replicasReply() throws NodesConfException {
        ClusterNode c = afterAll();
        ClusterNodesText.Result r = ClusterNodesText.replicas(c, "a".repeat(39) + "1", false);
        assertThat(r.lines()).singleElement().satisfies(l -> assertThat(l).isEqualTo("d".repeat(39) + "4 "
            + "127.0.0.1:31013@41013 slave " + "a".repeat(39) + "1 0 " + NOW + " 3 disconnected"));
        assertThat(ClusterNodesText.replicas(c, "nope", false).error()).isEqualTo("ERR Unknown node nope");
        assertThat(ClusterNodesText.replicas(c, "d".repeat(39) + "4", false).error())
            .isEqualTo("ERR The specified node is not a master");
    }

    @Test
    void slotsAndShards() throws NodesConfException {
        ClusterNode c = afterAll();
        String me = c.myself().name();
        // replicas with replication offset 0 are not "available" in CLUSTER SLOTS
        assertThat(ReplyValue.show(ClusterSlotsReply.slots(c, false))).isEqualTo("[[0, 99, [\"127.0.0.1\", 31001, \""
            + me + "\", {\"hostname\": \"myhost.example\"}]], [100, 199, [\"127.0.0.1\", 31010, \"" + "a".repeat(39)
            + "1\", {}]]]");
        String shards = ReplyValue.show(ClusterSlotsReply.shards(c));
        assertThat(shards).contains("{\"slots\": [0, 99], \"nodes\": [{\"id\": \"" + me + "\", \"port\": 31001, "
            + "\"ip\": \"127.0.0.1\", \"endpoint\": \"127.0.0.1\", \"hostname\": \"myhost.example\", "
            + "\"role\": \"master\", \"replication-offset\": 0, \"health\": \"online\"}, {\"id\": \""
            + "c".repeat(39) + "3\", \"port\": 31012, "
            + "\"ip\": \"127.0.0.1\", \"endpoint\": \"127.0.0.1\", \"role\": \"replica\", \"replication-offset\": 0, "
            + "\"health\": \"loading\"}]}");
        assertThat(shards).contains("{\"slots\": [], \"nodes\": [{\"id\": \"" + "b".repeat(39)
            + "2\", \"port\": 31011, "
            + "\"ip\": \"127.0.0.1\", \"endpoint\": \"127.0.0.1\", \"role\": \"master\", \"replication-offset\": 0, "
            + "\"health\": \"fail\"}]}");
        ClusterNode host = ClusterNode.fromConfig(NodesConf.parse(Golden.nodesConf("after-all")), ClusterSettings
            .defaults(31001).withAnnounceHostname("myhost.example").withPreferredEndpointType(
                ClusterSettings.EndpointType.HOSTNAME), new SplittableRandom(1), DataProbe.EMPTY, NOW);
        assertThat(ReplyValue.show(ClusterSlotsReply.slots(host, false))).startsWith("[[0, 99, [\"myhost.example\", "
            + "31001, \"" + me + "\", {\"ip\": \"127.0.0.1\"}]], [100, 199, [\"?\", 31010, ");
    }

    @Test
    void linksListEveryNodesOutboundThenInboundLink() {
        ClusterNode c = ClusterNode.fresh(ClusterSettings.defaults(7000), new SplittableRandom(1), DataProbe.EMPTY,
            NOW);
        c.operator().meet("127.0.0.1", "7001", null, NOW);
        c.tick(NOW);
        long in = c.onInboundAccepted("127.0.0.1", "127.0.0.1", NOW);
        ReplyValue links = ClusterLinksReply.links(c, new ClusterLinksReply.Buffers() {
            @Override
            public String events(long linkId) {
                return "r";
            }

            @Override
            public long sendBufferAllocated(long linkId) {
                return 10;
            }

            @Override
            public long sendBufferUsed(long linkId) {
                return 0;
            }
        });
        // the inbound link has not told us who it is yet: not listed
        assertThat(((ReplyValue.Array) links).items()).hasSize(1);
        assertThat(ReplyValue.show(links)).contains("\"direction\": \"to\"").contains("\"create-time\": " + NOW)
            .contains("\"send-buffer-allocated\": 10");
        assertThat(in).isPositive();
        assertThat(List.of(c.links().size())).containsExactly(2);
    }
}
