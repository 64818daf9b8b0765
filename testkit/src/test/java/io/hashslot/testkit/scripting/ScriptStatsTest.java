package io.hashslot.testkit.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.commands.script.ScriptStats;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What INFO memory reports for scripts: cached scripts and their memory, and the Lua VM's memory, which stays small
 * over many EVALs (Redis's "EVAL does not leak in the Lua stack": under 100 KB after 10000 calls).
 */
class ScriptStatsTest {
    @Test
    void cacheCountsAndVmMemory() {
        try (TestNode node = TestNode.start(); RawClient c = node.client()) {
            ScriptStats stats = node.server().context().scriptStats();
            assertThat(stats.cachedScripts()).isZero();
            assertThat(stats.vmMemory()).isZero(); // the VM is created on first use
            for (int i = 0; i < 100; i++) {
                c.callRawString("SCRIPT", "LOAD", "return " + i);
            }
            assertThat(stats.cachedScripts()).isEqualTo(100);
            assertThat(stats.cacheMemory()).isGreaterThan(100 * 40);
            String info = c.callRawString("INFO", "memory");
            assertThat(info).contains("number_of_cached_scripts:100\r\n")
                .contains("used_memory_scripts_eval:" + stats.cacheMemory() + "\r\n")
                .contains("used_memory_lua:" + stats.vmMemory() + "\r\n");
            c.callRawString("SCRIPT", "FLUSH");
            assertThat(stats.cachedScripts()).isZero();
            assertThat(stats.cacheMemory()).isZero();
            c.callRawString("SET", "x", "0");
            String script = "return redis.call(\"incr\",KEYS[1])";
            StringBuilder pipe = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                pipe.append("*4\r\n$4\r\nEVAL\r\n$").append(script.length()).append("\r\n").append(script)
                    .append("\r\n$1\r\n1\r\n$1\r\nx\r\n");
            }
            c.sendRaw(pipe.toString().getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 10_000; i++) {
                c.readRaw();
            }
            assertThat(c.callRawString("GET", "x")).isEqualTo("$5\r\n10000\r\n");
            assertThat(stats.cachedScripts()).isEqualTo(1);
            assertThat(stats.vmMemory()).isPositive().isLessThan(1024 * 100);
        }
    }
}
