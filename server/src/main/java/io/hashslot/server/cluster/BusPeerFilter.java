package io.hashslot.server.cluster;

/**
 * A test hook on the cluster bus transport: decides whether a message may be sent to a peer node (by its node id).
 * A message the filter refuses is dropped, as a network partition would lose it; the link stays open. The embedded
 * cluster installs one on every node to cut the bus between two sets of nodes. Called on the node's event loop.
 */
@FunctionalInterface
public interface BusPeerFilter {
    /** Passes everything (the production setting). */
    BusPeerFilter ALLOW_ALL = peer -> true;

    /** Whether a message to the node named {@code peerNodeId} may leave this node. */
    boolean allowSendTo(String peerNodeId);
}
