package io.hashslot.testkit.clients;

import static org.awaitility.Awaitility.await;

import io.hashslot.commands.Client;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.List;

/** What the node itself sees of its client connections (read on the node's thread). */
final class ClientChecks {
    private ClientChecks() {
    }

    static int count(TestNode node) {
        return node.inspect(s -> s.clients().size());
    }

    /** Waits until the node has exactly {@code n} connections (closes are processed asynchronously). */
    static void awaitCount(TestNode node, int n) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
            .until(() -> count(node) == n);
    }

    /** The RESP version of every connected client, once the node has exactly {@code n} connections. */
    static List<Integer> protocols(TestNode node, int n) {
        awaitCount(node, n);
        return node.inspect(s -> s.clients().all().stream().map(Client::protocol).toList());
    }
}
