package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** maxclients, idle timeout, protected mode and requirepass as Redis enforces them. */
class ConnectionLimitsTest {
    private static String readAll(RawClient c) throws Exception {
        c.setTimeout(5000);
        InputStream in = c.socket().getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void maxclientsRejectsTheExtraClient() throws Exception {
        try (TestNode node = TestNode.start("maxclients", "2");
             RawClient a = node.client(); RawClient b = node.client()) {
            assertThat(a.callRawString("PING")).isEqualTo("+PONG\r\n");
            assertThat(b.callRawString("PING")).isEqualTo("+PONG\r\n");
            try (RawClient c = node.client()) {
                assertThat(readAll(c)).isEqualTo("-ERR max number of clients reached\r\n");
            }
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        try (TestNode node = TestNode.start("timeout", "1"); RawClient c = node.client()) {
            assertThat(c.callRawString("PING")).isEqualTo("+PONG\r\n");
            long start = System.nanoTime();
            c.setTimeout(10_000);
            assertThat(c.socket().getInputStream().read()).isEqualTo(-1);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isBetween(900L, 4000L);
        }
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }

    @Test
    void protectedModeDeniesNonLoopbackClientsWithoutPassword() throws Exception {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "no non-loopback IPv4 address on this machine");
        try (TestNode node = TestNode.start("bind", "* -::*")) {
            try (RawClient c = new RawClient(external.getHostAddress(), node.port())) {
                String reply = readAll(c);
                assertThat(reply).startsWith("-DENIED Redis is running in protected mode because protected mode is "
                    + "enabled and no password is set for the default user.");
                assertThat(reply).endsWith("to start accepting connections from the outside.\r\n");
            }
            try (RawClient local = node.client()) {
                assertThat(local.callRawString("PING")).isEqualTo("+PONG\r\n");
            }
        }
        try (TestNode node = TestNode.start("bind", "* -::*", "requirepass", "pw");
             RawClient c = new RawClient(external.getHostAddress(), node.port())) {
            assertThat(c.callRawString("PING")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(c.callRawString("AUTH", "wrong")).startsWith("-WRONGPASS");
            assertThat(c.callRawString("AUTH", "pw")).isEqualTo("+OK\r\n");
            assertThat(c.callRawString("PING")).isEqualTo("+PONG\r\n");
        }
        try (TestNode node = TestNode.start("bind", "* -::*", "protected-mode", "no");
             RawClient c = new RawClient(external.getHostAddress(), node.port())) {
            assertThat(c.callRawString("PING")).isEqualTo("+PONG\r\n");
        }
    }
}
