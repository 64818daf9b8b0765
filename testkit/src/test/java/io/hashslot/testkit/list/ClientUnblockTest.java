package io.hashslot.testkit.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CLIENT UNBLOCK ends BLPOP/BZPOPMIN as a timeout or with UNBLOCKED, with the same bytes as redis-server. */
class ClientUnblockTest {
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

    @Test
    void sameRepliesAsRedis() {
        assertThat(session(node.port())).isEqualTo(session(redis.port()));
    }

    private static List<String> session(int port) {
        List<String> out = new ArrayList<>();
        try (RawClient blocked = new RawClient(port); RawClient admin = new RawClient(port)) {
            String id = blocked.callRawString("CLIENT", "ID").substring(1).trim();
            out.add(admin.callRawString("CLIENT", "UNBLOCK", id));
            for (String[] cmd : new String[][] {{"BLPOP", "nolist", "0"}, {"BZPOPMIN", "nozset", "0"},
                {"BLMOVE", "a", "b", "LEFT", "RIGHT", "0"}}) {
                for (String how : new String[] {"TIMEOUT", "ERROR"}) {
                    blocked.send(RawClient.args(cmd));
                    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                        admin.callRawString("CLIENT", "LIST").contains("id=" + id + " ")
                            && admin.callRawString("CLIENT", "LIST").split("id=" + id + " ")[1].contains("cmd=" + cmd[0].toLowerCase()));
                    out.add(admin.callRawString("CLIENT", "UNBLOCK", id, how));
                    out.add(new String(blocked.readRaw(), StandardCharsets.ISO_8859_1));
                }
            }
            out.add(admin.callRawString("CLIENT", "UNBLOCK", id, "LATER"));
            out.add(admin.callRawString("CLIENT", "UNBLOCK", "notanumber"));
            out.add(admin.callRawString("CLIENT", "UNBLOCK", "999999"));
            out.add(admin.callRawString("CLIENT", "UNBLOCK", id, "TIMEOUT", "extra"));
            out.add(blocked.callRawString("PING"));
        }
        return out;
    }
}
