package io.hashslot.testkit.admin;

import static io.hashslot.testkit.admin.AdminHarness.addr;
import static io.hashslot.testkit.admin.AdminHarness.assertOk;
import static io.hashslot.testkit.admin.AdminHarness.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.RunningNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fix with a master down (its slots uncovered as the tool sees the cluster): without
 * --cluster-fix-with-unreachable-masters fix refuses with redis-cli's warning and assigns nothing (the same output
 * as Debian's redis-cli); with it, after a typed "yes", the reachable masters take the slots. On Hashslot nodes and
 * on redis-server nodes.
 */
class ClusterAdminUnreachableTest {
    @ParameterizedTest(name = "hashslot nodes: {0}")
    @ValueSource(booleans = {true, false})
    void fixWithUnreachableMasterOnlyWithTheOption(boolean hashslotNodes) {
        if (!hashslotNodes) {
            Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        }
        List<RunningNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(hashslotNodes ? AdminHarness.startHashslotNode() : AdminHarness.startNode());
            }
            AdminHarness.createMasters(nodes);
            RunningNode down = nodes.get(2);
            int downSlots = AdminHarness.ownSlots(down);
            int firstDown = AdminHarness.firstSlot(down);
            down.close();
            nodes.remove(down);
            List<RunningNode> live = new ArrayList<>(nodes);
            String ref = addr(live.get(0));
            int[] before = {AdminHarness.ownSlots(live.get(0)), AdminHarness.ownSlots(live.get(1))};
            String warning = "*** Fixing slots coverage with 1 unreachable masters is dangerous: redis-cli will "
                + "assume that slots about masters that are not reachable are not covered, and will try to reassign "
                + "them to the reachable nodes. This can cause data loss and is rarely what you want to do. If you "
                + "really want to proceed use the --cluster-fix-with-unreachable-masters option.\n";

            AdminHarness.Result refused = AdminHarness.adminWithInput("yes\n", "--cluster", "fix", ref);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stdout()).contains("[ERR] Not all 16384 slots are covered by nodes.\n")
                .endsWith(warning).doesNotContain(">>> Covering slot");
            assertThat(refused.stderr()).contains("Could not connect to Redis at " + addr(down));
            if (RedisCli.available()) {
                AdminHarness.Result theirs = AdminHarness.Tool.REDIS_CLI.runWithInput("yes\n", "--cluster", "fix", ref);
                assertThat(theirs.exitCode()).isEqualTo(1);
                assertThat(refused.stdout()).isEqualTo(theirs.stdout());
            }
            assertThat(new int[] {AdminHarness.ownSlots(live.get(0)), AdminHarness.ownSlots(live.get(1))})
                .containsExactly(before);

            AdminHarness.Result fixed = AdminHarness.adminWithInput("yes\n", "--cluster", "fix", ref,
                "--cluster-fix-with-unreachable-masters");
            assertOk(fixed);
            assertThat(fixed.stdout()).doesNotContain(warning).contains(">>> Fixing slots coverage...\n",
                "The following uncovered slots have no keys across the cluster:\n",
                "Fix these slots by covering with a random node? (type 'yes' to accept): ",
                ">>> Covering slot " + firstDown + " with ");
            assertThat(AdminHarness.ownSlots(live.get(0)) + AdminHarness.ownSlots(live.get(1)))
                .isEqualTo(before[0] + before[1] + downSlots).isEqualTo(16384);
            AdminHarness.awaitAgreement(ref);
            AdminHarness.Result check = AdminHarness.admin("--cluster", "check", ref);
            assertOk(check);
            assertThat(check.stdout()).contains("[OK] All 16384 slots covered.\n");
            assertThat(call(live.get(1), "CLUSTER", "INFO")).contains("cluster_slots_assigned:16384");
        } finally {
            AdminHarness.closeAll(nodes);
        }
    }
}
