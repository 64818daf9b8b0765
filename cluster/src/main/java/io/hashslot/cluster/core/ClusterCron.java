package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.MessageType;
import io.hashslot.common.LogLevel;

/**
 * clusterCron, run every 100 ms: drop stale handshakes, connect missing links, ping a random node once a second and
 * any node not heard from for half the node timeout, reset silent links, set PFAIL, keep replication pointed at my
 * master, and re-evaluate the cluster state.
 */
final class ClusterCron {
    private final ClusterNode c;
    private long iteration;

    ClusterCron(ClusterNode c) {
        this.c = c;
    }

    void tick(long now) {
        iteration++;
        NodeTable t = c.table;
        KnownNode myself = t.myself;
        long nodeTimeout = c.settings.nodeTimeout();
        myself.hostname = c.settings.announceHostname();
        long handshakeTimeout = Math.max(nodeTimeout, 1000);
        boolean updateState = false;

        c.stats.pfailNodes = 0;
        for (KnownNode node : t.snapshot()) {
            if ((node.flags & (NodeFlags.MYSELF | NodeFlags.NOADDR)) != 0) {
                continue;
            }
            if (node.timedOut()) {
                c.stats.pfailNodes++;
            }
            if (node.inHandshake() && now - node.ctime > handshakeTimeout) {
                t.delete(node, now);
                continue;
            }
            if (node.link == null) {
                c.links.createOutbound(node, now);
            }
        }

        if (iteration % 10 == 0) {
            KnownNode minPongNode = null;
            long minPong = 0;
            for (int j = 0; j < 5; j++) {
                KnownNode n = t.random(c.random);
                if (n.link == null || n.pingSent != 0) {
                    continue;
                }
                if ((n.flags & (NodeFlags.MYSELF | NodeFlags.HANDSHAKE)) != 0) {
                    continue;
                }
                if (minPongNode == null || minPong > n.pongReceived) {
                    minPongNode = n;
                    minPong = n.pongReceived;
                }
            }
            if (minPongNode != null) {
                c.out.log(LogLevel.DEBUG, "Pinging node " + minPongNode.name);
                c.messages.sendPing(minPongNode.link, MessageType.PING, now);
            }
        }

        int orphanedMasters = 0;
        int maxReplicas = 0;
        int myMasterReplicas = 0;
        for (KnownNode node : t.snapshot()) {
            if ((node.flags & (NodeFlags.MYSELF | NodeFlags.NOADDR | NodeFlags.HANDSHAKE)) != 0) {
                continue;
            }
            if (myself.isReplica() && node.isMaster() && !node.failed()) {
                int ok = t.countNonFailingReplicas(node);
                if (ok == 0 && node.numSlots > 0 && (node.flags & NodeFlags.MIGRATE_TO) != 0) {
                    orphanedMasters++;
                }
                maxReplicas = Math.max(maxReplicas, ok);
                if (myself.master == node) {
                    myMasterReplicas = ok;
                }
            }
            long pingDelay = now - node.pingSent;
            long dataDelay = now - node.dataReceived;
            if (node.link != null && now - node.link.ctime > nodeTimeout && node.pingSent != 0
                && pingDelay > nodeTimeout / 2 && dataDelay > nodeTimeout / 2) {
                c.links.free(node.link, true);
            }
            if (node.link != null && node.pingSent == 0 && now - node.pongReceived > nodeTimeout / 2) {
                c.messages.sendPing(node.link, MessageType.PING, now);
                continue;
            }
            if (c.failover.mfEnd != 0 && myself.isMaster() && c.failover.mfReplica == node && node.link != null) {
                c.messages.sendPing(node.link, MessageType.PING, now);
                continue;
            }
            if (node.pingSent == 0) {
                continue;
            }
            long nodeDelay = Math.min(pingDelay, dataDelay);
            if (nodeDelay > nodeTimeout && (node.flags & (NodeFlags.PFAIL | NodeFlags.FAIL)) == 0) {
                c.out.log(LogLevel.DEBUG, "*** NODE " + node.name + " possibly failing");
                node.flags |= NodeFlags.PFAIL;
                updateState = true;
            }
        }
        c.orphanedMasters = orphanedMasters;
        c.maxReplicas = maxReplicas;
        c.myMasterReplicas = myMasterReplicas;

        if (myself.isReplica() && !c.probe.replicationMasterSet() && myself.master != null
            && myself.master.hasAddr()) {
            c.out.add(new ClusterAction.ReplicateFrom(myself.master.name, myself.master.ip, myself.master.port));
        }
        c.failover.checkManualFailoverTimeout(now);
        if (myself.isReplica()) {
            c.failover.handleManualFailover();
            c.election.handle(now);
            if (orphanedMasters > 0 && maxReplicas >= 2 && myMasterReplicas == maxReplicas
                && c.settings.allowReplicaMigration()) {
                c.migration.handle(maxReplicas, now);
            }
        }
        if (updateState || c.state == ClusterNode.STATE_FAIL) {
            c.stateEvaluator.update(now);
        }
    }
}
