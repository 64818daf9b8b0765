package io.hashslot.testkit.admin;

import static io.hashslot.testkit.admin.AdminHarness.addr;
import static io.hashslot.testkit.admin.AdminHarness.assertOk;
import static io.hashslot.testkit.admin.AdminHarness.call;
import static io.hashslot.testkit.admin.AdminHarness.myId;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.common.HashSlot;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import io.hashslot.tools.cluster.AdminOptions;
import io.hashslot.tools.cluster.ClusterAdmin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The progress lines of reshard, rebalance and import (ours; redis-cli prints none) on three in-process Hashslot
 * masters: with a zero interval a summary after every slot (or key) with the running key count, and always a
 * final line with the keys moved, the time and the rate; redis-cli's own lines stay as they are.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAdminProgressTest {
    private static final List<TestNode> NODES = new ArrayList<>();

    @BeforeAll
    static void start() {
        for (int i = 0; i < 3; i++) {
            NODES.add(AdminHarness.startHashslotNode());
        }
        AdminHarness.createMasters(NODES);
    }

    @AfterAll
    static void stop() {
        AdminHarness.closeAll(NODES);
    }

    private static String ref() {
        return addr(NODES.get(0));
    }

    /** Stores {@code count} keys of the slot in its owner. */
    private static void fill(TestNode owner, int slot, int count) {
        String tag = null;
        for (int i = 0; tag == null; i++) {
            if (HashSlot.of(("t" + i).getBytes(StandardCharsets.UTF_8)) == slot) {
                tag = "t" + i;
            }
        }
        try (RawClient c = new RawClient(owner.port())) {
            for (int i = 0; i < count; i++) {
                assertThat(AdminHarness.text(c.call("SET", "{" + tag + "}:" + i, "v"))).isEqualTo("OK");
            }
        }
    }

    /** Runs one command through the Java API with a zero progress interval; returns what it printed. */
    private static String api(AdminOptions o, Predicate<ClusterAdmin> command) {
        o.progressMillis = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClusterAdmin admin = new ClusterAdmin(o, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(command.test(admin)).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void reshardReportsEverySlotWithZeroIntervalAndOnlyTheTotalByDefault() {
        TestNode a = NODES.get(0);
        TestNode b = NODES.get(1);
        int first = AdminHarness.firstSlot(a);
        int total = 0;
        for (int i = 0; i < 12; i++) {
            fill(a, first + i, 5 + i);
            total += 5 + i;
        }
        AdminOptions o = new AdminOptions();
        o.from = myId(a);
        o.to = myId(b);
        o.slots = 12;
        o.yes = true;
        o.pipeline = 4;
        String out = api(o, x -> x.reshard("127.0.0.1", a.port()));
        StringBuilder expected = new StringBuilder();
        int moved = 0;
        for (int i = 0; i < 12; i++) {
            moved += 5 + i;
            expected.append(Pattern.quote("Moving slot " + (first + i) + " from " + addr(a) + " to " + addr(b)
                + ": " + ".".repeat(5 + i) + "\n"));
            if (i < 11) {
                expected.append(Pattern.quote("Moved " + moved + " keys in " + (i + 1) + " of 12 slots (")
                    + "\\d+ keys/s\\)\n");
            }
        }
        expected.append(Pattern.quote("Moved " + total + " keys in 12 slots in "))
            .append("\\d+\\.\\d\\d s \\(\\d+ keys/s\\)\n$");
        assertThat(out).containsPattern(Pattern.compile(expected.toString()));
        assertThat(Long.parseLong(call(b, "DBSIZE"))).isEqualTo(total);
        AdminHarness.awaitAgreement(ref());

        AdminHarness.Result back = AdminHarness.admin("--cluster", "reshard", ref(), "--cluster-from", myId(b),
            "--cluster-to", myId(a), "--cluster-slots", "12", "--cluster-yes");
        assertOk(back);
        assertThat(back.stdout()).doesNotContain(" of 12 slots (")
            .containsPattern("\nMoved " + total + " keys in 12 slots in \\d+\\.\\d\\d s \\(\\d+ keys/s\\)\n$");
        assertThat(Long.parseLong(call(a, "DBSIZE"))).isEqualTo(total);
        AdminHarness.awaitAgreement(ref());
    }

    @Test
    @Order(2)
    void rebalanceInterruptsTheRowOfHashesWithTheSummary() {
        TestNode b = NODES.get(1);
        TestNode c = NODES.get(2);
        int fromB = AdminHarness.firstSlot(b);
        int fromC = AdminHarness.firstSlot(c);
        fill(b, fromB, 9);
        fill(c, fromC, 4);
        AdminOptions o = new AdminOptions();
        o.weights.add(myId(NODES.get(0)) + "=1.1");
        String out = api(o, x -> x.rebalance("127.0.0.1", NODES.get(0).port()));
        Matcher m = Pattern.compile("Moving (\\d+) slots from [^\n]+\n").matcher(out);
        int planned = 0;
        while (m.find()) {
            planned += Integer.parseInt(m.group(1));
        }
        assertThat(planned).isGreaterThan(100);
        assertThat(out).contains("\n#\nMoved 9 keys in 1 of " + planned + " slots (")
            .containsPattern("\n#\nMoved 13 keys in " + (planned - 1) + " of " + planned + " slots \\(\\d+ keys/s\\)\n"
                + "#\nMoved 13 keys in " + planned + " slots in \\d+\\.\\d\\d s \\(\\d+ keys/s\\)\n$");
        assertThat(out.chars().filter(ch -> ch == '#').count()).isEqualTo(planned);
        AdminHarness.awaitAgreement(ref());
        AdminHarness.Result back = AdminHarness.admin("--cluster", "rebalance", ref());
        assertOk(back);
        assertThat(back.stdout()).doesNotContain(" slots (").containsPattern("\nMoved \\d+ keys in \\d+ slots in ");
        AdminHarness.awaitAgreement(ref());
    }

    @Test
    @Order(3)
    void importReportsKeys() {
        try (TestNode source = TestNode.start()) {
            try (RawClient c = source.client()) {
                for (int i = 0; i < 30; i++) {
                    c.call("SET", "progress:" + i, "v");
                }
            }
            AdminOptions o = new AdminOptions();
            o.from = addr(source);
            o.copy = true;
            String out = api(o, x -> x.importFrom("127.0.0.1", NODES.get(0).port()));
            for (int i = 1; i < 30; i++) {
                assertThat(out).containsPattern(": OK\nImported " + i + " of 30 keys \\(\\d+ keys/s\\)\nMigrating ");
            }
            assertThat(out).containsPattern(": OK\nImported 30 of 30 keys \\(\\d+ keys/s\\)\n"
                + "Imported 30 keys in \\d+\\.\\d\\d s \\(\\d+ keys/s\\)\n$");
            AdminHarness.Result plain = AdminHarness.admin("--cluster", "import", ref(), "--cluster-from",
                addr(source), "--cluster-replace");
            assertOk(plain);
            assertThat(plain.stdout()).doesNotContain(" of 30 keys (")
                .containsPattern(": OK\nImported 30 keys in \\d+\\.\\d\\d s \\(\\d+ keys/s\\)\n$");
        }
    }
}
