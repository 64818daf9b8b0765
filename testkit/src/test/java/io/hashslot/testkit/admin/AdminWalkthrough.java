package io.hashslot.testkit.admin;

import static io.hashslot.testkit.admin.AdminHarness.addr;
import static io.hashslot.testkit.admin.AdminHarness.admin;
import static io.hashslot.testkit.admin.AdminHarness.assertOk;
import static io.hashslot.testkit.admin.AdminHarness.call;
import static io.hashslot.testkit.admin.AdminHarness.myId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * The seeds' walkthrough with our admin tool against real redis-server 7.0 cluster nodes: create 3+3, check
 * (compared with Debian's redis-cli --cluster check), reshard 1000 slots while a writer runs, add a master and
 * reshard 4096 slots to it, add a replica with --cluster-slave --cluster-master-id, rebalance with
 * --cluster-use-empty-masters, del-node a replica, empty a master and del-node it, import a standalone node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAdminWalkthroughTest {
    private static final List<RealRedis> NODES = new ArrayList<>();
    private static final List<RealRedis> EXTRA = new ArrayList<>();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        NODES.addAll(AdminHarness.startNodes(6));
        EXTRA.addAll(AdminHarness.startNodes(2));
    }

    @AfterAll
    static void stop() {
        AdminHarness.closeAll(NODES);
        AdminHarness.closeAll(EXTRA);
    }

    private static String ref() {
        return addr(NODES.get(0));
    }

    @Test
    @Order(1)
    void createThreeMastersThreeReplicas() {
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        for (RealRedis r : NODES) {
            args.add(addr(r));
        }
        args.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        AdminHarness.Result r = admin(args.toArray(new String[0]));
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Performing hash slots allocation on 6 nodes...\n",
            "Master[0] -> Slots 0 - 5460\n", "Master[1] -> Slots 5461 - 10922\n", "Master[2] -> Slots 10923 - 16383\n",
            ">>> Nodes configuration updated\n", ">>> Assign a different config epoch to each node\n",
            ">>> Sending CLUSTER MEET messages to join the cluster\n", "Waiting for the cluster to join\n",
            "[OK] All nodes agree about slots configuration.\n", "[OK] All 16384 slots covered.\n");
        AdminHarness.awaitStable(NODES, 6);
        int masters = 0;
        for (RealRedis n : NODES) {
            String role = call(n, "ROLE").split("\n")[0];
            masters += role.equals("master") ? 1 : 0;
        }
        assertThat(masters).isEqualTo(3);
    }

    @Test
    @Order(2)
    void checkMatchesRedisCli() {
        Assumptions.assumeTrue(RedisCli.available(), RedisCli.unavailableMessage());
        AdminHarness.Result ours = AdminHarness.adminWithEnv("--cluster", "check", ref());
        RedisCli.Result theirs = RedisCli.run(NODES.get(0).port(), "--cluster", "check", ref());
        assertOk(ours);
        assertThat(theirs.exitCode()).isZero();
        assertThat(ours.stdout()).isEqualTo(theirs.stdout());
        assertThat(admin("--cluster", "check", ref()).stdout()).contains("[OK] 0 keys in 3 masters.\n", "0.00 keys per slot on average.\n",
            ">>> Performing Cluster Check (using node " + ref() + ")\n", "   1 additional replica(s)\n");
        AdminHarness.Result info = AdminHarness.adminWithEnv("--cluster", "info", ref());
        RedisCli.Result theirInfo = RedisCli.run(NODES.get(0).port(), "--cluster", "info", ref());
        assertThat(info.stdout()).isEqualTo(theirInfo.stdout());
    }

    @Test
    @Order(3)
    void reshardThousandSlotsWhileWriting() throws Exception {
        Set<HostAndPort> seeds = new HashSet<>();
        seeds.add(new HostAndPort("127.0.0.1", NODES.get(0).port()));
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentHashMap<String, String> acked = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        Thread writer;
        try (JedisCluster jc = new JedisCluster(seeds, 5000, 20)) {
            writer = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    String k = "w:" + i;
                    String v = "v" + i;
                    try {
                        jc.set(k, v);
                        acked.put(k, v);
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                    i++;
                }
            });
            writer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> acked.size() > 2000);
            String target = masterIdOwning(NODES, 0, false);
            AdminHarness.Result r = admin("--cluster", "reshard", ref(), "--cluster-from", "all",
                "--cluster-to", target, "--cluster-slots", "1000", "--cluster-yes", "--cluster-pipeline", "20");
            stop.set(true);
            writer.join();
            assertOk(r);
            assertThat(r.stdout()).contains("\nReady to move 1000 slots.\n", "  Source nodes:\n",
                "  Destination node:\n", "  Resharding plan:\n", "Moving slot ");
            int lost = 0;
            for (var e : acked.entrySet()) {
                if (!e.getValue().equals(jc.get(e.getKey()))) {
                    lost++;
                }
            }
            assertThat(lost).as("lost writes of " + acked.size()).isZero();
            assertThat(failed.get()).as("failed writes").isZero();
            assertThat(acked.size()).isGreaterThan(2000);
        }
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result check = admin("--cluster", "check", ref());
        assertOk(check);
        assertThat(check.stdout()).contains("[OK] All 16384 slots covered.");
    }

    /** A master's id: the one owning slot {@code slot} (or, with notOwning, a master that does not own it). */
    static String masterIdOwning(List<RealRedis> nodes, int slot, boolean notOwning) {
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
    static String otherMaster(String exclude) {
        for (String line : call(NODES.get(0), "CLUSTER", "NODES").split("\n")) {
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
        RealRedis seventh = EXTRA.get(0);
        AdminHarness.Result r = admin("--cluster", "add-node", addr(seventh), ref());
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Adding node " + addr(seventh) + " to cluster " + ref() + "\n",
            ">>> Send CLUSTER MEET to node " + addr(seventh) + " to make it join the cluster.\n",
            "[OK] New node added correctly.\n");
        List<RealRedis> all = new ArrayList<>(NODES);
        all.add(seventh);
        AdminHarness.awaitStable(all, 7);
        AdminHarness.Result again = admin("--cluster", "add-node", addr(seventh), ref());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stdout()).contains("[ERR] Node " + addr(seventh) + " is not empty. Either the node "
            + "already knows other nodes (check with CLUSTER NODES) or contains some key in database 0.\n");
        AdminHarness.Result rs = admin("--cluster", "reshard", ref(), "--cluster-from", "all", "--cluster-to",
            myId(seventh), "--cluster-slots", "4096", "--cluster-yes");
        assertOk(rs);
        assertThat(AdminHarness.ownSlots(seventh)).isEqualTo(4096);
        AdminHarness.awaitAgreement(ref());
    }

    @Test
    @Order(5)
    void addReplicaWithMasterId() {
        RealRedis seventh = EXTRA.get(0);
        RealRedis eighth = EXTRA.get(1);
        AdminHarness.Result r = admin("--cluster", "add-node", addr(eighth), ref(), "--cluster-slave",
            "--cluster-master-id", myId(seventh));
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Configure node as replica of " + addr(seventh) + ".\n",
            "[OK] New node added correctly.\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> call(eighth, "ROLE").startsWith("slave"));
        List<RealRedis> all = new ArrayList<>(NODES);
        all.addAll(EXTRA);
        AdminHarness.awaitStable(all, 8);
        assertThat(call(eighth, "CLUSTER", "NODES")).contains("myself,slave " + myId(seventh));
    }

    @Test
    @Order(6)
    void rebalanceWithEmptyMasters() {
        // Empty one master first so that rebalance has an empty master to fill.
        RealRedis seventh = EXTRA.get(0);
        String other = otherMaster(myId(seventh));
        AdminHarness.Result empty = admin("--cluster", "reshard", ref(), "--cluster-from", myId(seventh),
            "--cluster-to", other, "--cluster-slots", "16384", "--cluster-yes");
        assertOk(empty);
        assertThat(AdminHarness.ownSlots(seventh)).isZero();
        List<RealRedis> all = new ArrayList<>(NODES);
        all.addAll(EXTRA);
        AdminHarness.awaitStable(all, 8);
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result sim = admin("--cluster", "rebalance", ref(), "--cluster-use-empty-masters",
            "--cluster-simulate");
        assertOk(sim);
        assertThat(sim.stdout()).contains(">>> Rebalancing across 4 nodes. Total weight = 4.00\n");
        assertThat(AdminHarness.ownSlots(seventh)).isZero();
        AdminHarness.Result r = admin("--cluster", "rebalance", ref(), "--cluster-use-empty-masters");
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Rebalancing across 4 nodes. Total weight = 4.00\n", "Moving ");
        assertThat(AdminHarness.ownSlots(seventh)).isBetween(4095, 4097);
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result none = admin("--cluster", "rebalance", ref());
        assertOk(none);
        assertThat(none.stdout()).contains("*** No rebalancing needed! All nodes are within the 2.00% threshold.\n");
    }

    @Test
    @Order(7)
    void delNodeReplicaThenEmptiedMaster() {
        RealRedis seventh = EXTRA.get(0);
        RealRedis eighth = EXTRA.get(1);
        String replicaId = myId(eighth);
        AdminHarness.Result r = admin("--cluster", "del-node", ref(), replicaId);
        assertOk(r);
        assertThat(r.stdout()).contains(">>> Removing node " + replicaId + " from cluster " + ref() + "\n",
            ">>> Sending CLUSTER FORGET messages to the cluster...\n",
            ">>> Sending CLUSTER RESET SOFT to the deleted node.\n");
        assertThat(call(NODES.get(0), "CLUSTER", "NODES")).doesNotContain(replicaId);
        String masterId = myId(seventh);
        AdminHarness.Result refused = admin("--cluster", "del-node", ref(), masterId);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stdout()).contains("[ERR] Node " + addr(seventh)
            + " is not empty! Reshard data away and try again.\n");
        AdminHarness.Result empty = admin("--cluster", "reshard", ref(), "--cluster-from", masterId,
            "--cluster-to", otherMaster(masterId), "--cluster-slots", "16384", "--cluster-yes");
        assertOk(empty);
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result del = admin("--cluster", "del-node", ref(), masterId);
        assertOk(del);
        assertThat(call(NODES.get(0), "CLUSTER", "NODES")).doesNotContain(masterId);
        AdminHarness.awaitStable(NODES, 6);
        AdminHarness.awaitAgreement(ref());
    }

    @Test
    @Order(8)
    void importFromStandalone() {
        try (RealRedis standalone = RealRedis.start()) {
            for (int i = 0; i < 200; i++) {
                call(standalone, "SET", "imp:" + i, "val" + i);
            }
            call(standalone, "RPUSH", "imp:list", "a", "b", "c");
            call(standalone, "HSET", "imp:hash", "f", "v");
            AdminHarness.Result r = admin("--cluster", "import", ref(), "--cluster-from", addr(standalone),
                "--cluster-copy");
            assertOk(r);
            assertThat(r.stdout()).contains(">>> Importing data from " + addr(standalone) + " to cluster " + ref()
                + "\n", "*** Importing 202 keys from DB 0\n", "Migrating imp:list to ");
            assertThat(call(standalone, "DBSIZE")).isEqualTo("202");
            Set<HostAndPort> seeds = Set.of(new HostAndPort("127.0.0.1", NODES.get(0).port()));
            try (JedisCluster jc = new JedisCluster(seeds)) {
                for (int i = 0; i < 200; i++) {
                    assertThat(jc.get("imp:" + i)).isEqualTo("val" + i);
                }
                assertThat(jc.lrange("imp:list", 0, -1)).containsExactly("a", "b", "c");
                assertThat(jc.hget("imp:hash", "f")).isEqualTo("v");
            }
            AdminHarness.Result busy = admin("--cluster", "import", ref(), "--cluster-from", addr(standalone));
            assertThat(busy.exitCode()).isEqualTo(1);
            assertThat(busy.stdout()).contains("replied with error:\nERR Target instance replied with error: BUSYKEY Target key name already exists.\n");
            AdminHarness.Result replace = admin("--cluster", "import", ref(), "--cluster-from", addr(standalone),
                "--cluster-replace");
            assertOk(replace);
            assertThat(call(standalone, "DBSIZE")).isEqualTo("0");
        }
    }
}
