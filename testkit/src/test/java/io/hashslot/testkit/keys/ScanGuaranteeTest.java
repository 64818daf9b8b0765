package io.hashslot.testkit.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.protocol.RespValue;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * SCAN's guarantee: a full iteration returns every key that was present from its start to its end at least once,
 * while other keys are added and removed between calls. Keys sharing a hash tag all live in one slot table, so
 * churn on them makes that table grow and shrink in the middle of the iteration.
 */
class ScanGuaranteeTest {
    private static TestNode node;

    @BeforeContainer
    static void start() {
        node = TestNode.start();
    }

    @AfterContainer
    static void stop() {
        node.close();
    }

    private static String key(boolean tagged, String kind, int i) {
        return (tagged ? "{t}" : "") + kind + ":" + i;
    }

    /** Sends the commands pipelined and checks every reply is not an error. */
    private static void pipeline(RawClient c, List<List<byte[]>> commands) {
        for (List<byte[]> cmd : commands) {
            c.send(cmd);
        }
        for (int i = 0; i < commands.size(); i++) {
            assertThat(c.read()).isNotInstanceOf(RespValue.Error.class);
        }
    }

    @Property(tries = 60)
    void everyKeyPresentThroughoutIsReturned(@ForAll @IntRange(min = 0, max = 800) int stableCount,
                                             @ForAll @IntRange(min = 0, max = 100) int taggedPercent,
                                             @ForAll @IntRange(min = 1, max = 80) int count,
                                             @ForAll @IntRange(min = 0, max = 50) int churnPerStep,
                                             @ForAll @IntRange(min = 0, max = 1500) int burst,
                                             @ForAll long seed) {
        Random rnd = new Random(seed);
        try (RawClient c = node.client()) {
            c.call("FLUSHALL");
            Set<String> stable = new HashSet<>();
            List<List<byte[]>> writes = new ArrayList<>();
            for (int i = 0; i < stableCount; i++) {
                String k = key(rnd.nextInt(100) < taggedPercent, "s", i);
                stable.add(k);
                writes.add(RawClient.args("SET", k, "v"));
            }
            List<String> churn = new ArrayList<>();
            Set<String> everChurn = new HashSet<>();
            int nextChurn = 0;
            for (int i = 0; i < rnd.nextInt(churnPerStep + 1) * 2; i++) {
                String k = key(rnd.nextInt(100) < taggedPercent, "c", nextChurn++);
                churn.add(k);
                everChurn.add(k);
                writes.add(RawClient.args("SET", k, "v"));
            }
            pipeline(c, writes);

            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int calls = 0;
            do {
                RespValue.Array reply = (RespValue.Array) c.call("SCAN", cursor, "COUNT", Integer.toString(count));
                cursor = ((RespValue.Bulk) reply.items().get(0)).text();
                for (RespValue k : ((RespValue.Array) reply.items().get(1)).items()) {
                    seen.add(new String(((RespValue.Bulk) k).bytes(), StandardCharsets.UTF_8));
                }
                calls++;
                // churn between calls: nothing, a little, a burst of tagged keys (the tagged slot table grows) or
                // a purge of most churn keys (it shrinks)
                writes.clear();
                int mode = rnd.nextInt(4);
                int add = mode == 1 ? rnd.nextInt(churnPerStep + 1) : mode == 2 ? rnd.nextInt(burst + 1) : 0;
                for (int i = 0; i < add; i++) {
                    boolean tag = mode == 2 || rnd.nextInt(100) < taggedPercent;
                    String k = key(tag, "c", nextChurn++);
                    churn.add(k);
                    everChurn.add(k);
                    writes.add(RawClient.args("SET", k, "v"));
                }
                int share = mode == 1 ? rnd.nextInt(30) : mode == 3 ? 90 + rnd.nextInt(11) : 0;
                List<String> keep = new ArrayList<>();
                for (String k : churn) {
                    if (rnd.nextInt(100) < share) {
                        writes.add(RawClient.args("DEL", k));
                    } else {
                        keep.add(k);
                    }
                }
                churn = keep;
                pipeline(c, writes);
                assertThat(calls).as("iteration terminates").isLessThan(1_000_000);
            } while (!cursor.equals("0"));

            assertThat(seen).containsAll(stable);
            for (String k : seen) {
                assertThat(stable.contains(k) || everChurn.contains(k)).as("returned key %s was written", k).isTrue();
            }
        }
    }
}
