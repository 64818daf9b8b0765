package io.hashslot.testkit.admin;

/** The walkthrough ({@link AdminWalkthrough}) with our admin tool against real redis-server 7.0 nodes. */
class ClusterAdminWalkthroughTest extends AdminWalkthrough {
    ClusterAdminWalkthroughTest() {
        super(false, AdminHarness.Tool.OURS);
    }
}
