package io.hashslot.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.HashslotProcess;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node loading its files at startup answers while it loads: -LOADING to commands without the loading flag, INFO
 * with loading:1 and the progress fields, then the data once loaded. The load is slowed with key-load-delay, as
 * Redis's tests do. The same steps on redis-server and on a Hashslot process, with an RDB file and with an AOF.
 */
class StartupLoadingTest {
    private static final int KEYS = 20000;
    private static final String LOADING = "LOADING Redis is loading the dataset in memory";
    private static final String[] SLOW = {"--key-load-delay", "100", "--loading-process-events-interval-bytes", "1024"};

    @Test
    void anRdbLoadAnswersLoadingUntilTheDataIsIn() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        RealRedis real = RealRedis.start();
        fill(real.port(), "SAVE");
        real.kill();
        try (RealRedis again = real.restartWithoutWaiting(SLOW)) {
            assertLoadsWhileAnswering("redis-server", again.port());
        }
        HashslotProcess ours = HashslotProcess.start();
        fill(ours.port(), "SAVE");
        ours.kill();
        try (HashslotProcess again = ours.restartWithoutWaiting(SLOW)) {
            assertLoadsWhileAnswering("Hashslot", again.port());
        }
    }

    @Test
    void anAofLoadAnswersLoadingUntilTheDataIsIn() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        String[] aof = {"--appendonly", "yes", "--aof-use-rdb-preamble", "no", "--appendfsync", "always"};
        RealRedis real = RealRedis.start(aof);
        fill(real.port(), null);
        real.kill();
        try (RealRedis again = real.restartWithoutWaiting(SLOW)) {
            assertLoadsWhileAnswering("redis-server", again.port());
        }
        HashslotProcess ours = HashslotProcess.start(aof);
        fill(ours.port(), null);
        ours.kill();
        try (HashslotProcess again = ours.restartWithoutWaiting(SLOW)) {
            assertLoadsWhileAnswering("Hashslot", again.port());
        }
    }

    /** KEYS keys written as commands (so that an AOF has them), then {@code save} if not null. */
    private static void fill(int port, String save) {
        try (RawClient c = new RawClient(port)) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < KEYS; i++) {
                String k = "key:" + i;
                String v = "value:" + i;
                batch.append("*3\r\n$3\r\nSET\r\n$").append(k.length()).append("\r\n").append(k).append("\r\n$")
                    .append(v.length()).append("\r\n").append(v).append("\r\n");
            }
            c.sendRaw(batch.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < KEYS; i++) {
                assertThat(c.read()).isEqualTo(new RespValue.Simple("OK"));
            }
            if (save != null) {
                assertThat(c.call(save)).isEqualTo(new RespValue.Simple("OK"));
            }
        }
    }

    /**
     * Connects as soon as the port listens and asks PING and INFO until PING answers PONG: at least one PING must
     * have got -LOADING with INFO saying loading:1, and afterwards every key is there.
     */
    private static void assertLoadsWhileAnswering(String kind, int port) {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + 60_000_000_000L;
        boolean up = false;
        while (!up && System.nanoTime() < deadline) {
            try (RawClient c = new RawClient(port)) {
                while (System.nanoTime() < deadline) {
                    RespValue ping = c.call("PING");
                    if (ping.equals(new RespValue.Simple("PONG"))) {
                        up = true;
                        break;
                    }
                    assertThat(ping).as(kind).isEqualTo(new RespValue.Error(LOADING));
                    String info = text(c.call("INFO", "persistence"));
                    seen.add(field(info, "loading") + " " + field(info, "loading_loaded_perc"));
                    // the load may end between two commands: then the value is there
                    assertThat(errorText(c.call("GET", "key:1"))).as(kind).isIn(LOADING, "value:1");
                    pause();
                }
            } catch (java.io.UncheckedIOException notListeningYet) {
                pause();
            }
        }
        assertThat(up).as(kind + " answered PONG in time").isTrue();
        assertThat(seen).as(kind + " INFO after PING said LOADING")
            .anyMatch(s -> s.matches("1 \\d+\\.\\d\\d"))
            .allMatch(s -> s.matches("1 \\d+\\.\\d\\d") || s.equals("0 null"));
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("DBSIZE")).as(kind).isEqualTo(new RespValue.Int(KEYS));
            assertThat(text(c.call("GET", "key:" + (KEYS - 1)))).as(kind).isEqualTo("value:" + (KEYS - 1));
            assertThat(field(text(c.call("INFO", "persistence")), "loading")).as(kind).isEqualTo("0");
        }
    }

    private static String text(RespValue v) {
        return v instanceof RespValue.Bulk b ? b.text() : String.valueOf(v);
    }

    private static String errorText(RespValue v) {
        return v instanceof RespValue.Error e ? e.text() : text(v);
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
