package io.hashslot.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * -c against a real 3-node Redis cluster (made with redis-server --cluster-enabled yes and redis-cli --cluster
 * create): one-shot commands follow MOVED like redis-cli, piped sessions print the same "-> Redirected to slot"
 * lines, and the interactive prompt moves to the node that owns the key.
 */
class ClusterModeTest {
    private static final List<RedisServerProcess> NODES = new ArrayList<>();

    @BeforeAll
    static void cluster() throws IOException, InterruptedException {
        RedisServerProcess.assumeAvailable();
        for (int i = 0; i < 3; i++) {
            NODES.add(RedisServerProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "5000"));
        }
        List<String> create = new ArrayList<>(List.of(RedisServerProcess.CLI, "--cluster", "create"));
        for (RedisServerProcess n : NODES) {
            create.add("127.0.0.1:" + n.port());
        }
        create.add("--cluster-yes");
        Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (RedisServerProcess n : NODES) {
            while (!clusterOk(n)) {
                assertThat(System.nanoTime()).as("cluster_state:ok").isLessThan(deadline);
                RedisServerProcess.sleep(100);
            }
        }
    }

    private static boolean clusterOk(RedisServerProcess n) throws IOException {
        CliRun r = CliRun.redis(List.of("-p", String.valueOf(n.port()), "cluster", "info"), new byte[0], false,
            Map.of());
        return r.out().contains("cluster_state:ok");
    }

    @AfterAll
    static void stop() {
        NODES.forEach(RedisServerProcess::close);
        NODES.clear();
    }

    /** The node serving a key's slot, asked of the cluster. */
    private static int ownerPort(String key) {
        CliRun r = CliRun.redis(List.of("-p", String.valueOf(NODES.get(0).port()), "cluster", "keyslot", key),
            new byte[0], false, Map.of());
        int slot = Integer.parseInt(r.out().trim());
        CliRun slots = CliRun.redis(List.of("-p", String.valueOf(NODES.get(0).port()), "cluster", "slots"),
            new byte[0], false, Map.of());
        String[] f = slots.out().split("\n");
        for (int i = 0; i + 3 < f.length; i++) {
            if (f[i + 2].equals("127.0.0.1") && Integer.parseInt(f[i]) <= slot && slot <= Integer.parseInt(f[i + 1])) {
                return Integer.parseInt(f[i + 3]);
            }
        }
        throw new IllegalStateException("no owner for slot " + slot + " in " + slots.out());
    }

    private static int notOwner(int owner) {
        return NODES.stream().mapToInt(RedisServerProcess::port).filter(p -> p != owner).findFirst().orElseThrow();
    }

    @Test
    void oneShotFollowsMovedLikeRedisCli() {
        int owner = ownerPort("foo");
        int other = notOwner(owner);
        for (List<String> cmd : List.of(List.of("set", "foo", "bar"), List.of("get", "foo"),
            List.of("--no-raw", "get", "foo"), List.of("-r", "2", "incr", "foo:{foo}:n"))) {
            List<String> args = new ArrayList<>(List.of("-c", "-p", String.valueOf(other)));
            args.addAll(cmd);
            CliRun expected = CliRun.redis(args, new byte[0], false, Map.of());
            if (cmd.contains("incr")) {
                CliRun.redis(List.of("-c", "-p", String.valueOf(other), "del", "foo:{foo}:n"), new byte[0], false,
                    Map.of());
            }
            CliRun actual = CliRun.ours(args, new byte[0], false, Map.of());
            assertThat(actual.out()).as(cmd.toString()).isEqualTo(expected.out());
            assertThat(actual.err()).isEqualTo(expected.err());
            assertThat(actual.exitCode()).isEqualTo(expected.exitCode());
        }
        CliRun withoutC = CliRun.ours("-p", String.valueOf(other), "--no-raw", "get", "foo");
        assertThat(withoutC.out()).startsWith("(error) MOVED ").endsWith(":" + owner + "\n");
    }

    @Test
    void pipedSessionPrintsRedirectsLikeRedisCli() {
        int start = NODES.get(0).port();
        String script = "set a 1\nset b 2\nset c 3\nget a\nget b\nget c\nset {a}x 9\nget {a}x\n";
        for (String mode : List.of("--no-raw", "--raw")) {
            List<String> args = List.of("-c", "-p", String.valueOf(start), mode);
            CliRun expected = CliRun.redis(args, script.getBytes(StandardCharsets.UTF_8), false, Map.of());
            CliRun actual = CliRun.ours(args, script.getBytes(StandardCharsets.UTF_8), false, Map.of());
            assertThat(expected.out()).contains("-> Redirected to slot [");
            assertThat(actual.out()).isEqualTo(expected.out());
            assertThat(actual.err()).isEqualTo(expected.err());
        }
    }

    @Test
    void askRedirectSendsAskingLikeRedisCli() throws IOException {
        String key = "askkey";
        int owner = ownerPort(key);
        int target = notOwner(owner);
        String slot = CliRun.redis(List.of("-p", String.valueOf(owner), "cluster", "keyslot", key), new byte[0],
            false, Map.of()).out().trim();
        String ownerId = CliRun.redis(List.of("-p", String.valueOf(owner), "cluster", "myid"), new byte[0], false,
            Map.of()).out().trim();
        String targetId = CliRun.redis(List.of("-p", String.valueOf(target), "cluster", "myid"), new byte[0], false,
            Map.of()).out().trim();
        CliRun.redis(List.of("-p", String.valueOf(target), "cluster", "setslot", slot, "importing", ownerId),
            new byte[0], false, Map.of());
        CliRun.redis(List.of("-p", String.valueOf(owner), "cluster", "setslot", slot, "migrating", targetId),
            new byte[0], false, Map.of());
        try {
            String script = "set " + key + " there\nget " + key + "\n";
            List<String> args = List.of("-c", "-p", String.valueOf(owner), "--no-raw");
            CliRun expected = CliRun.redis(args, script.getBytes(StandardCharsets.UTF_8), false, Map.of());
            CliRun actual = CliRun.ours(args, script.getBytes(StandardCharsets.UTF_8), false, Map.of());
            assertThat(expected.out()).contains("-> Redirected to slot [" + slot + "] located at 127.0.0.1:" + target);
            assertThat(actual.out()).isEqualTo(expected.out());
            assertThat(actual.err()).isEqualTo(expected.err());
            CliRun oneShot = CliRun.ours("-c", "-p", String.valueOf(owner), "get", key);
            assertThat(oneShot.out()).isEqualTo("there\n");
        } finally {
            for (int port : new int[] {owner, target}) {
                CliRun.redis(List.of("-c", "-p", String.valueOf(port), "del", key), new byte[0], false, Map.of());
                CliRun.redis(List.of("-p", String.valueOf(port), "cluster", "setslot", slot, "stable"), new byte[0],
                    false, Map.of());
            }
        }
    }

    @Test
    void promptMovesToTheRedirectedNode() throws IOException {
        int owner = ownerPort("foo");
        int other = notOwner(owner);
        Map<String, String> env = new HashMap<>();
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        env.put("HASHSLOTCLI_HISTFILE", "/dev/null");
        ReplTerminalTest.Result r = ReplTerminalTest.runRepl("set foo moved\rget foo\r\u0004", env, "-c", "-p",
            String.valueOf(other));
        assertThat(r.screen()).contains("127.0.0.1:" + other + "> ")
            .contains("-> Redirected to slot [12182] located at 127.0.0.1:" + owner)
            .contains("127.0.0.1:" + owner + "> ").contains("\"moved\"");
        assertThat(r.screen().indexOf("127.0.0.1:" + owner + "> "))
            .isGreaterThan(r.screen().indexOf("-> Redirected"));
    }
}
