package io.hashslot.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CLIENT LIST / INFO lines compared field by field with a real redis-server, and the CLIENT subcommands that act
 * on connections (KILL, PAUSE, REPLY, SETNAME) observed over real sockets.
 */
class ClientCommandTest {
    private static RealRedis redis;
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
        if (RealRedis.available()) {
            redis = RealRedis.start();
        }
    }

    @AfterAll
    static void stop() {
        node.close();
        if (redis != null) {
            redis.close();
        }
    }

    static String text(RespValue v) {
        assertThat(v).isInstanceOf(RespValue.Bulk.class);
        return ((RespValue.Bulk) v).text();
    }

    static Map<String, String> fields(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            assertThat(eq).as(part).isPositive();
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }

    /** Field values that must be equal on both servers for the same scenario; the others must be numbers. */
    private static final List<String> SAME = List.of("name", "flags", "db", "sub", "psub", "ssub", "multi", "qbuf",
        "argv-mem", "multi-mem", "obl", "oll", "omem", "events", "cmd", "user", "redir", "resp");

    private static void compareLines(String real, String ours) {
        Map<String, String> r = fields(real);
        Map<String, String> h = fields(ours);
        assertThat(new ArrayList<>(h.keySet())).containsExactlyElementsOf(r.keySet());
        for (String k : r.keySet()) {
            if (SAME.contains(k)) {
                assertThat(h.get(k)).as("%s in %s", k, ours).isEqualTo(r.get(k));
            } else if (k.equals("addr") || k.equals("laddr")) {
                assertThat(h.get(k)).matches("127\\.0\\.0\\.1:\\d+");
            } else {
                assertThat(h.get(k)).as("%s in %s", k, ours).matches("\\d+");
            }
        }
    }

    /** CLIENT INFO, CLIENT LIST and CLIENT LIST TYPE normal replies (each ends with a newline). */
    private static List<String> scenario(int port) {
        List<String> out = new ArrayList<>();
        try (RawClient a = new RawClient(port); RawClient b = new RawClient(port)) {
            b.call("CLIENT", "SETNAME", "other");
            b.call("SELECT", "3");
            b.call("MULTI");
            b.call("SET", "a", "b");
            a.call("HELLO", "3");
            out.add(text(a.call("CLIENT", "INFO")));
            out.add(text(a.call("CLIENT", "LIST")));
            out.add(text(a.call("CLIENT", "LIST", "TYPE", "normal")));
            b.call("DISCARD");
        }
        return out;
    }

    @Test
    void clientListAndInfoLinesAsRedis() {
        assumeTrue(redis != null, RealRedis.unavailableMessage());
        List<String> real = scenario(redis.port());
        List<String> ours = scenario(node.port());
        assertThat(ours).hasSameSizeAs(real);
        for (int i = 0; i < real.size(); i++) {
            for (String line : real.get(i).split("\n")) {
                String match = null;
                String name = fields(line).get("name");
                assertThat(ours.get(i)).endsWith("\n");
                for (String o : ours.get(i).split("\n")) {
                    if (fields(o).get("name").equals(name)) {
                        match = o;
                    }
                }
                assertThat(match).as("a line for the client named '%s' in %s", name, ours.get(i)).isNotNull();
                compareLines(line, match);
            }
        }
    }

    @Test
    void killFormsAndSkipme() throws Exception {
        try (RawClient me = node.client(); RawClient victim = node.client(); RawClient other = node.client()) {
            victim.call("CLIENT", "SETNAME", "victim");
            long victimId = ((RespValue.Int) victim.call("CLIENT", "ID")).value();
            String addr = fields(text(victim.call("CLIENT", "INFO")).trim()).get("addr");
            assertThat(me.call("CLIENT", "KILL", "ID", String.valueOf(victimId))).isEqualTo(new RespValue.Int(1));
            assertClosed(victim);
            assertThat(me.call("CLIENT", "KILL", addr)).isEqualTo(new RespValue.Error("ERR No such client"));
            String otherAddr = fields(text(other.call("CLIENT", "INFO")).trim()).get("addr");
            assertThat(me.call("CLIENT", "KILL", otherAddr)).isEqualTo(new RespValue.Simple("OK"));
            assertClosed(other);
            // SKIPME no kills the caller too, after its reply
            assertThat(me.call("CLIENT", "KILL", "SKIPME", "no", "USER", "default")).isInstanceOf(RespValue.Int.class);
            assertClosed(me);
        }
    }

    private static void assertClosed(RawClient c) throws IOException {
        c.setTimeout(2000);
        InputStream in = c.socket().getInputStream();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void writePauseHoldsWritesUntilUnpause() throws Exception {
        try (RawClient admin = node.client(); RawClient worker = node.client()) {
            try {
                assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(new RespValue.Simple("OK"));
                worker.send(RawClient.args("SET", "pw", "1"));
                worker.setTimeout(300);
                assertThat(readsNothing(worker)).isTrue();
                Map<String, String> info = InfoFormatTest.parse(text(admin.call("INFO", "clients"))).get("Clients");
                assertThat(info.get("blocked_clients")).isEqualTo("1");
                assertThat(text(admin.call("CLIENT", "LIST"))).contains("flags=b");
            } finally {
                assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(new RespValue.Simple("OK"));
            }
            worker.setTimeout(5000);
            assertThat(worker.read()).isEqualTo(new RespValue.Simple("OK"));
            Map<String, String> info = InfoFormatTest.parse(text(admin.call("INFO", "clients"))).get("Clients");
            assertThat(info.get("blocked_clients")).isEqualTo("0");
        }
    }

    @Test
    void allPauseHoldsEveryClientUntilItEnds() throws Exception {
        try (RawClient admin = node.client(); RawClient worker = node.client()) {
            long start = System.nanoTime();
            assertThat(admin.call("CLIENT", "PAUSE", "500", "ALL")).isEqualTo(new RespValue.Simple("OK"));
            worker.send(RawClient.args("PING"));
            admin.send(RawClient.args("PING"));
            worker.setTimeout(5000);
            admin.setTimeout(5000);
            assertThat(worker.read()).isEqualTo(new RespValue.Simple("PONG"));
            assertThat(admin.read()).isEqualTo(new RespValue.Simple("PONG"));
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(450);
        }
    }

    @Test
    void writePauseLetsReadsThroughAndEndsByItself() throws Exception {
        try (RawClient admin = node.client(); RawClient worker = node.client()) {
            admin.call("SET", "pk", "v1");
            long start = System.nanoTime();
            assertThat(admin.call("CLIENT", "PAUSE", "400", "WRITE")).isEqualTo(new RespValue.Simple("OK"));
            assertThat(worker.call("GET", "pk")).isInstanceOf(RespValue.Bulk.class);
            worker.send(RawClient.args("SET", "pk", "v2"));
            worker.send(RawClient.args("GET", "pk"));
            worker.setTimeout(5000);
            assertThat(worker.read()).isEqualTo(new RespValue.Simple("OK"));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMs).isGreaterThanOrEqualTo(350);
            assertThat(text(worker.read())).isEqualTo("v2");
        }
    }

    @Test
    void pipelinedCommandsAfterAPausedOneKeepTheirOrder() throws Exception {
        try (RawClient admin = node.client(); RawClient worker = node.client()) {
            admin.call("CLIENT", "PAUSE", "100000", "WRITE");
            byte[] batch = "*3\r\n$3\r\nSET\r\n$2\r\npo\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$2\r\npo\r\n*2\r\n$3\r\nGET\r\n$2\r\npo\r\n"
                .getBytes(StandardCharsets.US_ASCII);
            worker.sendRaw(batch);
            worker.setTimeout(300);
            assertThat(readsNothing(worker)).isTrue();
            admin.call("CLIENT", "UNPAUSE");
            worker.setTimeout(5000);
            assertThat(worker.read()).isEqualTo(new RespValue.Simple("OK"));
            RespValue incr = worker.read();
            assertThat(text(worker.read())).isIn("1", "2");
            assertThat(incr).isNotNull();
        }
    }

    private static boolean readsNothing(RawClient c) throws IOException {
        try {
            return c.socket().getInputStream().read() == -2;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    @Test
    void replyOffSkipOn() throws Exception {
        try (RawClient c = node.client()) {
            c.send(RawClient.args("CLIENT", "REPLY", "SKIP"));
            c.send(RawClient.args("PING", "a"));
            c.send(RawClient.args("PING", "b"));
            assertThat(text(c.read())).isEqualTo("b");
            c.send(RawClient.args("CLIENT", "REPLY", "OFF"));
            c.send(RawClient.args("PING", "c"));
            c.send(RawClient.args("CLIENT", "REPLY", "ON"));
            assertThat(c.read()).isEqualTo(new RespValue.Simple("OK"));
            c.send(RawClient.args("CLIENT", "REPLY", "SKIP"));
            c.send(RawClient.args("CLIENT", "REPLY", "ON"));
            assertThat(c.read()).isEqualTo(new RespValue.Simple("OK"));
            assertThat(c.call("PING")).isEqualTo(new RespValue.Simple("PONG"));
        }
    }

    @Test
    void monitorSeesOtherClientsCommands() throws Exception {
        try (RawClient mon = node.client(); RawClient c = node.client()) {
            assertThat(mon.call("MONITOR")).isEqualTo(new RespValue.Simple("OK"));
            c.call("SET", "mk", "a b");
            c.call("GET", "mk");
            String line1 = ((RespValue.Simple) mon.read()).text();
            String line2 = ((RespValue.Simple) mon.read()).text();
            assertThat(line1).matches("\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+\\] \"SET\" \"mk\" \"a b\"");
            assertThat(line2).endsWith("\"GET\" \"mk\"");
            assertThat(text(c.call("CLIENT", "LIST"))).contains("flags=O");
        }
    }
}
