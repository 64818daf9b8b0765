package io.hashslot.tools.client;

import io.hashslot.common.HashSlot;
import io.hashslot.protocol.RespValue;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A small Redis Cluster client for Hashslot's own tools (consistency-test, example): it caches the slot map from
 * CLUSTER SLOTS, sends each single-key command to the slot's master, follows MOVED (updating the map, and reloading
 * it before the next command) and ASK (ASKING first), and on a broken connection drops it, reloads the map from any
 * known node and tries again, up to {@link #MAX_REDIRECTIONS} times. A node without cluster support serves every
 * slot. Applications should use Jedis or Lettuce; this client exists so that the tools have no dependency.
 */
public final class ClusterClient implements Closeable {
    /** As redis-rb-cluster: give up after this many redirections or retries. */
    public static final int MAX_REDIRECTIONS = 16;

    private final Set<NodeAddress> known = new LinkedHashSet<>();
    private final NodeAddress[] slots = new NodeAddress[HashSlot.COUNT];
    private final Map<NodeAddress, NodeLink> links = new HashMap<>();
    private final int timeoutMillis;
    private final RandomGenerator random;
    private boolean refreshSoon = true;

    public ClusterClient(List<NodeAddress> seeds, int timeoutMillis, RandomGenerator random) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one startup node is needed");
        }
        known.addAll(seeds);
        this.timeoutMillis = timeoutMillis;
        this.random = random;
    }

    /**
     * Runs a command whose key is its second argument (GET, SET, INCR ...). Error replies (CLUSTERDOWN, WRONGTYPE
     * ...) are returned; an IOException means no node could answer within the retries.
     */
    public RespValue call(String... args) throws IOException {
        List<byte[]> argv = new ArrayList<>(args.length);
        for (String a : args) {
            argv.add(a.getBytes(StandardCharsets.UTF_8));
        }
        return call(argv);
    }

    public RespValue call(List<byte[]> argv) throws IOException {
        if (refreshSoon) {
            refreshSlots();
        }
        int slot = argv.size() > 1 ? HashSlot.of(argv.get(1)) : 0;
        NodeAddress asking = null;
        IOException last = null;
        for (int attempt = 0; attempt < MAX_REDIRECTIONS; attempt++) {
            NodeAddress target = asking != null ? asking : slots[slot];
            if (target == null) {
                target = anyKnown();
            }
            RespValue reply;
            try {
                NodeLink link = link(target);
                if (asking != null) {
                    reply = link.call(List.of(List.of(bytes("ASKING")), argv))[1];
                } else {
                    reply = link.call(List.of(argv))[0];
                }
            } catch (IOException e) {
                last = e;
                drop(target);
                asking = null;
                refreshSlots();
                continue;
            }
            asking = null;
            if (reply instanceof RespValue.Error err) {
                Redirect r = Redirect.parse(err.text());
                if (r != null) {
                    known.add(r.node());
                    if (r.ask()) {
                        asking = r.node();
                    } else {
                        slots[r.slot()] = r.node();
                        refreshSoon = true;
                    }
                    continue;
                }
            }
            return reply;
        }
        throw last != null ? new IOException(last.getMessage(), last)
            : new IOException("Too many Cluster redirections? (last error: MOVED/ASK loop)");
    }

    /** Reloads the slot map from the first known node that answers CLUSTER SLOTS. */
    public void refreshSlots() {
        List<NodeAddress> candidates = new ArrayList<>(known);
        for (NodeAddress node : candidates) {
            try {
                RespValue reply = link(node).call(List.of(List.of(bytes("CLUSTER"), bytes("SLOTS"))))[0];
                if (reply instanceof RespValue.Error) {
                    // no cluster support: the node serves every slot
                    java.util.Arrays.fill(slots, node);
                } else if (reply instanceof RespValue.Array a) {
                    java.util.Arrays.fill(slots, null);
                    for (RespValue range : a.items()) {
                        applyRange(node, (RespValue.Array) range);
                    }
                } else {
                    continue;
                }
                refreshSoon = false;
                return;
            } catch (IOException | RuntimeException e) {
                drop(node);
            }
        }
        refreshSoon = true;
    }

    private void applyRange(NodeAddress askedNode, RespValue.Array range) {
        List<RespValue> items = range.items();
        int from = (int) ((RespValue.Int) items.get(0)).value();
        int to = (int) ((RespValue.Int) items.get(1)).value();
        List<RespValue> master = ((RespValue.Array) items.get(2)).items();
        String host = master.get(0) instanceof RespValue.Bulk b ? b.text() : "";
        int port = (int) ((RespValue.Int) master.get(1)).value();
        NodeAddress node = new NodeAddress(host.isEmpty() || host.equals("?") ? askedNode.host() : host, port);
        known.add(node);
        for (int s = from; s <= to; s++) {
            slots[s] = node;
        }
    }

    /** The master serving a slot in the cached map, or null when unknown. */
    public NodeAddress masterOf(int slot) {
        return slots[slot];
    }

    private NodeAddress anyKnown() {
        List<NodeAddress> all = new ArrayList<>(known);
        return all.get(random.nextInt(all.size()));
    }

    private NodeLink link(NodeAddress node) throws IOException {
        NodeLink l = links.get(node);
        if (l == null) {
            l = new NodeLink(node, timeoutMillis);
            links.put(node, l);
        }
        return l;
    }

    private void drop(NodeAddress node) {
        NodeLink l = links.remove(node);
        if (l != null) {
            l.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        for (NodeLink l : links.values()) {
            l.close();
        }
        links.clear();
    }

    /** A MOVED or ASK error: {@code MOVED 3999 127.0.0.1:6381}. */
    record Redirect(boolean ask, int slot, NodeAddress node) {
        static Redirect parse(String error) {
            boolean ask = error.startsWith("ASK ");
            if (!ask && !error.startsWith("MOVED ")) {
                return null;
            }
            String[] parts = error.split(" ");
            if (parts.length != 3) {
                return null;
            }
            try {
                return new Redirect(ask, Integer.parseInt(parts[1]), NodeAddress.parse(parts[2]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
