package io.hashslot.commands;

/**
 * What commands ask of the node around them (process, sockets, files). Implemented by the server module; tests
 * can implement it too.
 */
public interface ServerHooks {
    /** SHUTDOWN. Returns an error message to reply with, or null when shutdown has begun. */
    String shutdown(boolean save, boolean nosave, boolean now, boolean force, boolean abort);

    /** DEBUG SEGFAULT: die at once, like a crash, without saving. */
    void crash();

    /** CONFIG REWRITE: returns an error message or null. */
    String rewriteConfig();

    /**
     * DEBUG CONFIG-REWRITE-FORCE-ALL: rewrites with every directive written, defaults included. Returns an error
     * message or null.
     */
    default String rewriteConfigForceAll() {
        return rewriteConfig();
    }

    /** The TCP port clients connect to. */
    int port();

    /** Absolute path of the config file, or "" when started without one. */
    String configFile();

    /** Resident set size of the process in bytes, or 0 if unknown. */
    long residentBytes();

    /** Physical memory of the machine in bytes, or 0 if unknown (INFO total_system_memory). */
    default long totalSystemMemory() {
        return 0;
    }

    /**
     * CPU time in microseconds: {process user, process system, execution thread user, execution thread total}
     * (INFO cpu). Must be called on the execution thread.
     */
    default long[] cpuMicros() {
        return new long[4];
    }

    /** INFO clients cluster_connections: two bus sockets per other known node in cluster mode, else 0. */
    default long clusterConnections() {
        return 0;
    }

    /** DEBUG CLUSTERLINK KILL to|from|all node-id: returns an error text, or null when the links were closed. */
    default String killClusterLink(String direction, String nodeName) {
        return "ERR Debug option only available for cluster mode enabled setup!";
    }

    /** DEBUG DROP-CLUSTER-PACKET-FILTER: drop received cluster bus messages of this type (-1: none). */
    default void setClusterDropPacketFilter(long type) {
    }

    /** The executable the node was started as. */
    String executable();

    /** Lines for INFO server that only the server knows ("multiplexing_api:epoll" ...), already formatted. */
    String multiplexingApi();
}
