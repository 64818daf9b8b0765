package io.hashslot.server.replication;

import java.util.Locale;

/** The INFO replication section, field for field as Redis 7.0 prints it for either role. */
final class ReplicationInfo {
    private ReplicationInfo() {
    }

    static String section(Replication r) {
        StringBuilder sb = new StringBuilder("# Replication\r\n");
        long nowSec = r.now() / 1000;
        add(sb, "role", r.isReplica() ? "slave" : "master");
        if (r.isReplica()) {
            MasterLink link = r.link;
            boolean up = link != null && link.connected();
            add(sb, "master_host", r.masterHost);
            add(sb, "master_port", r.masterPort);
            add(sb, "master_link_status", up ? "up" : "down");
            add(sb, "master_last_io_seconds_ago", r.masterClient != null && link != null
                ? nowSec - link.lastIoMillis() / 1000 : -1);
            boolean transfer = link != null && link.transferring();
            add(sb, "master_sync_in_progress", transfer ? 1 : 0);
            long read = r.offset;
            if (up) {
                read = Math.max(read, link.readOffset());
            }
            add(sb, "slave_read_repl_offset", r.masterClient != null || r.cachedMaster ? read : 1);
            add(sb, "slave_repl_offset", r.masterClient != null || r.cachedMaster ? r.offset : 1);
            if (transfer) {
                long total = link.transferSize();
                long got = link.transferRead();
                add(sb, "master_sync_total_bytes", total);
                add(sb, "master_sync_read_bytes", got);
                add(sb, "master_sync_left_bytes", total - got);
                add(sb, "master_sync_perc", String.format(Locale.ROOT, "%.2f",
                    total > 0 ? (double) got / total * 100 : 0.0));
                add(sb, "master_sync_last_io_seconds_ago", nowSec - link.lastIoMillis() / 1000);
            }
            if (!up) {
                add(sb, "master_link_down_since_seconds", r.linkDownSinceMillis == 0 ? -1
                    : nowSec - r.linkDownSinceMillis / 1000);
            }
            add(sb, "slave_priority", r.server.config().getInt("replica-priority"));
            add(sb, "slave_read_only", r.server.config().getBool("replica-read-only") ? 1 : 0);
            add(sb, "replica_announced", r.server.config().getBool("replica-announced") ? 1 : 0);
        }
        add(sb, "connected_slaves", r.replicas.size());
        if (r.server.config().getInt("min-replicas-to-write") > 0
            && r.server.config().getInt("min-replicas-max-lag") > 0) {
            add(sb, "min_slaves_good_slaves", r.goodReplicas());
        }
        int i = 0;
        for (ReplicaSession s : r.replicas) {
            long lag = s.state == ReplicaSession.State.ONLINE || s.state == ReplicaSession.State.WAIT_ACK
                ? nowSec - s.ackMillis / 1000 : 0;
            sb.append("slave").append(i++).append(":ip=").append(s.info.ip(s.client.connection().remoteAddress()))
                .append(",port=").append(s.info.listeningPort).append(",state=").append(s.stateName())
                .append(",offset=").append(s.ackOffset).append(",lag=").append(lag).append("\r\n");
        }
        add(sb, "master_failover_state", "no-failover");
        add(sb, "master_replid", r.replid);
        add(sb, "master_replid2", r.replid2);
        add(sb, "master_repl_offset", r.offset);
        add(sb, "second_repl_offset", r.secondOffset);
        add(sb, "repl_backlog_active", r.backlog != null ? 1 : 0);
        add(sb, "repl_backlog_size", r.backlogSize());
        add(sb, "repl_backlog_first_byte_offset", r.backlog != null ? r.backlog.firstByteOffset() : 0);
        add(sb, "repl_backlog_histlen", r.backlog != null ? r.backlog.histlen() : 0);
        return sb.toString();
    }

    private static void add(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }
}
