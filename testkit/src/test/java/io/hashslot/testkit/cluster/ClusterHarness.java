package io.hashslot.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Helpers for cluster tests over real sockets: starting Hashslot nodes in cluster mode, building a cluster with
 * Debian's {@code redis-cli --cluster create}, and waiting until every node agrees.
 */
final class ClusterHarness {
    static final Duration WAIT = Duration.ofSeconds(40);

    private ClusterHarness() {
    }

    /** The cluster directives every test node gets (plus {@code extra}). */
    static String[] clusterDirectives(String... extra) {
        List<String> d = new ArrayList<>(List.of("cluster-enabled", "yes", "cluster-node-timeout", "3000",
            "cluster-config-file", "nodes.conf"));
        d.addAll(List.of(extra));
        return d.toArray(new String[0]);
    }

    static TestNode startNode(String... extra) {
        return TestNode.start(clusterDirectives(extra));
    }

    /** A reply as text: status, error, bulk and integer as their text, anything else as RespValue's form. */
    static String call(int port, String... args) {
        try (RawClient c = new RawClient(port)) {
            return text(c.call(args));
        }
    }

    static String text(RespValue v) {
        if (v instanceof RespValue.Simple s) {
            return s.text();
        } else if (v instanceof RespValue.Error e) {
            return e.text();
        } else if (v instanceof RespValue.Bulk b) {
            return b.text();
        } else if (v instanceof RespValue.Int i) {
            return String.valueOf(i.value());
        } else if (v instanceof RespValue.Array a) {
            List<String> items = new ArrayList<>();
            for (RespValue item : a.items()) {
                items.add(text(item));
            }
            return items.toString();
        }
        return String.valueOf(v);
    }

    /** Runs {@code redis-cli --cluster create <ports> --cluster-replicas r --cluster-yes}; returns its output. */
    static String create(List<Integer> ports, int replicas) {
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        for (int p : ports) {
            args.add("127.0.0.1:" + p);
        }
        args.addAll(List.of("--cluster-replicas", String.valueOf(replicas), "--cluster-yes"));
        RedisCli.Result res = RedisCli.run(ports.get(0), args.toArray(new String[0]));
        assertThat(res.exitCode()).as(res.stdout() + res.stderr()).isZero();
        return res.stdout();
    }

    /**
     * Waits until every node reports cluster_state:ok, knows all {@code ports.size()} nodes with no handshake
     * left, and sees {@code replicas} replicas.
     */
    static void awaitAgreement(List<Integer> ports, int replicas) {
        for (int p : ports) {
            try {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    String nodes = call(p, "CLUSTER", "NODES");
                    return call(p, "CLUSTER", "INFO").contains("cluster_state:ok") && !nodes.contains("handshake")
                        && nodes.lines().count() == ports.size()
                        && nodes.lines().filter(l -> l.contains("slave")).count() == replicas;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("node " + p + " did not agree:\n" + call(p, "CLUSTER", "NODES") + "\n"
                    + call(p, "CLUSTER", "INFO"), e);
            }
        }
    }

    /** CLUSTER NODES lines reduced to "id ip:port@cport role-flags master-id slots" (no times, no link state). */
    static List<String> topology(int port) {
        List<String> out = new ArrayList<>();
        for (String line : call(port, "CLUSTER", "NODES").split("\n")) {
            String[] f = line.split(" ");
            StringBuilder sb = new StringBuilder(f[0]).append(' ').append(f[1]).append(' ')
                .append(f[2].replace("myself,", "")).append(' ').append(f[3]);
            for (int i = 8; i < f.length; i++) {
                sb.append(' ').append(f[i]);
            }
            out.add(sb.toString());
        }
        out.sort(String::compareTo);
        return out;
    }
}
