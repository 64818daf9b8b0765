package io.hashslot.testkit.admin;

import io.hashslot.testkit.RedisCli;
import io.hashslot.testkit.RunningNode;
import io.hashslot.testkit.TestNode;
import org.junit.jupiter.api.Assumptions;

/**
 * The walkthrough ({@link AdminWalkthrough}) with Debian's {@code redis-cli --cluster} against in-process Hashslot
 * cluster nodes: the nodes must serve the slot migration redis-cli drives (SETSLOT, GETKEYSINSLOT, MIGRATE).
 */
class RedisCliHashslotWalkthroughTest extends AdminWalkthrough {
    @Override
    RunningNode startNode() {
        return AdminHarness.startHashslotNode();
    }

    @Override
    RunningNode startStandalone() {
        return TestNode.start();
    }

    @Override
    AdminHarness.Tool tool() {
        return AdminHarness.Tool.REDIS_CLI;
    }

    @Override
    void assumeAvailable() {
        Assumptions.assumeTrue(RedisCli.available(), RedisCli.unavailableMessage());
    }
}
