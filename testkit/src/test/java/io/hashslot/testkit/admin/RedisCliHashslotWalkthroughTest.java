package io.hashslot.testkit.admin;

/**
 * The walkthrough ({@link AdminWalkthrough}) with Debian's {@code redis-cli --cluster} against in-process Hashslot
 * cluster nodes: the nodes must serve the slot migration redis-cli drives (SETSLOT, GETKEYSINSLOT, MIGRATE).
 */
class RedisCliHashslotWalkthroughTest extends AdminWalkthrough {
    RedisCliHashslotWalkthroughTest() {
        super(true, AdminHarness.Tool.REDIS_CLI);
    }
}
