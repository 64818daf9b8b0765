package io.hashslot.testkit.admin;

/** The walkthrough ({@link AdminWalkthrough}) with our admin tool against in-process Hashslot cluster nodes. */
class HashslotNodesWalkthroughTest extends AdminWalkthrough {
    HashslotNodesWalkthroughTest() {
        super(true, AdminHarness.Tool.OURS);
    }
}
