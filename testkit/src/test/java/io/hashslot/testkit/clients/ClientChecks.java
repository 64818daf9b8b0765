package io.hashslot.testkit.clients;

import static org.awaitility.Awaitility.await;

import io.hashslot.commands.Client;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
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

    /** The messages of {@code t} and its causes, outermost first (clients wrap connect-time errors). */
    static List<String> causeMessages(Throwable t) {
        List<String> out = new ArrayList<>();
        for (Throwable c = t; c != null && out.size() < 20; c = c.getCause()) {
            out.add(c.getMessage());
        }
        return out;
    }
}
