package io.hashslot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case under src/test/resources/conformance/ sent to a real redis-server 7.0 and to a Hashslot node; the
 * replies must be byte-identical. Select one file with -Dconformance.file=strings.txt.
 */
class ConformanceTest {
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

    static List<String> caseFiles() throws IOException, URISyntaxException {
        String only = System.getProperty("conformance.file");
        if (only != null && !only.isEmpty()) {
            return List.of(only);
        }
        URL dir = ConformanceTest.class.getClassLoader().getResource("conformance");
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> cases() throws IOException, URISyntaxException {
        ConformanceRunner runner = new ConformanceRunner(redis.port(), node.port());
        return ConformanceRunner.loadAll(caseFiles()).stream()
            .map(c -> DynamicTest.dynamicTest(c.file() + " :: " + c.name(), () -> {
                String diff = runner.run(c);
                assertThat(diff).as("first difference").isNull();
            }));
    }
}
