package io.hashslot.testkit.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import io.hashslot.tools.client.ClusterClient;
import io.hashslot.tools.client.NodeAddress;
import io.hashslot.tools.example.ExampleMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The seeds' example writer: prints each value it reads back, and a second run resumes after __last__. */
class ExampleWriterTest {
    @Test
    void writesReadsBackAndResumes() throws Exception {
        try (TestNode node = TestNode.start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            try (ClusterClient client = new ClusterClient(List.of(new NodeAddress("127.0.0.1", node.port())), 1000,
                new SplittableRandom(3))) {
                ExampleMain first = new ExampleMain(client, ps);
                assertThat(first.resumePoint()).isZero();
                for (long x = 1; x <= 5; x++) {
                    first.write(x);
                }
                ExampleMain second = new ExampleMain(client, ps);
                long last = second.resumePoint();
                assertThat(last).isEqualTo(5);
                second.write(last + 1);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1\n2\n3\n4\n5\n6\n");
            try (RawClient c = new RawClient(node.port())) {
                assertThat(c.callRawString("GET", "foo6")).isEqualTo("$1\r\n6\r\n");
                assertThat(c.callRawString("GET", "__last__")).isEqualTo("$1\r\n6\r\n");
            }
        }
    }
}
