package io.hashslot.cluster.view;

import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.ClusterSettings;
import io.hashslot.cluster.core.KnownNode;
import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER SLOTS (clusterReplyMultiBulkSlots) and CLUSTER SHARDS (clusterReplyShards) as {@link ReplyValue} trees.
 */
public final class ClusterSlotsReply {
    private ClusterSlotsReply() {
    }

    /** One element per run of slots with the same owner: start, end, master, available replicas. */
    public static ReplyValue slots(ClusterNode c, boolean usePport) {
        List<ReplyValue> out = new ArrayList<>();
        KnownNode cur = null;
        int start = -1;
        for (int i = 0; i <= 16384; i++) {
            KnownNode owner = i < 16384 ? c.slotOwner(i) : null;
            if (owner != cur || i == 16384) {
                if (cur != null) {
                    out.add(slotRange(c, cur, start, i - 1, usePport));
                }
                cur = owner;
                start = i;
            }
        }
        return new ReplyValue.Array(out);
    }

    private static ReplyValue slotRange(ClusterNode c, KnownNode n, int start, int end, boolean usePport) {
        List<ReplyValue> items = new ArrayList<>();
        items.add(ReplyValue.integer(start));
        items.add(ReplyValue.integer(end));
        items.add(nodeEntry(c, n, usePport));
        for (KnownNode r : n.replicas()) {
            if (replicaAvailable(c, r)) {
                items.add(nodeEntry(c, r, usePport));
            }
        }
        return new ReplyValue.Array(items);
    }

    /** isReplicaAvailable: not FAIL and a non-zero replication offset. */
    private static boolean replicaAvailable(ClusterNode c, KnownNode r) {
        if (r.failed()) {
            return false;
        }
        long offset = r.isMyself() ? c.myReplicationOffset() : r.replOffset();
        return offset != 0;
    }

    /** addNodeToNodeReply: endpoint, port, id, and a map with the networking info that is not the endpoint. */
    private static ReplyValue nodeEntry(ClusterNode c, KnownNode n, boolean usePport) {
        ClusterSettings s = c.settings();
        ClusterSettings.EndpointType type = s.preferredEndpointType();
        List<ReplyValue> items = new ArrayList<>();
        switch (type) {
            case IP -> items.add(ReplyValue.bulk(n.ip()));
            case HOSTNAME -> items.add(ReplyValue.bulk(n.hostname().isEmpty() ? "?" : n.hostname()));
            default -> items.add(new ReplyValue.Null());
        }
        items.add(ReplyValue.integer(usePport && n.pport() != 0 ? n.pport() : n.port()));
        items.add(ReplyValue.bulk(n.name()));
        ReplyValue.MapBuilder meta = new ReplyValue.MapBuilder();
        if (type != ClusterSettings.EndpointType.IP) {
            meta.put("ip", ReplyValue.bulk(n.ip()));
        }
        if (type != ClusterSettings.EndpointType.HOSTNAME && !n.hostname().isEmpty()) {
            meta.put("hostname", ReplyValue.bulk(n.hostname()));
        }
        items.add(meta.build());
        return new ReplyValue.Array(items);
    }

    /** One map per master (slot-less masters too): slots as flat start/end pairs, then the shard's nodes. */
    public static ReplyValue shards(ClusterNode c) {
        var ranges = ClusterNodesText.slotRanges(c);
        List<ReplyValue> out = new ArrayList<>();
        for (KnownNode n : c.nodes()) {
            if (!n.isMaster()) {
                continue;
            }
            List<ReplyValue> slots = new ArrayList<>();
            List<int[]> rs = ranges.get(n);
            if (rs != null) {
                for (int[] r : rs) {
                    slots.add(ReplyValue.integer(r[0]));
                    slots.add(ReplyValue.integer(r[1]));
                }
            }
            List<ReplyValue> nodes = new ArrayList<>();
            nodes.add(shardNode(c, n));
            for (KnownNode r : n.replicas()) {
                nodes.add(shardNode(c, r));
            }
            out.add(new ReplyValue.MapBuilder().put("slots", new ReplyValue.Array(slots))
                .put("nodes", new ReplyValue.Array(nodes)).build());
        }
        return new ReplyValue.Array(out);
    }

    /** addNodeDetailsToShardReply. */
    private static ReplyValue shardNode(ClusterNode c, KnownNode n) {
        ClusterSettings s = c.settings();
        ReplyValue.MapBuilder m = new ReplyValue.MapBuilder();
        m.put("id", ReplyValue.bulk(n.name()));
        int plaintextPort = s.tlsCluster() ? n.pport() : n.port();
        int tlsPort = s.tlsCluster() ? n.port() : 0;
        if (plaintextPort != 0) {
            m.put("port", ReplyValue.integer(plaintextPort));
        }
        if (tlsPort != 0) {
            m.put("tls-port", ReplyValue.integer(tlsPort));
        }
        m.put("ip", ReplyValue.bulk(n.ip()));
        m.put("endpoint", ReplyValue.bulk(s.preferredEndpoint(n)));
        if (!n.hostname().isEmpty()) {
            m.put("hostname", ReplyValue.bulk(n.hostname()));
        }
        long offset = n.isMyself() ? c.myReplicationOffset() : n.replOffset();
        m.put("role", ReplyValue.bulk(n.isReplica() ? "replica" : "master"));
        m.put("replication-offset", ReplyValue.integer(offset));
        String health = n.failed() ? "fail" : n.isReplica() && offset == 0 ? "loading" : "online";
        m.put("health", ReplyValue.bulk(health));
        return m.build();
    }
}
