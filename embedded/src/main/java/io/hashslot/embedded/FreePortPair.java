package io.hashslot.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/** Finds a loopback port p (at most 55535) where p and its cluster bus port p + 10000 are both free right now. */
final class FreePortPair {
    private FreePortPair() {
    }

    static int find(Set<Integer> exclude) {
        for (int attempt = 0; attempt < 500; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            } catch (IOException e) {
                continue;
            }
            if (p > 55535 || exclude.contains(p) || exclude.contains(p + 10000) || exclude.contains(p - 10000)) {
                continue;
            }
            if (free(p) && free(p + 10000)) {
                return p;
            }
        }
        throw new EmbeddedClusterException("no free port pair (p, p+10000) found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
