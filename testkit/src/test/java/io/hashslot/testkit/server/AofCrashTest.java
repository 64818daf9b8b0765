package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.FreePorts;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TempDirs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a hashslot-server process while clients write with appendfsync always: after a restart every
 * acknowledged write is there (writes are fsynced before their reply is sent), including across a BGREWRITEAOF.
 */
class AofCrashTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("aof-crash-");
    }

    @AfterEach
    void tearDown() {
        TempDirs.deleteQuietly(dir);
    }

    private Process start(int port) throws Exception {
        List<String> cmd = ServerProcess.hashslotCommand("--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--dir", dir.toString(), "--logfile", dir.resolve("node.log").toString(), "--appendonly", "yes",
            "--appendfsync", "always", "--save", "");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(new File(dir.resolve("stdout").toString())).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (RawClient c = new RawClient(port)) {
                return c.callRawString("PING").equals("+PONG\r\n");
            } catch (RuntimeException e) {
                return false;
            }
        });
        return p;
    }

    @Test
    void acknowledgedWritesSurviveKillMinus9() throws Exception {
        int port = FreePorts.find();
        Process p = start(port);
        ConcurrentHashMap<String, String> acked = new ConcurrentHashMap<>();
        AtomicLong incrs = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        try {
            for (int w = 0; w < 4; w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    try (RawClient c = new RawClient(port)) {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "w" + id + ":" + (i % 500);
                            String value = "v" + i;
                            if (c.call("SET", key, value) instanceof RespValue.Simple) {
                                acked.put(key, value);
                            }
                            if (c.call("INCR", "counter") instanceof RespValue.Int) {
                                incrs.incrementAndGet();
                            }
                        }
                    } catch (RuntimeException e) {
                        // the server died under us: what was acknowledged before is what counts
                    }
                });
                t.start();
                writers.add(t);
            }
            Thread.sleep(700);
            try (RawClient c = new RawClient(port)) {
                c.call("BGREWRITEAOF");
            }
            Thread.sleep(700);
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(acked).isNotEmpty();
        Process again = start(port);
        try (RawClient c = new RawClient(port)) {
            for (var e : acked.entrySet()) {
                RespValue v = c.call("GET", e.getKey());
                assertThat(v).as(e.getKey()).isInstanceOf(RespValue.Bulk.class);
                String got = ((RespValue.Bulk) v).text();
                // a later write of the same key may have been applied but not acknowledged when we died
                long ack = Long.parseLong(e.getValue().substring(1));
                assertThat(Long.parseLong(got.substring(1))).as(e.getKey()).isGreaterThanOrEqualTo(ack);
            }
            long counter = ((RespValue.Int) c.call("INCRBY", "counter", "0")).value();
            assertThat(counter).isGreaterThanOrEqualTo(incrs.get());
        } finally {
            again.destroyForcibly();
        }
    }
}
