package io.hashslot.cluster.core;

import io.hashslot.cluster.route.NodeEndpoint;
import io.hashslot.common.LogLevel;

/**
 * The cluster-related configuration the core needs, as Redis 7.0 names and defaults them. Ports are the
 * <em>announced</em> ones (Redis's deriveAnnouncedPorts): {@code port} is the client port (TLS port in a TLS
 * cluster), {@code pport} the plaintext port in a TLS cluster else 0, {@code cport} the bus port.
 *
 * @param announceIp       {@code cluster-announce-ip}, or null when unset (the IP is then learned from MEETs)
 * @param announceHostname {@code cluster-announce-hostname}, "" when unset
 * @param verbosity        the lowest log level the core bothers to emit
 */
public record ClusterSettings(int port, int pport, int cport, String announceIp, String announceHostname,
                              long nodeTimeout, boolean requireFullCoverage, boolean allowReplicaMigration,
                              boolean replicaNoFailover, boolean allowReadsWhenDown, boolean allowPubsubshardWhenDown,
                              EndpointType preferredEndpointType, int migrationBarrier, int replicaValidityFactor,
                              int replPingReplicaPeriod, boolean tlsCluster, LogLevel verbosity) {

    /** {@code cluster-preferred-endpoint-type}. */
    public enum EndpointType { IP, HOSTNAME, UNKNOWN_ENDPOINT }

    public ClusterSettings {
        if (announceHostname == null) {
            announceHostname = "";
        }
    }

    /** Redis 7.0 defaults for a node whose client port is {@code port} (bus port = port + 10000). */
    public static ClusterSettings defaults(int port) {
        return new ClusterSettings(port, 0, port + 10000, null, "", 15000, true, true, false, false, true,
            EndpointType.IP, 1, 10, 10, false, LogLevel.NOTICE);
    }

    public ClusterSettings withPorts(int newPort, int newPport, int newCport) {
        return new ClusterSettings(newPort, newPport, newCport, announceIp, announceHostname, nodeTimeout,
            requireFullCoverage, allowReplicaMigration, replicaNoFailover, allowReadsWhenDown, allowPubsubshardWhenDown,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster,
            verbosity);
    }

    public ClusterSettings withAnnounceIp(String ip) {
        return new ClusterSettings(port, pport, cport, ip, announceHostname, nodeTimeout, requireFullCoverage,
            allowReplicaMigration, replicaNoFailover, allowReadsWhenDown, allowPubsubshardWhenDown,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster,
            verbosity);
    }

    public ClusterSettings withAnnounceHostname(String hostname) {
        return new ClusterSettings(port, pport, cport, announceIp, hostname, nodeTimeout, requireFullCoverage,
            allowReplicaMigration, replicaNoFailover, allowReadsWhenDown, allowPubsubshardWhenDown,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster,
            verbosity);
    }

    public ClusterSettings withNodeTimeout(long ms) {
        return new ClusterSettings(port, pport, cport, announceIp, announceHostname, ms, requireFullCoverage,
            allowReplicaMigration, replicaNoFailover, allowReadsWhenDown, allowPubsubshardWhenDown,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster,
            verbosity);
    }

    public ClusterSettings withRequireFullCoverage(boolean v) {
        return new ClusterSettings(port, pport, cport, announceIp, announceHostname, nodeTimeout, v,
            allowReplicaMigration, replicaNoFailover, allowReadsWhenDown, allowPubsubshardWhenDown,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster,
            verbosity);
    }

    public ClusterSettings withAllowReplicaMigration(boolean v) {
        return new ClusterSettings(port, pport, cport, announceIp, announceHostname, nodeTimeout,
            requireFullCoverage, v, replicaNoFailover, allowReadsWhenDown, allowPubsubshardWhenDown,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster,
            verbosity);
    }

    public ClusterSettings withReplicaNoFailover(boolean v) {
        return new ClusterSettings(port, pport, cport, announceIp, announceHostname, nodeTimeout,
            requireFullCoverage, allowReplicaMigration, v, allowReadsWhenDown, allowPubsubshardWhenDown,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster,
            verbosity);
    }

    public ClusterSettings withReadsWhenDown(boolean reads, boolean pubsubshard) {
        return new ClusterSettings(port, pport, cport, announceIp, announceHostname, nodeTimeout,
            requireFullCoverage, allowReplicaMigration, replicaNoFailover, reads, pubsubshard,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster,
            verbosity);
    }

    public ClusterSettings withPreferredEndpointType(EndpointType type) {
        return new ClusterSettings(port, pport, cport, announceIp, announceHostname, nodeTimeout,
            requireFullCoverage, allowReplicaMigration, replicaNoFailover, allowReadsWhenDown, allowPubsubshardWhenDown,
            type, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster, verbosity);
    }

    public ClusterSettings withVerbosity(LogLevel level) {
        return new ClusterSettings(port, pport, cport, announceIp, announceHostname, nodeTimeout,
            requireFullCoverage, allowReplicaMigration, replicaNoFailover, allowReadsWhenDown, allowPubsubshardWhenDown,
            preferredEndpointType, migrationBarrier, replicaValidityFactor, replPingReplicaPeriod, tlsCluster, level);
    }

    /** The endpoint MOVED/ASK and CLUSTER SHARDS print for a node (Redis's getPreferredEndpoint). */
    public String preferredEndpoint(NodeEndpoint n) {
        return switch (preferredEndpointType) {
            case IP -> n.ip();
            case HOSTNAME -> n.hostname().isEmpty() ? "?" : n.hostname();
            case UNKNOWN_ENDPOINT -> "";
        };
    }
}
