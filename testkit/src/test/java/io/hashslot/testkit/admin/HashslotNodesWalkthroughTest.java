package io.hashslot.testkit.admin;

import io.hashslot.testkit.RunningNode;
import io.hashslot.testkit.TestNode;

/** The walkthrough ({@link AdminWalkthrough}) with our admin tool against in-process Hashslot cluster nodes. */
class HashslotNodesWalkthroughTest extends AdminWalkthrough {
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
        return AdminHarness.Tool.OURS;
    }

    @Override
    void assumeAvailable() {
        // everything runs in this JVM
    }
}
