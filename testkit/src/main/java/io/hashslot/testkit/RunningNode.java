package io.hashslot.testkit;

/**
 * A server a test started and talks to over a loopback port: a real redis-server ({@link RealRedis}) or an
 * in-process Hashslot node ({@link TestNode}), so one scenario can run against either.
 */
public interface RunningNode extends AutoCloseable {
    int port();

    @Override
    void close();
}
