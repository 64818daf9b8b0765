package io.hashslot.testkit.multi;

import io.hashslot.testkit.RawClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A script of commands sent by several numbered connections to one server, in order, with pauses; running it
 * returns a transcript of every command and its exact reply bytes, so the same script can be compared between
 * real Redis and a Hashslot node.
 */
final class Scenario {
    /** What a script needs from the server beyond sockets. */
    interface Target {
        int port();

        /** Turns the active expiry cycle off or on (DEBUG SET-ACTIVE-EXPIRE). */
        void activeExpire(boolean enabled);
    }

    private sealed interface Step {
    }

    private record Command(int client, String[] args) implements Step {
    }

    private record Sleep(long millis) implements Step {
    }

    private record ActiveExpire(boolean enabled) implements Step {
    }

    private record Close(int client) implements Step {
    }

    final String name;
    private final List<Step> steps = new ArrayList<>();
    private int clients;
    /** The expected reply to the last command, as the transcript shows it (CRLF written as \r\n). */
    private String expectedLast;

    Scenario(String name) {
        this.name = name;
    }

    /** Connection {@code client} (0, 1, 2 ...) sends a command. */
    Scenario on(int client, String... args) {
        steps.add(new Command(client, args));
        clients = Math.max(clients, client + 1);
        return this;
    }

    Scenario a(String... args) {
        return on(0, args);
    }

    Scenario b(String... args) {
        return on(1, args);
    }

    Scenario sleep(long millis) {
        steps.add(new Sleep(millis));
        return this;
    }

    Scenario activeExpire(boolean enabled) {
        steps.add(new ActiveExpire(enabled));
        return this;
    }

    /** Connection {@code client} disconnects; later commands on it use a new connection. */
    Scenario close(int client) {
        steps.add(new Close(client));
        return this;
    }

    /** What the last command must reply, e.g. "*-1\r\n" for an aborted EXEC. */
    Scenario expect(String lastReply) {
        this.expectedLast = lastReply;
        return this;
    }

    String expectedLast() {
        return expectedLast;
    }

    /** The reply part of a transcript line. */
    static String reply(String line) {
        return line.substring(line.indexOf(" -> ") + 4);
    }

    /** Runs the script on a flushed server; active expiry is on again afterwards. */
    List<String> run(Target target) throws InterruptedException {
        List<String> transcript = new ArrayList<>();
        RawClient[] conns = new RawClient[clients];
        try (RawClient admin = new RawClient(target.port())) {
            admin.call("FLUSHALL");
            try {
                for (Step s : steps) {
                    if (s instanceof Command c) {
                        if (conns[c.client] == null) {
                            conns[c.client] = new RawClient(target.port());
                        }
                        byte[] reply = conns[c.client].callRaw(RawClient.args(c.args));
                        transcript.add((char) ('A' + c.client) + "> " + String.join(" ", c.args) + " -> "
                            + new String(reply, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n"));
                    } else if (s instanceof Sleep z) {
                        Thread.sleep(z.millis);
                    } else if (s instanceof ActiveExpire e) {
                        target.activeExpire(e.enabled);
                    } else if (s instanceof Close x && conns[x.client] != null) {
                        conns[x.client].close();
                        conns[x.client] = null;
                    }
                }
            } finally {
                target.activeExpire(true);
                for (RawClient c : conns) {
                    if (c != null) {
                        c.close();
                    }
                }
                admin.call("FLUSHALL");
            }
        }
        return transcript;
    }

    @Override
    public String toString() {
        return name;
    }
}
