package io.hashslot.cluster.view;

import io.hashslot.cluster.bus.MessageType;
import io.hashslot.cluster.core.BusStats;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.KnownNode;

/** CLUSTER INFO text, field for field as Redis 7.0 prints it ({@code key:value\r\n} lines). */
public final class ClusterInfoText {
    private ClusterInfoText() {
    }

    public static String info(ClusterNode c) {
        int assigned = 0;
        int ok = 0;
        int pfail = 0;
        int fail = 0;
        for (int j = 0; j < 16384; j++) {
            KnownNode n = c.slotOwner(j);
            if (n == null) {
                continue;
            }
            assigned++;
            if (n.failed()) {
                fail++;
            } else if (n.timedOut()) {
                pfail++;
            } else {
                ok++;
            }
        }
        KnownNode myself = c.myself();
        long myEpoch = myself.isReplica() && myself.master() != null ? myself.master().configEpoch()
            : myself.configEpoch();
        StringBuilder sb = new StringBuilder();
        sb.append("cluster_state:").append(c.stateOk() ? "ok" : "fail").append("\r\n");
        sb.append("cluster_slots_assigned:").append(assigned).append("\r\n");
        sb.append("cluster_slots_ok:").append(ok).append("\r\n");
        sb.append("cluster_slots_pfail:").append(pfail).append("\r\n");
        sb.append("cluster_slots_fail:").append(fail).append("\r\n");
        sb.append("cluster_known_nodes:").append(c.knownNodes()).append("\r\n");
        sb.append("cluster_size:").append(c.size()).append("\r\n");
        sb.append("cluster_current_epoch:").append(Long.toUnsignedString(c.currentEpoch())).append("\r\n");
        sb.append("cluster_my_epoch:").append(Long.toUnsignedString(myEpoch)).append("\r\n");
        BusStats s = c.stats();
        for (int i = 0; i < MessageType.COUNT; i++) {
            if (s.sent(i) != 0) {
                sb.append("cluster_stats_messages_").append(MessageType.name(i)).append("_sent:").append(s.sent(i))
                    .append("\r\n");
            }
        }
        sb.append("cluster_stats_messages_sent:").append(s.totalSent()).append("\r\n");
        for (int i = 0; i < MessageType.COUNT; i++) {
            if (s.received(i) != 0) {
                sb.append("cluster_stats_messages_").append(MessageType.name(i)).append("_received:")
                    .append(s.received(i)).append("\r\n");
            }
        }
        sb.append("cluster_stats_messages_received:").append(s.totalReceived()).append("\r\n");
        sb.append("total_cluster_links_buffer_limit_exceeded:").append(s.linksBufferLimitExceeded()).append("\r\n");
        return sb.toString();
    }
}
