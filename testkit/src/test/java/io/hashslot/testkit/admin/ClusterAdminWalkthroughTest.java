package io.hashslot.testkit.admin;

import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.RunningNode;
import org.junit.jupiter.api.Assumptions;

/** The walkthrough ({@link AdminWalkthrough}) with our admin tool against real redis-server 7.0 nodes. */
class ClusterAdminWalkthroughTest extends AdminWalkthrough {
    @Override
    RunningNode startNode() {
        return AdminHarness.startNode();
    }

    @Override
    RunningNode startStandalone() {
        return RealRedis.start();
    }

    @Override
    AdminHarness.Tool tool() {
        return AdminHarness.Tool.OURS;
    }

    @Override
    void assumeAvailable() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
    }
}
