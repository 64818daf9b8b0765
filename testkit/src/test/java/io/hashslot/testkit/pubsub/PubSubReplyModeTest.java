package io.hashslot.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pub/sub output ignores CLIENT REPLY OFF: subscribe confirmations and messages still reach the client while
 * ordinary replies are dropped, in RESP2 and RESP3 — the same bytes as a real redis-server.
 */
class PubSubReplyModeTest {
    private static TestNode node;
    private static RealRedis redis;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        node = TestNode.start();
        redis = RealRedis.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void subscribeConfirmationsAndMessagesBypassReplyOff(int protocol) throws Exception {
        String hashslot = session(node.port(), protocol);
        String real = session(redis.port(), protocol);
        assertThat(hashslot).isEqualTo(real).contains("subscribe").contains("hello").doesNotContain("PONG");
    }

    private static String session(int port, int protocol) throws Exception {
        try (RawClient sub = new RawClient(port); RawClient pub = new RawClient(port)) {
            if (protocol == 3) {
                sub.call("HELLO", "3");
            }
            StringBuilder out = new StringBuilder();
            sub.sendRaw("CLIENT REPLY OFF\r\nPING\r\nSUBSCRIBE ch\r\nPSUBSCRIBE c*\r\n".getBytes(StandardCharsets.UTF_8));
            out.append(new String(sub.drain(200), StandardCharsets.ISO_8859_1));
            pub.call("PUBLISH", "ch", "hello");
            out.append(new String(sub.drain(200), StandardCharsets.ISO_8859_1));
            sub.sendRaw("UNSUBSCRIBE ch\r\n".getBytes(StandardCharsets.UTF_8));
            out.append(new String(sub.drain(200), StandardCharsets.ISO_8859_1));
            return out.toString();
        }
    }
}
