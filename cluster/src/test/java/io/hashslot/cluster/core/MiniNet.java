package io.hashslot.cluster.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal synchronous network for unit tests: nodes at 127.0.0.1:port, connections that always succeed to live
 * addresses, FIFO delivery of whole frames through {@link ClusterNode#onBytes}, and a clock advanced by
 * {@link #run}. The full simulator (delays, loss, partitions, seeds) lives in testkit.
 */
final class MiniNet {
    record End(ClusterNode node, long linkId) {
    }

    private record Delivery(End to, byte[] bytes, boolean close) {
    }

    final List<ClusterNode> nodes = new ArrayList<>();
    final Map<Integer, ClusterNode> byCport = new HashMap<>();
    private final Map<ClusterNode, Map<Long, End>> peers = new HashMap<>();
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    final List<ClusterAction> log = new ArrayList<>();
    long now;
    final java.util.Set<Integer> down = new java.util.HashSet<>();

    MiniNet(long start) {
        this.now = start;
    }

    ClusterNode add(ClusterNode c) {
        nodes.add(c);
        byCport.put(c.settings().cport(), c);
        peers.put(c, new HashMap<>());
        return c;
    }

    ClusterNode addFresh(int port, long seed) {
        return add(Nodes.fresh(port, seed, now));
    }

    /** Processes pending actions and deliveries until nothing moves. */
    void settle() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (ClusterNode c : nodes) {
                c.beforeSleep(now);
                List<ClusterAction> actions = c.takeActions();
                if (!actions.isEmpty()) {
                    moved = true;
                    for (ClusterAction a : actions) {
                        perform(c, a);
                    }
                }
            }
            while (!queue.isEmpty()) {
                moved = true;
                Delivery d = queue.poll();
                if (d.close) {
                    d.to.node.onLinkClosed(d.to.linkId, now);
                } else {
                    d.to.node.onBytes(d.to.linkId, d.bytes, 0, d.bytes.length, now);
                }
                d.to.node.beforeSleep(now);
                for (ClusterAction a : d.to.node.takeActions()) {
                    perform(d.to.node, a);
                }
            }
        }
    }

    private void perform(ClusterNode from, ClusterAction a) {
        log.add(a);
        if (a instanceof ClusterAction.Connect conn) {
            ClusterNode target = byCport.get(conn.cport());
            if (target == null || down.contains(conn.cport()) || !conn.ip().equals("127.0.0.1")) {
                from.onLinkClosed(conn.linkId(), now);
                return;
            }
            long inbound = target.onInboundAccepted("127.0.0.1", "127.0.0.1", now);
            peers.get(from).put(conn.linkId(), new End(target, inbound));
            peers.get(target).put(inbound, new End(from, conn.linkId()));
            from.onLinkConnected(conn.linkId(), "127.0.0.1", now);
        } else if (a instanceof ClusterAction.Send send) {
            End to = peers.get(from).get(send.linkId());
            if (to != null && !down.contains(to.node.settings().cport()) && !down.contains(from.settings().cport())) {
                queue.add(new Delivery(to, send.message().bytes(), false));
            }
        } else if (a instanceof ClusterAction.CloseLink close) {
            End to = peers.get(from).remove(close.linkId());
            if (to != null) {
                peers.get(to.node).remove(to.linkId);
                queue.add(new Delivery(to, null, true));
            }
        }
    }

    /** Advances the clock in 100 ms cron steps for {@code millis}, settling after each. */
    void run(long millis) {
        long end = now + millis;
        while (now < end) {
            now += 100;
            for (ClusterNode c : nodes) {
                c.tick(now);
            }
            settle();
        }
    }

    /** Meets {@code other} from {@code c} (CLUSTER MEET 127.0.0.1 port). */
    void meet(ClusterNode c, ClusterNode other) {
        OpResult r = c.operator().meet("127.0.0.1", String.valueOf(other.settings().port()), null, now);
        if (r.isError()) {
            throw new AssertionError(r.error());
        }
    }
}
