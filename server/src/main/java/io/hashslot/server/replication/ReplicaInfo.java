package io.hashslot.server.replication;

/** What a connection announced with REPLCONF before (or after) it asked for synchronization. */
final class ReplicaInfo {
    int listeningPort;
    String ipAddress;
    boolean capaEof;
    boolean capaPsync2;
    /** Asked with SYNC (the pre-PSYNC protocol): no +FULLRESYNC line before the payload. */
    boolean preSync;

    /** The address shown in INFO, ROLE and the log: the announced ip, else the connection's peer address. */
    String ip(String remoteAddress) {
        if (ipAddress != null && !ipAddress.isEmpty()) {
            return ipAddress;
        }
        int colon = remoteAddress.lastIndexOf(':');
        String host = colon < 0 ? remoteAddress : remoteAddress.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }
}
