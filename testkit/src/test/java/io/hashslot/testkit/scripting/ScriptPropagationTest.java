package io.hashslot.testkit.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scripts replicate by effects as in Redis 7.0: what reaches the propagation stream is the write commands the script
 * ran (wrapped in MULTI/EXEC when there are several), never the EVAL / EVALSHA itself, and nothing for a script that
 * wrote nothing.
 */
class ScriptPropagationTest {
    private TestNode node;
    private RawClient c;
    private final List<String> stream = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        node = TestNode.start("busy-reply-threshold", "100");
        node.server().context().propagation().addSink((db, argv) -> {
            StringBuilder sb = new StringBuilder().append(db).append(':');
            for (byte[] a : argv) {
                sb.append(' ').append(new String(a, StandardCharsets.ISO_8859_1));
            }
            stream.add(sb.toString());
        });
        c = node.client();
    }

    @AfterEach
    void stop() {
        c.close();
        node.close();
    }

    @Test
    void severalWritesAreWrappedInMultiExec() {
        assertThat(c.callRawString("EVAL", "redis.call('set', KEYS[1], '1') redis.call('incr', KEYS[1]) "
            + "redis.call('get', KEYS[1]) return 1", "1", "a")).isEqualTo(":1\r\n");
        assertThat(stream).containsExactly("0: MULTI", "0: set a 1", "0: incr a", "0: EXEC");
    }

    @Test
    void oneWriteIsPropagatedAloneAndEvalshaLikeEval() {
        String sha = c.callRawString("SCRIPT", "LOAD", "return redis.call('set', KEYS[1], ARGV[1])");
        assertThat(stream).isEmpty();
        assertThat(c.callRawString("EVALSHA", sha.substring(sha.indexOf('\n') + 1, sha.length() - 2), "1", "k",
            "v")).isEqualTo("+OK\r\n");
        assertThat(stream).containsExactly("0: set k v");
    }

    @Test
    void readOnlyAndFailingScriptsPropagateOnlyWhatTheyWrote() {
        c.callRawString("SET", "x", "1");
        stream.clear();
        assertThat(c.callRawString("EVAL", "return redis.call('get', 'x')", "0")).isEqualTo("$1\r\n1\r\n");
        assertThat(c.callRawString("EVAL_RO", "return redis.call('get', 'x')", "0")).isEqualTo("$1\r\n1\r\n");
        assertThat(stream).isEmpty();
        assertThat(c.callRawString("EVAL", "redis.call('incr', 'x') redis.call('nosuch')", "0"))
            .startsWith("-ERR Unknown Redis command called from script");
        assertThat(stream).containsExactly("0: incr x");
    }

    @Test
    void setReplNoneLeavesCommandsOut() {
        assertThat(c.callRawString("EVAL", "redis.call('set', 'a', 1) redis.set_repl(redis.REPL_NONE) "
            + "redis.call('set', 'b', 2) redis.set_repl(redis.REPL_ALL) redis.call('set', 'c', 3) return 1", "0"))
            .isEqualTo(":1\r\n");
        assertThat(stream).containsExactly("0: MULTI", "0: set a 1", "0: set c 3", "0: EXEC");
        assertThat(c.callRawString("MGET", "a", "b", "c")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        stream.clear();
        assertThat(c.callRawString("EVAL", "redis.set_repl(redis.REPL_NONE) return redis.call('set', 'd', 4)", "0"))
            .isEqualTo("+OK\r\n");
        assertThat(c.callRawString("EVAL", "return redis.call('set', 'e', 5)", "0")).isEqualTo("+OK\r\n");
        assertThat(stream).containsExactly("0: set e 5");
    }

    @Test
    void aScriptThatWentBusyStillPropagatesAsOneTransaction() {
        RawClient other = node.client();
        try {
            c.send(RawClient.args("EVAL", "redis.call('set', 'a', 1) local n = 0 for i = 1, 50000000 do n = n + 1 end "
                + "redis.call('set', 'b', 2) redis.call('set', 'c', 3) return 1", "0"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> other.callRawString("PING").startsWith("-BUSY"));
            assertThat(new String(c.readRaw(), StandardCharsets.ISO_8859_1)).isEqualTo(":1\r\n");
            assertThat(stream).containsExactly("0: MULTI", "0: set a 1", "0: set b 2", "0: set c 3", "0: EXEC");
        } finally {
            other.close();
        }
    }

    @Test
    void selectInsideTheScriptKeepsEachWriteInItsDatabase() {
        c.callRawString("SELECT", "3");
        assertThat(c.callRawString("EVAL", "redis.call('set', 'a', 1) redis.call('select', 5) "
            + "redis.call('set', 'b', 2) return 1", "0")).isEqualTo(":1\r\n");
        assertThat(stream).containsExactly("3: MULTI", "3: set a 1", "5: set b 2", "5: EXEC");
        assertThat(c.callRawString("GET", "a")).isEqualTo("$1\r\n1\r\n");
    }
}
