package io.hashslot.testkit.multi;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.TestNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every {@link WatchScenarios} scenario on a node: the final EXEC replies as the scenario states. */
class WatchScenariosTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @TestFactory
    Stream<DynamicTest> lastReplyAsStated() {
        NodeTarget ours = new NodeTarget(node);
        return WatchScenarios.all().stream().map(s -> DynamicTest.dynamicTest(s.name, () -> {
            var transcript = s.run(ours);
            assertThat(Scenario.reply(transcript.get(transcript.size() - 1))).as(String.join("\n", transcript))
                .isEqualTo(s.expectedLast());
        }));
    }
}
