package io.hashslot.cluster.route;

/** Where clients reach a node: what MOVED/ASK and CLUSTER SLOTS print. */
public interface NodeEndpoint {
    String name();

    /** IP text; "" when unknown. */
    String ip();

    /** Client port (the TLS port in a TLS cluster). */
    int port();

    /** Plaintext client port in a TLS cluster, else 0. */
    int pport();

    /** Announced hostname; "" when none. */
    String hostname();
}
