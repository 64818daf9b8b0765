package io.hashslot.server;

/**
 * A test hook on the connections a node opens to other nodes' client ports (a replica's link to its master,
 * MIGRATE's cached target connections): decides whether the node may reach {@code host:port}. An address the filter
 * refuses is unreachable, as across a network partition: a connect to it times out at once and an open link to it
 * is dropped when the filter is installed. The embedded cluster installs one on both sides of a partition, together
 * with the cluster bus filter, so the links between the sides are cut whichever side opened them.
 */
@FunctionalInterface
public interface NodeLinkFilter {
    /** Reaches everything (the production setting). */
    NodeLinkFilter ALLOW_ALL = (host, port) -> true;

    /** Whether this node may connect to (or keep its connection to) the client port {@code host:port}. */
    boolean allowLinkTo(String host, int port);
}
