package io.hashslot.testkit.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hashslot.commands.script.Sha1;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scripts that run past busy-reply-threshold: the node answers BUSY on every connection (old and new) while the
 * script runs on the script thread, lets SCRIPT KILL stop a script that wrote nothing (also through pcall),
 * refuses with UNKILLABLE once it wrote, stops with SHUTDOWN NOSAVE, and serves the caller (and its pipelined
 * commands) when the script ends.
 */
class BusyScriptTest {
    private static final String BUSY =
        "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";

    private TestNode node;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        node = TestNode.start("busy-reply-threshold", "100");
    }

    @AfterEach
    void stop() {
        clients.forEach(RawClient::close);
        node.close();
    }

    private RawClient client() {
        RawClient c = node.client();
        clients.add(c);
        return c;
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String killed(String script) {
        return "-ERR Script killed by user with SCRIPT KILL... script: " + Sha1.hex(script.getBytes(
            StandardCharsets.ISO_8859_1)) + ", on @user_script:1.\r\n";
    }

    /** Waits until PING on {@code probe} answers BUSY. */
    private static void awaitBusy(RawClient probe) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
            .until(() -> probe.callRawString("PING").equals(BUSY));
    }

    @Test
    void readOnlyScriptIsBusyForEveryConnectionUntilKilled() {
        RawClient caller = client();
        RawClient other = client();
        String script = "while true do end";
        caller.send(RawClient.args("EVAL", script, "0"));
        awaitBusy(other);
        // everything but the allow_busy commands is refused, on old and new connections
        assertThat(other.callRawString("GET", "x")).isEqualTo(BUSY);
        assertThat(other.callRawString("EVAL", "return 1", "0")).isEqualTo(BUSY);
        assertThat(other.callRawString("SCRIPT", "LOAD", "return 1")).isEqualTo(BUSY);
        assertThat(other.callRawString("TTL", "x")).isEqualTo(BUSY);
        RawClient late = client();
        assertThat(late.callRawString("PING")).isEqualTo(BUSY);
        assertThat(late.callRawString("HELLO", "2", "SETNAME", "late")).startsWith("*");
        // MULTI is allowed; commands queued in it get BUSY and EXEC aborts the transaction (as Redis 7.0 does)
        assertThat(late.callRawString("MULTI")).isEqualTo("+OK\r\n");
        assertThat(late.callRawString("SET", "x", "1")).isEqualTo(BUSY);
        assertThat(late.callRawString("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of: "
            + BUSY.substring(1));
        assertThat(late.callRawString("DISCARD")).isEqualTo("-ERR DISCARD without MULTI\r\n");
        // pipelined requests on a new connection all get BUSY
        StringBuilder pipe = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            pipe.append("PING\r\n");
        }
        late.sendRaw(pipe.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 50; i++) {
            assertThat(str(late.readRaw())).isEqualTo(BUSY);
        }
        assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
        assertThat(str(caller.readRaw())).isEqualTo(killed(script));
        await().atMost(Duration.ofSeconds(5)).until(() -> other.callRawString("PING").equals("+PONG\r\n"));
        assertThat(caller.callRawString("PING")).isEqualTo("+PONG\r\n");
        assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        assertThat(node.log()).contains("Slow script detected: still in execution after")
            .contains("You can try killing the script using the SCRIPT KILL command. Script name is: "
                + Sha1.hex(script.getBytes(StandardCharsets.ISO_8859_1)) + ".")
            .contains("Lua script killed by user with SCRIPT KILL.");
    }

    @Test
    void killedBusyScriptCountsAsAFailedCall() {
        RawClient caller = client();
        RawClient other = client();
        other.callRawString("CONFIG", "RESETSTAT");
        caller.send(RawClient.args("EVAL", "while true do end", "0"));
        awaitBusy(other);
        assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
        assertThat(str(caller.readRaw())).contains("killed by user");
        await().atMost(Duration.ofSeconds(5)).until(() -> other.callRawString("PING").equals("+PONG\r\n"));
        assertThat(other.callRawString("INFO", "commandstats"))
            .containsPattern("cmdstat_eval:calls=1,usec=\\d+,usec_per_call=[0-9.]+,rejected_calls=0,failed_calls=1");
    }

    @Test
    void killWorksEvenWhenTheScriptCatchesErrorsWithPcall() {
        RawClient caller = client();
        RawClient other = client();
        String script = "local f = function() while 1 do redis.call('ping') end end while 1 do pcall(f) end";
        caller.send(RawClient.args("EVAL", script, "0"));
        awaitBusy(other);
        assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
        assertThat(str(caller.readRaw())).contains("killed by user");
        await().atMost(Duration.ofSeconds(5)).until(() -> other.callRawString("PING").equals("+PONG\r\n"));
    }

    @Test
    void loopsInsideCoroutinesCanBeKilledToo() {
        for (String script : new String[] {"coroutine.wrap(function() while true do end end)()",
            // the kill error ends the coroutine; resume hands it to the script, as in Redis
            "local co = coroutine.create(function() local n = 0 while true do n = n + 1 end end) "
                + "return {coroutine.resume(co)}",
            "local co = coroutine.create(function() while true do coroutine.yield() end end) "
                + "while true do coroutine.resume(co) end"}) {
            RawClient caller = client();
            RawClient other = client();
            caller.send(RawClient.args("EVAL", script, "0"));
            awaitBusy(other);
            assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(str(caller.readRaw())).as(script).contains("Script killed by user with SCRIPT KILL...");
            await().atMost(Duration.ofSeconds(5)).until(() -> other.callRawString("PING").equals("+PONG\r\n"));
        }
    }

    @Test
    void pipelinedCommandsOfTheCallerRunAfterTheKilledScript() {
        RawClient caller = client();
        RawClient other = client();
        String script = "while 1 do redis.call('ping') end";
        caller.sendRaw(("*3\r\n$4\r\neval\r\n$" + script.length() + "\r\n" + script + "\r\n$1\r\n0\r\n"
            + "*1\r\n$4\r\nping\r\n*2\r\n$4\r\necho\r\n$5\r\nafter\r\n").getBytes(StandardCharsets.ISO_8859_1));
        awaitBusy(other);
        assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
        assertThat(str(caller.readRaw())).isEqualTo(killed(script));
        assertThat(str(caller.readRaw())).isEqualTo("+PONG\r\n");
        assertThat(str(caller.readRaw())).isEqualTo("$5\r\nafter\r\n");
    }

    @Test
    void scriptThatEndsByItselfAfterTheThresholdRepliesAndTheNodeResumes() {
        RawClient caller = client();
        RawClient other = client();
        caller.send(RawClient.args("EVAL", "local n = 0 for i = 1, 100000000 do n = n + 1 end "
            + "redis.call('set', 'done', n) return n", "0"));
        awaitBusy(other);
        assertThat(str(caller.readRaw())).isEqualTo(":100000000\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> other.callRawString("PING").equals("+PONG\r\n"));
        assertThat(other.callRawString("GET", "done")).isEqualTo("$9\r\n100000000\r\n");
        assertThat(caller.callRawString("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void writingScriptIsUnkillableAndShutdownNosaveStopsTheNode() throws Exception {
        RawClient caller = client();
        RawClient other = client();
        caller.send(RawClient.args("EVAL", "redis.call('set', KEYS[1], 'y') while true do end", "1", "x"));
        awaitBusy(other);
        assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("-UNKILLABLE Sorry the script already executed "
            + "write commands against the dataset. You can either wait the script termination or kill the server in a "
            + "hard way using the SHUTDOWN NOSAVE command.\r\n");
        assertThat(other.callRawString("PING")).isEqualTo(BUSY);
        assertThat(other.callRawString("SHUTDOWN")).isEqualTo(BUSY);
        assertThat(other.callRawString("SHUTDOWN", "SAVE")).isEqualTo(BUSY);
        // SHUTDOWN NOSAVE: the command's path into the node (until main's SHUTDOWN parses its options, the test
        // drives the same server hook the command calls)
        assertThat(node.server().context().hooks().shutdown(false, false, false, false, false))
            .isEqualTo(BUSY.substring(1, BUSY.length() - 2));
        assertThat(node.server().context().hooks().shutdown(false, true, false, false, false)).isNull();
        int port = node.port();
        await().atMost(Duration.ofSeconds(15)).until(() -> refused(port));
        assertThatThrownBy(caller::readRaw).isInstanceOf(UncheckedIOException.class);
        assertThat(node.server().terminationFuture()).isDone();
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void clientsThatDisconnectDuringBusyModeDoNotDisturbTheScript() {
        RawClient caller = client();
        RawClient other = client();
        caller.send(RawClient.args("EVAL", "local t = 0 while true do t = t + 1 end", "0"));
        awaitBusy(other);
        for (int i = 0; i < 20; i++) {
            try (RawClient c = node.client()) {
                assertThat(c.callRawString("PING")).isEqualTo(BUSY);
            }
        }
        assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
        assertThat(str(caller.readRaw())).contains("killed by user");
        await().atMost(Duration.ofSeconds(5)).until(() -> other.callRawString("PING").equals("+PONG\r\n"));
    }

    @Test
    void callerDisconnectingDuringTheScriptLeavesTheNodeUsable() {
        RawClient caller = node.client();
        RawClient other = client();
        caller.send(RawClient.args("EVAL", "while true do end", "0"));
        awaitBusy(other);
        caller.close();
        assertThat(other.callRawString("PING")).isEqualTo(BUSY);
        assertThat(other.callRawString("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> other.callRawString("PING").equals("+PONG\r\n"));
        assertThat(other.callRawString("EVAL", "return 'alive'", "0")).isEqualTo("$5\r\nalive\r\n");
    }

    @Test
    void slowScriptInsideExecRunsToTheEndWithoutBusyMode() {
        RawClient caller = client();
        assertThat(caller.callRawString("MULTI")).isEqualTo("+OK\r\n");
        assertThat(caller.callRawString("EVAL", "local n = 0 for i = 1, 3000000 do n = n + 1 end return n", "0"))
            .isEqualTo("+QUEUED\r\n");
        assertThat(caller.callRawString("INCR", "c")).isEqualTo("+QUEUED\r\n");
        assertThat(caller.callRawString("EXEC")).isEqualTo("*2\r\n:3000000\r\n:1\r\n");
        assertThat(client().callRawString("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void keyspaceTimeIsFrozenDuringTheScript() {
        RawClient c = client();
        assertThat(c.callRawString("SET", "k", "v", "PX", "50")).isEqualTo("+OK\r\n");
        // the loop outlives the key's 50 ms (the node logs it as slow past 100 ms), yet the key stays for the script;
        // PTTL reads the real clock as in Redis 7.0, so it is down to 0
        String reply = c.callRawString("EVAL", "local before = redis.call('exists', KEYS[1]) "
            + "local x = 0 for i = 1, 100000000 do x = x + 1 end "
            + "return {before, redis.call('exists', KEYS[1]), redis.call('get', KEYS[1]), redis.call('pttl', KEYS[1])}",
            "1", "k");
        assertThat(reply).isEqualTo("*4\r\n:1\r\n:1\r\n$1\r\nv\r\n:0\r\n");
        assertThat(node.log()).contains("Slow script detected");
        assertThat(c.callRawString("EXISTS", "k")).isEqualTo(":0\r\n");
    }
}
