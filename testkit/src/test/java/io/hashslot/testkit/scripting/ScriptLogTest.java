package io.hashslot.testkit.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** redis.log writes to the node's log with the level's mark, filtered by the node's loglevel. */
class ScriptLogTest {
    @Test
    void levelsAndFiltering() {
        try (TestNode node = TestNode.start("loglevel", "verbose"); RawClient c = node.client()) {
            assertThat(c.callRawString("EVAL", "redis.log(redis.LOG_DEBUG, 'dbg-line') "
                + "redis.log(redis.LOG_VERBOSE, 'verbose-line', 1, 2.5) "
                + "redis.log(redis.LOG_NOTICE, 'notice-line', {}, 'after-table') "
                + "redis.log(redis.LOG_WARNING, 'warning-line')", "0")).isEqualTo("$-1\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> node.log().contains("warning-line"));
            String log = node.log();
            assertThat(log).doesNotContain("dbg-line");
            assertThat(log).containsPattern("- verbose-line 1 2\\.5\n");
            assertThat(log).containsPattern("\\* notice-line after-table\n");
            assertThat(log).containsPattern("# warning-line\n");
        }
    }
}
