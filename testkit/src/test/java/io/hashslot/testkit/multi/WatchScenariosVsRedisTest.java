package io.hashslot.testkit.multi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every {@link WatchScenarios} scenario on real redis-server 7.0 and on a node: transcripts byte-identical. */
class WatchScenariosVsRedisTest {
    private static RealRedis redis;
    private static TestNode node;

    @BeforeAll
    static void start() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        redis = RealRedis.start();
        node = TestNode.start();
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

    private static Scenario.Target real() {
        return new Scenario.Target() {
            @Override
            public int port() {
                return redis.port();
            }

            @Override
            public void activeExpire(boolean enabled) {
                try (RawClient c = new RawClient(redis.port())) {
                    c.call("DEBUG", "SET-ACTIVE-EXPIRE", enabled ? "1" : "0");
                }
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> sameTranscriptAsRedis() {
        NodeTarget ours = new NodeTarget(node);
        return WatchScenarios.all().stream().map(s -> DynamicTest.dynamicTest(s.name, () -> {
            var expected = s.run(real());
            var actual = s.run(ours);
            assertThat(actual).isEqualTo(expected);
            assertThat(Scenario.reply(expected.get(expected.size() - 1))).as("real Redis agrees with the "
                + "scenario's stated outcome").isEqualTo(s.expectedLast());
        }));
    }
}
