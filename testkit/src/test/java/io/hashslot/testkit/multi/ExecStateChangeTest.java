package io.hashslot.testkit.multi;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * EXEC is checked against the server's state at EXEC time with the flags of what it queued: a queued write is
 * refused with EXECABORT ... NOREPLICAS once min-replicas-to-write cannot be met, and a queued command that may not
 * read stale data with EXECABORT ... MASTERDOWN once the node became a disconnected replica with
 * replica-serve-stale-data no. Same steps, same bytes on redis-server and Hashslot.
 */
class ExecStateChangeTest {
    private static List<String> steps(int port) {
        List<String> out = new ArrayList<>();
        try (RawClient a = new RawClient(port); RawClient b = new RawClient(port)) {
            out.add(raw(a, "SET xx 1\r\nMULTI\r\nINCR xx\r\n", 3));
            out.add(raw(b, "CONFIG SET min-replicas-to-write 2\r\n", 1));
            out.add(raw(a, "EXEC\r\nGET xx\r\n", 2));
            out.add(raw(b, "CONFIG SET min-replicas-to-write 0\r\nCONFIG SET replica-serve-stale-data no\r\n", 2));
            out.add(raw(a, "MULTI\r\nGET xx\r\n", 2));
            out.add(raw(b, "REPLICAOF localhsot 0\r\n", 1));
            out.add(raw(a, "EXEC\r\nMULTI\r\nPING\r\nEXEC\r\nMULTI\r\nTIME\r\n", 6));
            out.add(raw(b, "REPLICAOF NO ONE\r\n", 1));
        }
        return out;
    }

    /** Sends inline commands and reads {@code replies} replies as raw bytes. */
    private static String raw(RawClient c, String commands, int replies) {
        c.sendRaw(commands.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < replies; i++) {
            sb.append(new String(c.readRaw(), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    @Test
    void execAbortsWhenTheStateChangedSinceQueueing() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<String> real;
        try (RealRedis r = RealRedis.start()) {
            real = steps(r.port());
        }
        List<String> ours;
        try (TestNode n = TestNode.start()) {
            ours = steps(n.port());
        }
        assertThat(real.get(2)).startsWith("-EXECABORT Transaction discarded because of: NOREPLICAS");
        assertThat(real.get(6)).startsWith("-EXECABORT Transaction discarded because of: MASTERDOWN");
        assertThat(ours).isEqualTo(real);
    }
}
