package io.hashslot.testkit.admin;

import static io.hashslot.testkit.admin.AdminHarness.addr;
import static io.hashslot.testkit.admin.AdminHarness.admin;
import static io.hashslot.testkit.admin.AdminHarness.adminWithInput;
import static io.hashslot.testkit.admin.AdminHarness.assertOk;
import static io.hashslot.testkit.admin.AdminHarness.call;
import static io.hashslot.testkit.admin.AdminHarness.myId;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.common.HashSlot;
import io.hashslot.testkit.RealRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster fix} against a real 3-master redis-server 7.0 cluster, each broken state built by hand with
 * CLUSTER SETSLOT / DELSLOTS / ASKING: slot open on the source only, on the target only, on both (half-migrated),
 * slot owned by nobody (with and without keys), keys in a node that does not own the slot.
 */
class ClusterAdminFixTest {
    private static final List<RealRedis> NODES = new ArrayList<>();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        NODES.addAll(AdminHarness.startNodes(3));
        AdminHarness.createMasters(NODES);
    }

    @AfterAll
    static void stop() {
        AdminHarness.closeAll(NODES);
    }

    private static String ref() {
        return addr(NODES.get(0));
    }

    static RealRedis owner(int slot) {
        for (String line : call(NODES.get(0), "CLUSTER", "NODES").split("\n")) {
            String[] f = line.split(" ");
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                String[] r = f[i].split("-");
                int a = Integer.parseInt(r[0]);
                int b = r.length > 1 ? Integer.parseInt(r[1]) : a;
                if (slot >= a && slot <= b) {
                    for (RealRedis n : NODES) {
                        if (myId(n).equals(f[0])) {
                            return n;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("slot " + slot + " has no owner");
    }

    static RealRedis other(RealRedis not) {
        for (RealRedis n : NODES) {
            if (n != not) {
                return n;
            }
        }
        throw new IllegalStateException();
    }

    static List<String> keysFor(int slot, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String k = "key:" + i;
            if (HashSlot.of(k.getBytes(StandardCharsets.UTF_8)) == slot) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static void setKeys(RealRedis node, List<String> keys, boolean asking) {
        for (String k : keys) {
            if (asking) {
                try (var c = new io.hashslot.testkit.RawClient(node.port())) {
                    c.call("ASKING");
                    assertThat(AdminHarness.text(c.call("SET", k, "v-" + k))).isEqualTo("OK");
                }
            } else {
                assertThat(call(node, "SET", k, "v-" + k)).isEqualTo("OK");
            }
        }
    }

    private static void assertFixedWithKeys(int slot, List<String> keys) {
        AdminHarness.awaitAgreement(ref());
        RealRedis o = owner(slot);
        assertThat(call(o, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))).isEqualTo(
            Integer.toString(keys.size()));
        for (String k : keys) {
            assertThat(call(o, "GET", k)).isEqualTo("v-" + k);
        }
        for (RealRedis n : NODES) {
            if (n != o) {
                assertThat(call(n, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))).isEqualTo("0");
            }
        }
    }

    @Test
    void interactiveReshardAsksLikeRedisCli() {
        RealRedis target = owner(16000);
        RealRedis source = owner(0);
        AdminHarness.Result r = adminWithInput("0\n20\nnonsense\n", "--cluster", "reshard", ref());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).endsWith("[OK] All 16384 slots covered.\n"
            + "How many slots do you want to move (from 1 to 16384)? "
            + "How many slots do you want to move (from 1 to 16384)? What is the receiving node ID? "
            + "*** The specified node (nonsense) is not known or not a master, please retry.\n");
        AdminHarness.Result again = adminWithInput("20\n" + myId(target) + "\n" + myId(source) + "\n" + "done\n"
            + "yes\n", "--cluster", "reshard", ref());
        assertOk(again);
        assertThat(again.stdout()).contains("What is the receiving node ID? Please enter all the source node IDs.\n"
            + "  Type 'all' to use all the nodes as source nodes for the hash slots.\n"
            + "  Type 'done' once you entered all the source nodes IDs.\n"
            + "Source node #1: Source node #2: \nReady to move 20 slots.\n  Source nodes:\n    M: " + myId(source)
            + " " + addr(source) + "\n", "  Destination node:\n    M: " + myId(target) + " " + addr(target) + "\n",
            "  Resharding plan:\n    Moving slot 0 from " + myId(source) + "\n",
            "Do you want to proceed with the proposed reshard plan (yes/no)? Moving slot 0 from " + addr(source)
                + " to " + addr(target) + ": \n");
        AdminHarness.awaitAgreement(ref());
        assertThat(owner(19)).isSameAs(target);
        AdminHarness.Result back = admin("--cluster", "reshard", ref(), "--cluster-from", myId(target),
            "--cluster-to", myId(source), "--cluster-slots", "20", "--cluster-yes");
        assertOk(back);
        AdminHarness.awaitAgreement(ref());
    }

    @Test
    void helpAndUsageErrorsMatchRedisCli() {
        Assumptions.assumeTrue(io.hashslot.testkit.RedisCli.available(), "redis-cli not installed");
        for (String[] args : new String[][] {{"--cluster", "help"}, {"--cluster", "nosuch"},
            {"--cluster", "check"}, {"--cluster", "add-node", "127.0.0.1:1"}, {"--cluster", "check", "nohost"}}) {
            AdminHarness.Result ours = admin(args);
            var theirs = io.hashslot.testkit.RedisCli.run(NODES.get(0).port(), args);
            assertThat(ours.exitCode()).as(String.join(" ", args)).isEqualTo(theirs.exitCode());
            assertThat(ours.stdout()).as(String.join(" ", args)).isEqualTo(theirs.stdout());
            assertThat(ours.stderr()).as(String.join(" ", args)).isEqualTo(theirs.stderr());
        }
    }

    @Test
    void callSetTimeoutAndBackupMatchRedisCli() throws Exception {
        Assumptions.assumeTrue(io.hashslot.testkit.RedisCli.available(), "redis-cli not installed");
        for (String[] args : new String[][] {{"--cluster", "call", ref(), "CLUSTER", "COUNTKEYSINSLOT", "1"},
            {"--cluster", "call", ref(), "NOSUCHCOMMAND"}, {"--cluster", "call", ref(), "CONFIG", "GET", "port",
                "--cluster-only-masters"}, {"--cluster", "set-timeout", ref(), "4000"},
            {"--cluster", "set-timeout", ref(), "50"}, {"--cluster", "info", ref()}}) {
            AdminHarness.Result ours = AdminHarness.adminWithEnv(args);
            var theirs = io.hashslot.testkit.RedisCli.run(NODES.get(0).port(), args);
            assertThat(ours.exitCode()).as(String.join(" ", args)).isEqualTo(theirs.exitCode());
            assertThat(ours.stdout()).as(String.join(" ", args)).isEqualTo(theirs.stdout());
            assertThat(ours.stderr()).as(String.join(" ", args)).isEqualTo(theirs.stderr());
        }
        java.nio.file.Path mine = java.nio.file.Files.createTempDirectory("admin-backup-");
        java.nio.file.Path theirsDir = java.nio.file.Files.createTempDirectory("cli-backup-");
        try {
            AdminHarness.Result ours = admin("--cluster", "backup", ref(), mine.toString());
            assertOk(ours);
            var theirs = io.hashslot.testkit.RedisCli.run(NODES.get(0).port(), "--cluster", "backup", ref(),
                theirsDir.toString());
            assertThat(theirs.exitCode()).isZero();
            assertThat(java.nio.file.Files.readString(mine.resolve("nodes.json")))
                .isEqualTo(java.nio.file.Files.readString(theirsDir.resolve("nodes.json")));
            for (RealRedis n : NODES) {
                String rdb = "redis-node-127.0.0.1-" + n.port() + "-" + myId(n) + ".rdb";
                byte[] data = java.nio.file.Files.readAllBytes(mine.resolve(rdb));
                assertThat(new String(data, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("REDIS");
                assertThat(java.nio.file.Files.exists(theirsDir.resolve(rdb))).isTrue();
            }
            assertThat(ours.stdout()).contains("[OK] Backup created into: " + mine + "\n");
        } finally {
            io.hashslot.testkit.TempDirs.deleteQuietly(mine);
            io.hashslot.testkit.TempDirs.deleteQuietly(theirsDir);
        }
    }

    @Test
    void slotOpenOnSourceOnly() {
        int slot = 100;
        RealRedis src = owner(slot);
        RealRedis dst = other(src);
        List<String> keys = keysFor(slot, 3);
        setKeys(src, keys, false);
        assertThat(call(src, "CLUSTER", "SETSLOT", "100", "MIGRATING", myId(dst))).isEqualTo("OK");
        AdminHarness.Result check = admin("--cluster", "check", ref());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout()).contains("[WARNING] Node " + addr(src) + " has slots in migrating state 100.\n",
            "[WARNING] The following slots are open: 100.\n");
        AdminHarness.Result fix = admin("--cluster", "fix", ref());
        assertOk(fix);
        assertThat(fix.stdout()).contains(">>> Fixing open slot 100\n", "Set as migrating in: " + addr(src) + "\n",
            ">>> Case 4: Closing slot 100 on " + addr(src) + "\n");
        assertFixedWithKeys(slot, keys);
    }

    @Test
    void slotOpenOnTargetOnlyWithKeysThere() {
        int slot = 6000;
        RealRedis src = owner(slot);
        RealRedis dst = other(src);
        List<String> keysSrc = keysFor(slot, 4).subList(0, 2);
        List<String> keysDst = keysFor(slot, 4).subList(2, 4);
        setKeys(src, keysSrc, false);
        assertThat(call(dst, "CLUSTER", "SETSLOT", "6000", "IMPORTING", myId(src))).isEqualTo("OK");
        setKeys(dst, keysDst, true);
        AdminHarness.Result fix = admin("--cluster", "fix", ref());
        assertOk(fix);
        assertThat(fix.stdout()).contains(">>> Fixing open slot 6000\n", "Set as importing in: " + addr(dst) + "\n",
            ">>> Case 2: Moving all the 6000 slot keys to its owner " + addr(src) + "\n",
            "Moving slot 6000 from " + addr(dst) + " to " + addr(src) + ": ..\n",
            ">>> Setting 6000 as STABLE in " + addr(dst) + "\n");
        List<String> all = new ArrayList<>(keysSrc);
        all.addAll(keysDst);
        assertFixedWithKeys(slot, all);
    }

    @Test
    void slotOpenOnBothHalfMigrated() {
        int slot = 12000;
        RealRedis src = owner(slot);
        RealRedis dst = other(src);
        List<String> keys = keysFor(slot, 6);
        setKeys(src, keys, false);
        assertThat(call(dst, "CLUSTER", "SETSLOT", "12000", "IMPORTING", myId(src))).isEqualTo("OK");
        assertThat(call(src, "CLUSTER", "SETSLOT", "12000", "MIGRATING", myId(dst))).isEqualTo("OK");
        assertThat(call(src, "MIGRATE", "127.0.0.1", Integer.toString(dst.port()), "", "0", "5000", "KEYS",
            keys.get(0), keys.get(1), keys.get(2))).isEqualTo("OK");
        AdminHarness.Result fix = admin("--cluster", "fix", ref());
        assertOk(fix);
        assertThat(fix.stdout()).contains("Set as migrating in: " + addr(src) + "\n",
            "Set as importing in: " + addr(dst) + "\n",
            ">>> Case 1: Moving slot 12000 from " + addr(src) + " to " + addr(dst) + "\n",
            "Moving slot 12000 from " + addr(src) + " to " + addr(dst) + ": ...\n");
        assertFixedWithKeys(slot, keys);
        assertThat(owner(slot)).isSameAs(dst);
    }

    @Test
    void slotsOwnedByNobody() {
        RealRedis o = owner(200);
        List<String> keys = keysFor(201, 2);
        setKeys(o, keys, false);
        for (RealRedis n : NODES) {
            assertThat(call(n, "CLUSTER", "DELSLOTS", "200", "201")).isEqualTo("OK");
        }
        AdminHarness.Result check = admin("--cluster", "check", ref());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout()).contains("[ERR] Not all 16384 slots are covered by nodes.\n\n");
        AdminHarness.Result refused = admin("--cluster", "fix", ref());
        assertThat(refused.stdout()).contains("The following uncovered slots have no keys across the cluster:\n"
            + "[200]\nFix these slots by covering with a random node? (type 'yes' to accept): ");
        AdminHarness.Result fix = adminWithInput("yes\nyes\n", "--cluster", "fix", ref(), "--cluster-yes");
        assertOk(fix);
        assertThat(fix.stdout()).contains(">>> Fixing slots coverage...\n",
            "The following uncovered slots have keys in just one node:\n[201]\n",
            ">>> Covering slot 201 with " + addr(o) + "\n");
        assertFixedWithKeys(201, keys);
        assertThat(owner(201)).isSameAs(o);
        owner(200);
    }

    @Test
    void uncoveredSlotWithKeysInTwoNodes() {
        int slot = 300;
        RealRedis o = owner(slot);
        RealRedis stray = other(o);
        List<String> keys = keysFor(slot, 5);
        setKeys(o, keys.subList(0, 3), false);
        assertThat(call(stray, "CLUSTER", "SETSLOT", "300", "IMPORTING", myId(o))).isEqualTo("OK");
        setKeys(stray, keys.subList(3, 5), true);
        assertThat(call(stray, "CLUSTER", "SETSLOT", "300", "STABLE")).isEqualTo("OK");
        for (RealRedis n : NODES) {
            assertThat(call(n, "CLUSTER", "DELSLOTS", "300")).isEqualTo("OK");
        }
        AdminHarness.Result fix = adminWithInput("yes\n", "--cluster", "fix", ref());
        assertOk(fix);
        assertThat(fix.stdout()).contains("The following uncovered slots have keys in multiple nodes:\n[300]\n"
            + "Fix these slots by moving keys into a single node? (type 'yes' to accept): "
            + ">>> Covering slot 300 moving keys to " + addr(o) + "\n",
            "Moving slot 300 from " + addr(stray) + " to " + addr(o) + ": ..\n");
        assertFixedWithKeys(slot, keys);
        assertThat(owner(slot)).isSameAs(o);
    }

    @Test
    void redisTribSpellingsAreAccepted() {
        RealRedis a = owner(7000);
        RealRedis b = other(a);
        AdminHarness.Result r = admin("--cluster", "reshard", ref(), "--from", myId(a), "--to", myId(b), "--slots",
            "3", "--yes", "--timeout", "5000", "--pipeline", "5");
        assertOk(r);
        assertThat(r.stdout()).contains("\nReady to move 3 slots.\n");
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result back = admin("--cluster", "reshard", ref(), "--cluster-from", myId(b), "--cluster-to",
            myId(a), "--cluster-slots", "3", "--cluster-yes");
        assertOk(back);
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result sim = admin("--cluster", "rebalance", ref(), "--weight", myId(a).substring(0, 10) + "=2",
            "--simulate", "--threshold", "1");
        assertOk(sim);
        assertThat(sim.stdout()).contains(">>> Rebalancing across 3 nodes. Total weight = 4.00\n");
        // redis-trib declared --auto-weights for rebalance but never used it: accepted, takes no value, no effect
        AdminHarness.Result auto = admin("--cluster", "rebalance", ref(), "--weight", myId(a).substring(0, 10) + "=2",
            "--auto-weights", "--simulate", "--threshold", "1");
        assertOk(auto);
        assertThat(auto.stdout()).isEqualTo(sim.stdout());
        assertThat(auto.stderr()).isEmpty();
    }

    /** The lowest slot {@code node} owns. */
    static int firstSlotOf(RealRedis node) {
        for (String line : call(node, "CLUSTER", "NODES").split("\n")) {
            if (line.contains("myself")) {
                return Integer.parseInt(line.split(" ")[8].split("-")[0]);
            }
        }
        throw new IllegalStateException();
    }

    private static void strayKey(RealRedis stray, RealRedis owner, int slot, String key, String value) {
        assertThat(call(stray, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", myId(owner)))
            .isEqualTo("OK");
        try (var c = new io.hashslot.testkit.RawClient(stray.port())) {
            c.call("ASKING");
            assertThat(AdminHarness.text(c.call("SET", key, value))).isEqualTo("OK");
        }
        assertThat(call(stray, "CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE")).isEqualTo("OK");
    }

    @Test
    void reshardWithTargetKeysSameValueDifferentValueAndReplace() {
        RealRedis a = owner(4000);
        RealRedis b = other(a);
        int s1 = firstSlotOf(a);
        String k1 = keysFor(s1, 1).get(0);
        assertThat(call(a, "SET", k1, "same")).isEqualTo("OK");
        strayKey(b, a, s1, k1, "same");
        AdminHarness.Result r = admin("--cluster", "reshard", ref(), "--cluster-from", myId(a), "--cluster-to",
            myId(b), "--cluster-slots", "1", "--cluster-yes");
        assertOk(r);
        assertThat(r.stdout()).contains("Moving slot " + s1 + " from " + addr(a) + " to " + addr(b) + ": \n"
            + "*** Target key exists\n*** Checking key values on both nodes...\n*** Replacing target keys...\n.\n");
        AdminHarness.awaitAgreement(ref());
        assertThat(call(b, "GET", k1)).isEqualTo("same");
        assertThat(call(a, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(s1))).isEqualTo("0");

        int s2 = firstSlotOf(a);
        String k2 = keysFor(s2, 1).get(0);
        assertThat(call(a, "SET", k2, "source")).isEqualTo("OK");
        strayKey(b, a, s2, k2, "target");
        AdminHarness.Result differ = admin("--cluster", "reshard", ref(), "--cluster-from", myId(a), "--cluster-to",
            myId(b), "--cluster-slots", "1", "--cluster-yes");
        assertThat(differ.exitCode()).isEqualTo(1);
        assertThat(differ.stdout()).contains("*** Found 1 key(s) in both source node and target node having "
            + "different values.\n    Source node: " + addr(a) + "\n    Target node: " + addr(b)
            + "\n    Keys(s):\n    - " + k2 + "\nPlease fix the above key(s) manually and try again or relaunch "
            + "the command \nwith --cluster-replace option to force key overriding.\n");
        AdminHarness.Result fix = admin("--cluster", "fix", ref(), "--cluster-replace");
        assertOk(fix);
        assertThat(fix.stdout()).contains(">>> Case 1: Moving slot " + s2 + " from " + addr(a) + " to " + addr(b)
            + "\n", "*** Replacing target keys...\n");
        AdminHarness.awaitAgreement(ref());
        assertThat(call(b, "GET", k2)).isEqualTo("source");
        assertThat(owner(s2)).isSameAs(b);
        AdminHarness.Result back = admin("--cluster", "reshard", ref(), "--cluster-from", myId(b), "--cluster-to",
            myId(a), "--cluster-slots", "2", "--cluster-yes");
        assertOk(back);
        AdminHarness.awaitAgreement(ref());
    }

    /**
     * Our tool sends the MIGRATEs of many batches at once: a batch answered BUSYKEY in the middle is compared and
     * sent again with REPLACE after the others, and every key still arrives.
     */
    @Test
    void targetKeyInOneOfManyBatches() {
        RealRedis a = owner(4000);
        RealRedis b = other(a);
        int slot = firstSlotOf(a);
        List<String> keys = keysFor(slot, 25);
        for (String k : keys) {
            assertThat(call(a, "SET", k, "v-" + k)).isEqualTo("OK");
        }
        strayKey(b, a, slot, keys.get(12), "v-" + keys.get(12));
        AdminHarness.Result r = admin("--cluster", "reshard", ref(), "--cluster-from", myId(a), "--cluster-to",
            myId(b), "--cluster-slots", "1", "--cluster-yes", "--cluster-pipeline", "5");
        assertOk(r);
        Matcher m = Pattern.compile(Pattern.quote("Moving slot "
            + slot + " from " + addr(a) + " to " + addr(b) + ": ") + "((?:\\.{5})*)\n"
            + Pattern.quote("*** Target key exists\n*** Checking key values on both nodes...\n"
            + "*** Replacing target keys...\n") + "((?:\\.{5})+)\n").matcher(r.stdout());
        assertThat(m.find()).as(r.stdout()).isTrue();
        assertThat(m.group(1).length() + m.group(2).length()).isEqualTo(25);
        AdminHarness.awaitAgreement(ref());
        assertThat(call(a, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))).isEqualTo("0");
        assertThat(call(b, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))).isEqualTo("25");
        for (String k : keys) {
            assertThat(call(b, "GET", k)).isEqualTo("v-" + k);
        }
        AdminHarness.Result back = admin("--cluster", "reshard", ref(), "--cluster-from", myId(b), "--cluster-to",
            myId(a), "--cluster-slots", "1", "--cluster-yes");
        assertOk(back);
        AdminHarness.awaitAgreement(ref());
        for (String k : keys) {
            assertThat(call(a, "DEL", k)).isEqualTo("1");
        }
    }

    @Test
    void keysInNodeNotOwningTheSlot() {
        int slot = 9000;
        RealRedis o = owner(slot);
        RealRedis stray = other(o);
        List<String> keys = keysFor(slot, 5);
        setKeys(o, keys.subList(0, 3), false);
        assertThat(call(stray, "CLUSTER", "SETSLOT", "9000", "IMPORTING", myId(o))).isEqualTo("OK");
        setKeys(stray, keys.subList(3, 5), true);
        assertThat(call(stray, "CLUSTER", "SETSLOT", "9000", "STABLE")).isEqualTo("OK");
        AdminHarness.Result plain = admin("--cluster", "check", ref());
        assertOk(plain);
        AdminHarness.Result check = admin("--cluster", "check", ref(), "--cluster-search-multiple-owners");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout()).contains(">>> Check for multiple slot owners...\n",
            "[WARNING] Slot 9000 has 2 owners:\n");
        if (io.hashslot.testkit.RedisCli.available()) {
            // Debian's redis-cli stops here: its MIGRATE from the stray node is answered with MOVED.
            var theirs = io.hashslot.testkit.RedisCli.run(NODES.get(0).port(), "--cluster", "fix", ref(),
                "--cluster-search-multiple-owners");
            assertThat(theirs.exitCode()).isEqualTo(1);
            assertThat(theirs.stdout()).contains("MOVED 9000 ");
        }
        AdminHarness.Result fix = admin("--cluster", "fix", ref(), "--cluster-search-multiple-owners");
        assertOk(fix);
        assertThat(fix.stdout()).contains(">>> Fixing multiple owners for slot 9000...\n",
            ">>> Setting slot 9000 owner: " + addr(o) + "\n");
        assertFixedWithKeys(slot, keys);
    }
}
