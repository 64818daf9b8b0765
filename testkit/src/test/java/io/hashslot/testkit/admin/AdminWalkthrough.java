package io.hashslot.testkit.admin;

import static io.hashslot.testkit.admin.AdminHarness.addr;
import static io.hashslot.testkit.admin.AdminHarness.assertOk;
import static io.hashslot.testkit.admin.AdminHarness.call;
import static io.hashslot.testkit.admin.AdminHarness.myId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.RunningNode;
import io.hashslot.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The seeds' cluster walkthrough, run by a subclass with one admin tool against one kind of node: create 3+3,
 * check (compared with Debian's redis-cli --cluster check), reshard 1000 slots while a writer runs (no lost and no
 * unexpected writes), add a master and reshard 4096 slots to it, add a replica with --cluster-slave
 * --cluster-master-id, add an empty master and rebalance with --cluster-use-empty-masters, empty that master and
 * del-node it, del-node the replica, import a standalone node, import from a source with an ACL user. After each
 * step the cluster must pass check: all slots covered and every node agreeing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AdminWalkthrough {
    private static final String ALL_COVERED = "[OK] All 16384 slots covered.\n";
    private static final String AGREE = "[OK] All nodes agree about slots configuration.\n";

    private final List<RunningNode> nodes = new ArrayList<>();
    private final List<RunningNode> extra = new ArrayList<>();
    private final boolean hashslotNodes;
    private final AdminHarness.Tool tool;

    /** With {@code hashslotNodes} in-process Hashslot nodes, else redis-server processes; {@code tool} runs. */
    AdminWalkthrough(boolean hashslotNodes, AdminHarness.Tool tool) {
        this.hashslotNodes = hashslotNodes;
        this.tool = tool;
    }

    /** A cluster-enabled node of the kind under test (same directives for every kind). */
    private RunningNode startNode() {
        return hashslotNodes ? AdminHarness.startHashslotNode() : AdminHarness.startNode();
    }

    /** A standalone (non-cluster) node of the kind under test, the import source. */
    private RunningNode startStandalone() {
        return hashslotNodes ? TestNode.start() : RealRedis.start();
    }

    @BeforeAll
    void start() {
        if (!hashslotNodes) {
            Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        }
        if (tool == AdminHarness.Tool.REDIS_CLI) {
            Assumptions.assumeTrue(RedisCli.available(), RedisCli.unavailableMessage());
        }
        for (int i = 0; i < 6; i++) {
            nodes.add(startNode());
        }
        for (int i = 0; i < 3; i++) {
            extra.add(startNode());
        }
    }

    @AfterAll
    void stop() {
        AdminHarness.closeAll(nodes);
        AdminHarness.closeAll(extra);
    }

    private String ref() {
        return addr(nodes.get(0));
    }

    private AdminHarness.Result run(String... args) {
        return tool.run(args);
    }

    /** Waits until the nodes agree, then the tool's check must report full coverage and agreement. */
    private void assertChecked() {
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result check = run("--cluster", "check", ref());
        assertOk(check);
        assertThat(check.stdout()).contains(AGREE, ALL_COVERED).doesNotContain("[WARNING]", "[ERR]");
    }

    @Test
    @Order(1)
    void createThreeMastersThreeReplicas() {
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        for (RunningNode r : nodes) {
            args.add(addr(r));
        }
        args.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        AdminHarness.Result r = run(args.toArray(new String[0]));
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Performing hash slots allocation on 6 nodes...\n",
            "Master[0] -> Slots 0 - 5460\n", "Master[1] -> Slots 5461 - 10922\n", "Master[2] -> Slots 10923 - 16383\n",
            ">>> Nodes configuration updated\n", ">>> Assign a different config epoch to each node\n",
            ">>> Sending CLUSTER MEET messages to join the cluster\n", "Waiting for the cluster to join\n",
            AGREE, ALL_COVERED);
        AdminHarness.awaitStable(nodes, 6);
        int masters = 0;
        for (RunningNode n : nodes) {
            String role = call(n, "ROLE").split("\n")[0];
            masters += role.equals("master") ? 1 : 0;
        }
        assertThat(masters).isEqualTo(3);
        assertChecked();
    }

    @Test
    @Order(2)
    void checkMatchesRedisCli() {
        Assumptions.assumeTrue(RedisCli.available(), RedisCli.unavailableMessage());
        AdminHarness.Result ours = AdminHarness.adminWithEnv("--cluster", "check", ref());
        RedisCli.Result theirs = RedisCli.run(nodes.get(0).port(), "--cluster", "check", ref());
        assertOk(ours);
        assertThat(theirs.exitCode()).isZero();
        assertThat(ours.stdout()).isEqualTo(theirs.stdout());
        assertThat(AdminHarness.admin("--cluster", "check", ref()).stdout()).contains("[OK] 0 keys in 3 masters.\n",
            "0.00 keys per slot on average.\n", ">>> Performing Cluster Check (using node " + ref() + ")\n",
            "   1 additional replica(s)\n");
        AdminHarness.Result info = AdminHarness.adminWithEnv("--cluster", "info", ref());
        RedisCli.Result theirInfo = RedisCli.run(nodes.get(0).port(), "--cluster", "info", ref());
        assertThat(info.stdout()).isEqualTo(theirInfo.stdout());
    }

    /**
     * A JedisCluster writer INCRs 2000 counters round-robin during the reshard and counts acknowledged INCRs per
     * counter; afterwards each counter must hold exactly that count (less = a lost write, more = a write applied
     * twice or without acknowledgement), and the masters together hold exactly the counters.
     */
    @Test
    @Order(3)
    void reshardThousandSlotsWhileWriting() throws Exception {
        Set<HostAndPort> seeds = Set.of(new HostAndPort("127.0.0.1", nodes.get(0).port()));
        int counters = 2000;
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong writes = new AtomicLong();
        try (JedisCluster jc = new JedisCluster(seeds, 5000, 20)) {
            Thread writer = new Thread(() -> {
                for (long i = 0; !stop.get(); i++) {
                    String k = "w:" + (i % counters);
                    try {
                        jc.incr(k);
                        acked.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
                        writes.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            });
            writer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> writes.get() > 3000);
            String target = masterIdOwning(0, false);
            AdminHarness.Result r = run("--cluster", "reshard", ref(), "--cluster-from", "all",
                "--cluster-to", target, "--cluster-slots", "1000", "--cluster-yes", "--cluster-pipeline", "20");
            long during = writes.get();
            stop.set(true);
            writer.join();
            assertOk(r);
            assertThat(r.stdout()).contains("\nReady to move 1000 slots.\n", "  Source nodes:\n",
                "  Destination node:\n", "  Resharding plan:\n", "Moving slot ");
            assertThat(failed.get()).as("failed writes").isZero();
            assertThat(during).as("writes acknowledged").isGreaterThan(3000);
            Map<String, Long> lost = new HashMap<>();
            Map<String, Long> unexpected = new HashMap<>();
            for (var e : acked.entrySet()) {
                String v = jc.get(e.getKey());
                long have = v == null ? 0 : Long.parseLong(v);
                if (have < e.getValue().get()) {
                    lost.put(e.getKey(), e.getValue().get() - have);
                } else if (have > e.getValue().get()) {
                    unexpected.put(e.getKey(), have - e.getValue().get());
                }
            }
            assertThat(lost).as("lost writes").isEmpty();
            assertThat(unexpected).as("unexpected writes").isEmpty();
        }
        assertThat(keysInMasters()).as("keys held by the masters").isEqualTo(counters);
        assertChecked();
    }

    /** Keys held by the masters that are members of the cluster (as node 0 sees it). */
    private long keysInMasters() {
        String members = call(nodes.get(0), "CLUSTER", "NODES");
        long keys = 0;
        for (RunningNode n : allNodes()) {
            if (members.contains(myId(n) + " ") && call(n, "ROLE").startsWith("master")) {
                keys += Long.parseLong(call(n, "DBSIZE"));
            }
        }
        return keys;
    }

    private List<RunningNode> allNodes() {
        List<RunningNode> all = new ArrayList<>(nodes);
        all.addAll(extra);
        return all;
    }

    /** A master's id: the one owning slot {@code slot} (or, with notOwning, a master that does not own it). */
    private String masterIdOwning(int slot, boolean notOwning) {
        for (String line : call(nodes.get(0), "CLUSTER", "NODES").split("\n")) {
            String[] f = line.split(" ");
            if (!f[2].contains("master")) {
                continue;
            }
            boolean owns = false;
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (f[i].startsWith("[")) {
                    continue;
                }
                int a = Integer.parseInt(range[0]);
                int b = range.length > 1 ? Integer.parseInt(range[1]) : a;
                owns |= slot >= a && slot <= b;
            }
            if (owns != notOwning) {
                return f[0];
            }
        }
        throw new IllegalStateException("no such master");
    }

    /** A master with slots other than {@code exclude}. */
    private String otherMaster(String exclude) {
        for (String line : call(nodes.get(0), "CLUSTER", "NODES").split("\n")) {
            String[] f = line.split(" ");
            if (f[2].contains("master") && f.length > 8 && !f[0].equals(exclude)) {
                return f[0];
            }
        }
        throw new IllegalStateException("no other master");
    }

    @Test
    @Order(4)
    void addMasterAndReshard4096ToIt() {
        RunningNode seventh = extra.get(0);
        AdminHarness.Result r = run("--cluster", "add-node", addr(seventh), ref());
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Adding node " + addr(seventh) + " to cluster " + ref() + "\n",
            ">>> Send CLUSTER MEET to node " + addr(seventh) + " to make it join the cluster.\n",
            "[OK] New node added correctly.\n");
        List<RunningNode> all = new ArrayList<>(nodes);
        all.add(seventh);
        AdminHarness.awaitStable(all, 7);
        AdminHarness.Result again = run("--cluster", "add-node", addr(seventh), ref());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stdout()).contains("[ERR] Node " + addr(seventh) + " is not empty. Either the node "
            + "already knows other nodes (check with CLUSTER NODES) or contains some key in database 0.\n");
        AdminHarness.Result rs = run("--cluster", "reshard", ref(), "--cluster-from", "all", "--cluster-to",
            myId(seventh), "--cluster-slots", "4096", "--cluster-yes");
        assertOk(rs);
        assertThat(AdminHarness.ownSlots(seventh)).isEqualTo(4096);
        assertChecked();
        assertThat(keysInMasters()).isEqualTo(2000);
    }

    @Test
    @Order(5)
    void addReplicaWithMasterId() {
        RunningNode seventh = extra.get(0);
        RunningNode eighth = extra.get(1);
        AdminHarness.Result r = run("--cluster", "add-node", addr(eighth), ref(), "--cluster-slave",
            "--cluster-master-id", myId(seventh));
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Configure node as replica of " + addr(seventh) + ".\n",
            "[OK] New node added correctly.\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> call(eighth, "ROLE").startsWith("slave"));
        AdminHarness.awaitStable(allNodes().subList(0, 8), 8);
        assertThat(call(eighth, "CLUSTER", "NODES")).contains("myself,slave " + myId(seventh));
        assertChecked();
    }

    /** A ninth node joins as an empty master; rebalance with --cluster-use-empty-masters gives it its share. */
    @Test
    @Order(6)
    void rebalanceWithEmptyMaster() {
        RunningNode ninth = extra.get(2);
        assertOk(run("--cluster", "add-node", addr(ninth), ref()));
        AdminHarness.awaitStable(allNodes(), 9);
        assertChecked();
        AdminHarness.Result without = run("--cluster", "rebalance", ref(), "--cluster-simulate");
        assertOk(without);
        assertThat(without.stdout()).contains(">>> Rebalancing across 4 nodes. Total weight = 4.00\n")
            .doesNotContain(addr(ninth));
        AdminHarness.Result sim = run("--cluster", "rebalance", ref(), "--cluster-use-empty-masters",
            "--cluster-simulate");
        assertOk(sim);
        assertThat(sim.stdout()).contains(">>> Rebalancing across 5 nodes. Total weight = 5.00\n");
        assertThat(AdminHarness.ownSlots(ninth)).isZero();
        AdminHarness.Result r = run("--cluster", "rebalance", ref(), "--cluster-use-empty-masters");
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Rebalancing across 5 nodes. Total weight = 5.00\n", "Moving ");
        assertThat(AdminHarness.ownSlots(ninth)).isBetween(3276, 3280);
        assertChecked();
        AdminHarness.Result none = run("--cluster", "rebalance", ref());
        assertOk(none);
        assertThat(none.stdout()).contains("*** No rebalancing needed! All nodes are within the 2.00% threshold.\n");
        assertThat(keysInMasters()).isEqualTo(2000);
    }

    /** del-node refuses a master with slots; emptied by reshard it goes, then the replica goes too. */
    @Test
    @Order(7)
    void emptyMasterDelNodeThenReplica() {
        RunningNode ninth = extra.get(2);
        String masterId = myId(ninth);
        AdminHarness.Result refused = run("--cluster", "del-node", ref(), masterId);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stdout()).contains("[ERR] Node " + addr(ninth)
            + " is not empty! Reshard data away and try again.\n");
        AdminHarness.Result empty = run("--cluster", "reshard", ref(), "--cluster-from", masterId,
            "--cluster-to", otherMaster(masterId), "--cluster-slots", "16384", "--cluster-yes");
        assertOk(empty);
        assertThat(AdminHarness.ownSlots(ninth)).isZero();
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result del = run("--cluster", "del-node", ref(), masterId);
        assertOk(del);
        assertThat(del.stdout()).contains(">>> Removing node " + masterId + " from cluster " + ref() + "\n",
            ">>> Sending CLUSTER FORGET messages to the cluster...\n",
            ">>> Sending CLUSTER RESET SOFT to the deleted node.\n");
        String replicaId = myId(extra.get(1));
        AdminHarness.Result r = run("--cluster", "del-node", ref(), replicaId);
        assertOk(r);
        List<RunningNode> left = new ArrayList<>(nodes);
        left.add(extra.get(0));
        for (RunningNode n : left) {
            assertThat(call(n, "CLUSTER", "NODES")).doesNotContain(masterId).doesNotContain(replicaId);
        }
        AdminHarness.awaitStable(left, 7);
        assertChecked();
        assertThat(keysInMasters()).isEqualTo(2000);
    }

    @Test
    @Order(8)
    void importFromStandalone() {
        try (RunningNode standalone = startStandalone()) {
            for (int i = 0; i < 200; i++) {
                call(standalone, "SET", "imp:" + i, "val" + i);
            }
            call(standalone, "RPUSH", "imp:list", "a", "b", "c");
            call(standalone, "HSET", "imp:hash", "f", "v");
            AdminHarness.Result r = run("--cluster", "import", ref(), "--cluster-from", addr(standalone),
                "--cluster-copy");
            assertOk(r);
            assertThat(r.stdout()).contains(">>> Importing data from " + addr(standalone) + " to cluster " + ref()
                + "\n", "*** Importing 202 keys from DB 0\n", "Migrating imp:list to ");
            assertThat(call(standalone, "DBSIZE")).isEqualTo("202");
            Set<HostAndPort> seeds = Set.of(new HostAndPort("127.0.0.1", nodes.get(0).port()));
            try (JedisCluster jc = new JedisCluster(seeds)) {
                for (int i = 0; i < 200; i++) {
                    assertThat(jc.get("imp:" + i)).isEqualTo("val" + i);
                }
                assertThat(jc.lrange("imp:list", 0, -1)).containsExactly("a", "b", "c");
                assertThat(jc.hget("imp:hash", "f")).isEqualTo("v");
            }
            AdminHarness.Result busy = run("--cluster", "import", ref(), "--cluster-from", addr(standalone));
            assertThat(busy.exitCode()).isEqualTo(1);
            assertThat(busy.stdout()).contains("replied with error:\nERR Target instance replied with error: "
                + "BUSYKEY Target key name already exists.\n");
            AdminHarness.Result replace = run("--cluster", "import", ref(), "--cluster-from", addr(standalone),
                "--cluster-replace");
            assertOk(replace);
            assertThat(call(standalone, "DBSIZE")).isEqualTo("0");
        }
        assertThat(keysInMasters()).isEqualTo(2202);
        assertChecked();
    }

    /**
     * import --cluster-from-user/--cluster-from-pass against a redis-server source whose keys only an ACL user
     * may read (the default user needs a password too): a wrong password stops before anything moves.
     */
    @Test
    @Order(9)
    void importFromSourceWithAclUser() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        try (RealRedis source = RealRedis.start("--requirepass", "default-pw")) {
            try (RawClient c = new RawClient(source.port())) {
                c.call("AUTH", "default-pw");
                assertThat(AdminHarness.text(c.call("ACL", "SETUSER", "mover", "on", ">mover-pw", "~acl:*",
                    "+@all"))).isEqualTo("OK");
                for (int i = 0; i < 50; i++) {
                    c.call("SET", "acl:" + i, "a" + i);
                }
            }
            AdminHarness.Result anonymous = run("--cluster", "import", ref(), "--cluster-from", addr(source));
            assertThat(anonymous.exitCode()).isEqualTo(1);
            assertThat(anonymous.stdout()).contains("replied with error:\nNOAUTH Authentication required.\n");
            AdminHarness.Result wrong = run("--cluster", "import", ref(), "--cluster-from", addr(source),
                "--cluster-from-user", "mover", "--cluster-from-pass", "nope");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.stderr()).contains("AUTH failed: WRONGPASS invalid username-password pair or user is "
                + "disabled.\n");
            assertThat(keysInMasters()).isEqualTo(2202);
            AdminHarness.Result r = run("--cluster", "import", ref(), "--cluster-from", addr(source),
                "--cluster-from-user", "mover", "--cluster-from-pass", "mover-pw");
            assertOk(r);
            assertThat(r.stdout()).contains("*** Importing 50 keys from DB 0\n", "Migrating acl:7 to ");
            Set<HostAndPort> seeds = Set.of(new HostAndPort("127.0.0.1", nodes.get(0).port()));
            try (JedisCluster jc = new JedisCluster(seeds)) {
                for (int i = 0; i < 50; i++) {
                    assertThat(jc.get("acl:" + i)).isEqualTo("a" + i);
                }
            }
        }
        assertThat(keysInMasters()).isEqualTo(2252);
        assertChecked();
    }
}
