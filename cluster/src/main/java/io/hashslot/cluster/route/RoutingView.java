package io.hashslot.cluster.route;

/**
 * What the {@link Router} reads from the cluster state: slot owners, open slots, who I am, whether the cluster is
 * up, and the routing-related settings. {@code io.hashslot.cluster.core.ClusterNode} implements it; nodes are
 * compared by name.
 */
public interface RoutingView {
    /** The master serving the slot, or null when unassigned. */
    NodeEndpoint slotOwner(int slot);

    /** The node this slot is being imported from (IMPORTING), or null. */
    NodeEndpoint importingFrom(int slot);

    /** The node this slot is being migrated to (MIGRATING), or null. */
    NodeEndpoint migratingTo(int slot);

    NodeEndpoint me();

    /** My master when I am a replica, else null. */
    NodeEndpoint myMaster();

    /** cluster_state:ok. */
    boolean stateOk();

    /** cluster-allow-reads-when-down. */
    boolean allowReadsWhenDown();

    /** cluster-allow-pubsubshard-when-down. */
    boolean allowPubsubshardWhenDown();

    /** The endpoint MOVED/ASK print for a node (cluster-preferred-endpoint-type: IP, hostname or "?", or ""). */
    String preferredEndpoint(NodeEndpoint node);
}
