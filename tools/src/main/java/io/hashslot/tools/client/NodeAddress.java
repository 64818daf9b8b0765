package io.hashslot.tools.client;

/** host:port of a cluster node's client port. */
public record NodeAddress(String host, int port) {
    /** Parses "host:port" (the last colon separates the port, so IPv6 addresses work). */
    public static NodeAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        return new NodeAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
