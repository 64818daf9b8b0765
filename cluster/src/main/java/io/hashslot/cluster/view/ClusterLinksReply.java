package io.hashslot.cluster.view;

import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.KnownNode;
import io.hashslot.cluster.core.Link;
import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER LINKS: for every node, its outbound then its inbound link, each as a map of direction, node,
 * create-time, events, send-buffer-allocated and send-buffer-used. The socket-side facts come from the driver.
 */
public final class ClusterLinksReply {
    private ClusterLinksReply() {
    }

    /** What only the transport knows about a link. */
    public interface Buffers {
        /** "r", "w", "rw" or "" (read/write handlers installed). */
        String events(long linkId);

        long sendBufferAllocated(long linkId);

        long sendBufferUsed(long linkId);
    }

    public static ReplyValue links(ClusterNode c, Buffers buffers) {
        List<ReplyValue> out = new ArrayList<>();
        for (KnownNode n : c.nodes()) {
            for (Link l : c.links()) {
                if (l.node() == n && !l.inbound()) {
                    out.add(describe(n, l, buffers));
                }
            }
            for (Link l : c.links()) {
                if (l.node() == n && l.inbound()) {
                    out.add(describe(n, l, buffers));
                }
            }
        }
        return new ReplyValue.Array(out);
    }

    private static ReplyValue describe(KnownNode n, Link l, Buffers b) {
        return new ReplyValue.MapBuilder()
            .put("direction", ReplyValue.bulk(l.inbound() ? "from" : "to"))
            .put("node", ReplyValue.bulk(n.name()))
            .put("create-time", ReplyValue.integer(l.ctime()))
            .put("events", ReplyValue.bulk(b.events(l.id())))
            .put("send-buffer-allocated", ReplyValue.integer(b.sendBufferAllocated(l.id())))
            .put("send-buffer-used", ReplyValue.integer(b.sendBufferUsed(l.id())))
            .build();
    }
}
