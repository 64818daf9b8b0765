package io.hashslot.testkit.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.RunningNode;
import io.hashslot.testkit.TestNode;
import io.hashslot.tools.cluster.ClusterCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the cluster admin tool in-process (or Debian's redis-cli --cluster) and starts/inspects cluster-enabled
 * nodes: real redis-server processes or in-process Hashslot nodes.
 */
final class AdminHarness {
    private AdminHarness() {
    }

    /** What one admin run printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    static Result adminWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ClusterCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result admin(String... args) {
        return adminWithInput("", args);
    }

    /** With this process's environment (TERM decides colors, as for redis-cli). */
    static Result adminWithEnv(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ClusterCli.run(args, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            System.getenv());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Who runs the {@code --cluster} commands of a scenario. */
    enum Tool {
        /** Our admin tool through its command-line entry ({@link ClusterCli}), in this JVM. */
        OURS,
        /** Debian's {@code redis-cli --cluster}, a separate process (no TERM, so no colors). */
        REDIS_CLI;

        Result runWithInput(String stdin, String... args) {
            if (this == OURS) {
                return adminWithInput(stdin, args);
            }
            RedisCli.Result r = RedisCli.run(6379, stdin.getBytes(StandardCharsets.UTF_8), true, args);
            return new Result(r.exitCode(), r.stdout(), r.stderr());
        }

        Result run(String... args) {
            return runWithInput("", args);
        }
    }

    /** An in-process Hashslot node in cluster mode, configured as {@link #startNode()}'s redis-server nodes. */
    static TestNode startHashslotNode() {
        return TestNode.start("cluster-enabled", "yes", "cluster-node-timeout", "3000", "cluster-config-file",
            "nodes.conf", "cluster-allow-replica-migration", "no");
    }

    static RealRedis startNode() {
        return RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "3000",
            "--cluster-config-file", "nodes.conf", "--cluster-allow-replica-migration", "no");
    }

    static List<RealRedis> startNodes(int n) {
        List<RealRedis> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(startNode());
        }
        return nodes;
    }

    static String addr(RunningNode r) {
        return "127.0.0.1:" + r.port();
    }

    static String call(RunningNode r, String... args) {
        try (RawClient c = new RawClient(r.port())) {
            RespValue v = c.call(args);
            return text(v);
        }
    }

    static String text(RespValue v) {
        if (v instanceof RespValue.Bulk b) {
            return b.text();
        }
        if (v instanceof RespValue.Simple s) {
            return s.text();
        }
        if (v instanceof RespValue.Error e) {
            return "-" + e.text();
        }
        if (v instanceof RespValue.Int i) {
            return Long.toString(i.value());
        }
        if (v instanceof RespValue.Array a) {
            List<String> parts = new ArrayList<>();
            for (RespValue x : a.items()) {
                parts.add(text(x));
            }
            return String.join("\n", parts);
        }
        return "";
    }

    static String myId(RunningNode r) {
        return call(r, "CLUSTER", "MYID");
    }

    /** Makes the nodes a cluster of masters only with our create, and waits until they all agree. */
    static void createMasters(List<? extends RunningNode> nodes) {
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        for (RunningNode r : nodes) {
            args.add(addr(r));
        }
        args.add("--cluster-yes");
        assertOk(admin(args.toArray(new String[0])));
        awaitStable(nodes, nodes.size());
        awaitAgreement(addr(nodes.get(0)));
    }

    /** Waits until every node reports cluster_state:ok and knows {@code count} nodes with no handshake. */
    static void awaitStable(List<? extends RunningNode> nodes, int count) {
        for (RunningNode r : nodes) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String nodesText = call(r, "CLUSTER", "NODES");
                return call(r, "CLUSTER", "INFO").contains("cluster_state:ok") && !nodesText.contains("handshake")
                    && nodesText.lines().count() == count && !nodesText.contains("fail");
            });
        }
    }

    /** Waits until our check passes (every node agrees about the slots, nothing open, all covered). */
    static void awaitAgreement(String ref) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
            .until(() -> admin("--cluster", "check", ref).exitCode() == 0);
    }

    static void awaitAgreementAuth(String ref, String pass) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
            .until(() -> admin("--cluster", "check", ref, "-a", pass).exitCode() == 0);
    }

    static int slotCount(RunningNode r) {
        String info = call(r, "CLUSTER", "INFO");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("cluster_slots_assigned:")) {
                return Integer.parseInt(line.substring("cluster_slots_assigned:".length()));
            }
        }
        return -1;
    }

    /** Slots the node itself claims in its myself line. */
    static int ownSlots(RunningNode r) {
        for (String line : call(r, "CLUSTER", "NODES").split("\n")) {
            if (!line.contains("myself")) {
                continue;
            }
            int count = 0;
            String[] f = line.split(" ");
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                int dash = f[i].indexOf('-');
                count += dash < 0 ? 1 : Integer.parseInt(f[i].substring(dash + 1))
                    - Integer.parseInt(f[i].substring(0, dash)) + 1;
            }
            return count;
        }
        return -1;
    }

    /** The first slot the node claims in its myself line (-1 if none). */
    static int firstSlot(RunningNode r) {
        for (String line : call(r, "CLUSTER", "NODES").split("\n")) {
            String[] f = line.split(" ");
            if (line.contains("myself") && f.length > 8) {
                return Integer.parseInt(f[8].split("-")[0]);
            }
        }
        return -1;
    }

    static void closeAll(List<? extends RunningNode> nodes) {
        for (RunningNode r : nodes) {
            r.close();
        }
        nodes.clear();
    }

    static void assertOk(Result r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
    }
}
