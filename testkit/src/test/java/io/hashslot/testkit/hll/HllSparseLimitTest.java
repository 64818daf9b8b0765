package io.hashslot.testkit.hll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashslot.testkit.ConformanceCase;
import io.hashslot.testkit.ConformanceRunner;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The cases of hll/sparse-limits.txt, each run against a real redis-server and a Hashslot node both started with
 * the hll-sparse-max-bytes its name gives ("limit N: ..."); replies must be byte-identical. This covers sparse to
 * dense promotion at limits other than the default without relying on CONFIG SET.
 */
class HllSparseLimitTest {
    private static final Pattern LIMIT = Pattern.compile("limit (\\d+):.*");

    @TestFactory
    Stream<DynamicTest> cases() {
        assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        List<ConformanceCase> cases = ConformanceCase.load("hll/sparse-limits.txt");
        assertThat(cases).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Matcher m = LIMIT.matcher(c.name());
            assertThat(m.matches()).as("case name must start with 'limit N:'").isTrue();
            String limit = m.group(1);
            try (RealRedis redis = RealRedis.start("--hll-sparse-max-bytes", limit);
                 TestNode node = TestNode.start("hll-sparse-max-bytes", limit)) {
                String diff = new ConformanceRunner(redis.port(), node.port()).run(c);
                assertThat(diff).as("first difference").isNull();
            }
        }));
    }
}
