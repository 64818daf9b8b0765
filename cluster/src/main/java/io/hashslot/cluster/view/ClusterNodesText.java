package io.hashslot.cluster.view;

import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.KnownNode;
import io.hashslot.cluster.core.NodeFlags;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLUSTER NODES / REPLICAS text and the node lines of nodes.conf, as clusterGenNodesDescription prints them:
 * {@code id ip:port@cport[,hostname] flags master ping_sent pong_recv config_epoch link_state slots...}; for
 * myself also the open slots {@code [slot->-id]} / {@code [slot-<-id]}.
 */
public final class ClusterNodesText {
    private ClusterNodesText() {
    }

    /**
     * All nodes not matching any flag of {@code filter} (0: all; nodes.conf uses HANDSHAKE), one line each ending
     * in '\n'. {@code usePport}: print plaintext ports (TLS cluster, non-TLS client).
     */
    public static String nodes(ClusterNode c, int filter, boolean usePport) {
        Map<KnownNode, List<int[]>> ranges = slotRanges(c);
        StringBuilder sb = new StringBuilder();
        for (KnownNode n : c.nodes()) {
            if ((n.flags() & filter) != 0) {
                continue;
            }
            describe(c, n, usePport, ranges.get(n), sb);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One node's line without the trailing newline; slots from the node's own bitmap (clusterGenNodeDescription). */
    public static String describe(ClusterNode c, KnownNode n, boolean usePport) {
        StringBuilder sb = new StringBuilder();
        describe(c, n, usePport, null, sb);
        return sb.toString();
    }

    /** Runs of consecutive slots with the same owner, from the slot table (clusterGenNodesSlotsInfo). */
    static Map<KnownNode, List<int[]>> slotRanges(ClusterNode c) {
        Map<KnownNode, List<int[]>> out = new IdentityHashMap<>();
        KnownNode cur = null;
        int start = -1;
        for (int i = 0; i <= 16384; i++) {
            KnownNode owner = i < 16384 ? c.slotOwner(i) : null;
            if (owner != cur || i == 16384) {
                if (cur != null) {
                    out.computeIfAbsent(cur, k -> new ArrayList<>()).add(new int[] {start, i - 1});
                }
                cur = owner;
                start = i;
            }
        }
        return out;
    }

    private static void describe(ClusterNode c, KnownNode n, boolean usePport, List<int[]> ranges,
                                 StringBuilder sb) {
        int port = usePport && n.pport() != 0 ? n.pport() : n.port();
        sb.append(n.name()).append(' ').append(n.ip()).append(':').append(port).append('@').append(n.cport());
        if (!n.hostname().isEmpty()) {
            sb.append(',').append(n.hostname());
        }
        sb.append(' ').append(NodeFlags.describe(n.flags())).append(' ');
        sb.append(n.master() != null ? n.master().name() : "-");
        sb.append(' ').append(n.pingSent()).append(' ').append(n.pongReceived()).append(' ')
            .append(Long.toUnsignedString(n.printedConfigEpoch())).append(' ')
            .append(n.hasLink() || n.isMyself() ? "connected" : "disconnected");
        if (ranges != null) {
            for (int[] r : ranges) {
                sb.append(' ').append(r[0]);
                if (r[1] != r[0]) {
                    sb.append('-').append(r[1]);
                }
            }
        } else if (n.numSlots() > 0) {
            int s = -1;
            for (int j = 0; j <= 16384; j++) {
                boolean bit = j < 16384 && n.ownsSlot(j);
                if (bit && s < 0) {
                    s = j;
                } else if (!bit && s >= 0) {
                    sb.append(' ').append(s);
                    if (j - 1 != s) {
                        sb.append('-').append(j - 1);
                    }
                    s = -1;
                }
            }
        }
        if (n.isMyself()) {
            for (int j = 0; j < 16384; j++) {
                if (c.migratingTo(j) != null) {
                    sb.append(" [").append(j).append("->-").append(c.migratingTo(j).name()).append(']');
                } else if (c.importingFrom(j) != null) {
                    sb.append(" [").append(j).append("-<-").append(c.importingFrom(j).name()).append(']');
                }
            }
        }
    }

    /**
     * CLUSTER REPLICAS id: one NODES line per replica, or an error line ("ERR Unknown node ...",
     * "ERR The specified node is not a master") as the single element of {@link Result#error}.
     */
    public static Result replicas(ClusterNode c, String id, boolean usePport) {
        KnownNode n = c.lookup(id);
        if (n == null) {
            return new Result(null, "ERR Unknown node " + id);
        }
        if (n.isReplica()) {
            return new Result(null, "ERR The specified node is not a master");
        }
        List<String> lines = new ArrayList<>();
        for (KnownNode r : n.replicas()) {
            lines.add(describe(c, r, usePport));
        }
        return new Result(lines, null);
    }

    /** Lines, or an error. */
    public record Result(List<String> lines, String error) {
    }
}
