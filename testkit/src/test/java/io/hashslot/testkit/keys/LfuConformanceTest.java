package io.hashslot.testkit.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.ConformanceCase;
import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * OBJECT FREQ / IDLETIME with an LFU eviction policy: the cases of conformance-lfu/ run against a real
 * redis-server and a Hashslot node both started with maxmemory-policy allkeys-lfu; replies must be identical.
 */
class LfuConformanceTest {
    private static RealRedis redis;
    private static TestNode node;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start("--maxmemory-policy", "allkeys-lfu");
        node = TestNode.start("maxmemory-policy", "allkeys-lfu");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> cases() {
        ConformanceRunner runner = new ConformanceRunner(redis.port(), node.port());
        return ConformanceCase.load("conformance-lfu/object-lfu.txt").stream()
            .map(c -> DynamicTest.dynamicTest(c.name(), () -> assertThat(runner.run(c)).as("first difference")
                .isNull()));
    }
}
