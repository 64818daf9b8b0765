package io.hashslot.testkit.admin;

import static io.hashslot.testkit.admin.AdminHarness.addr;
import static io.hashslot.testkit.admin.AdminHarness.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.tools.cluster.AdminOptions;
import io.hashslot.tools.cluster.ClusterAdmin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin tool on a real 3-master cluster with requirepass (-a for every node and MIGRATE's AUTH), and a clean
 * stop of a running reshard through the Java API ({@link ClusterAdmin#requestStop}, what Ctrl-C does).
 */
class ClusterAdminAuthStopTest {
    private static final List<RealRedis> NODES = new ArrayList<>();
    private static final String PASS = "pw-7";

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(RealRedis.available(), RealRedis.unavailableMessage());
        for (int i = 0; i < 3; i++) {
            NODES.add(RealRedis.start("--cluster-enabled", "yes", "--cluster-node-timeout", "3000",
                "--cluster-config-file", "nodes.conf", "--requirepass", PASS, "--masterauth", PASS));
        }
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        for (RealRedis r : NODES) {
            args.add(addr(r));
        }
        args.addAll(List.of("--cluster-yes", "-a", PASS));
        AdminHarness.Result r = AdminHarness.admin(args.toArray(new String[0]));
        assertOk(r);
        assertThat(r.stderr()).isEqualTo("Warning: Using a password with '-a' or '-u' option on the command line "
            + "interface may not be safe.\n");
    }

    @AfterAll
    static void stop() {
        AdminHarness.closeAll(NODES);
    }

    private static String call(RealRedis r, String... args) {
        try (RawClient c = new RawClient(r.port())) {
            c.call("AUTH", PASS);
            return AdminHarness.text(c.call(args));
        }
    }

    @Test
    void withoutPasswordTheNodesRefuse() {
        AdminHarness.Result r = AdminHarness.admin("--cluster", "check", addr(NODES.get(0)));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("NOAUTH Authentication required.");
    }

    @Test
    void reshardWithKeysUnderAuthThenStopCleanly() throws Exception {
        String src = call(NODES.get(0), "CLUSTER", "MYID");
        String dst = call(NODES.get(1), "CLUSTER", "MYID");
        // keys in the first slots of the source, so MIGRATE has to authenticate to the target
        try (RawClient c = new RawClient(NODES.get(0).port())) {
            c.call("AUTH", PASS);
            for (int i = 0; i < 3000; i++) {
                String k = "k" + i;
                if (io.hashslot.common.HashSlot.of(k.getBytes(StandardCharsets.UTF_8)) < 50) {
                    c.call("SET", k, "v");
                }
            }
        }
        String before = call(NODES.get(0), "DBSIZE");
        AdminHarness.Result small = AdminHarness.admin("--cluster", "reshard", addr(NODES.get(0)), "--cluster-from",
            src, "--cluster-to", dst, "--cluster-slots", "50", "--cluster-yes", "-a", PASS, "--no-auth-warning");
        assertOk(small);
        assertThat(small.stderr()).isEmpty();
        assertThat(call(NODES.get(0), "DBSIZE")).isEqualTo("0");
        assertThat(call(NODES.get(1), "DBSIZE")).isEqualTo(before);
        AdminHarness.awaitAgreementAuth(addr(NODES.get(0)), PASS);

        AdminOptions o = new AdminOptions();
        o.auth = PASS;
        o.from = src;
        o.to = dst;
        o.slots = 3000;
        o.yes = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClusterAdmin admin = new ClusterAdmin(o, new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        AtomicBoolean result = new AtomicBoolean(true);
        Thread t = new Thread(() -> result.set(admin.reshard("127.0.0.1", NODES.get(0).port())));
        t.start();
        while (!out.toString(StandardCharsets.UTF_8).contains("Moving slot 100 from 127.0.0.1:")) {
            Thread.sleep(5);
        }
        admin.requestStop();
        t.join(60_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get()).isFalse();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("\\*\\*\\* Stopped on request after moving \\d+ of 3000 slots\\. No slot is "
            + "left open; run the command again to continue\\.\n");
        assertThat(text).doesNotContain("Moving slot 3049 from 127.0.0.1:");
        assertThat(text).containsPattern("Stopped on request after moving (5\\d|[6-9]\\d|\\d{3,4}) of");
        AdminHarness.awaitAgreementAuth(addr(NODES.get(0)), PASS);
        for (RealRedis n : NODES) {
            assertThat(call(n, "CLUSTER", "NODES")).doesNotContain("->-").doesNotContain("-<-");
        }
    }

    static boolean ok(RespValue v) {
        return v instanceof RespValue.Simple s && s.text().equals("OK");
    }
}
