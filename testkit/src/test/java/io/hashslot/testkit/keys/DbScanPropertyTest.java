package io.hashslot.testkit.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.store.Db;
import io.hashslot.store.Keyspace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link Db#scan}'s guarantee at store level, where thousands of iterations are cheap: while a full iteration
 * runs, arbitrary bursts of inserts and mass deletes make slot tables grow and shrink between steps; every key
 * present throughout must still be visited. Most keys share a hash tag so one slot table takes all the churn.
 */
class DbScanPropertyTest {
    /** Between two scan steps: add {@code add} churn keys, then delete {@code deletePercent}% of churn keys. */
    record Churn(int add, int deletePercent, boolean tagged) {
    }

    @Provide
    Arbitrary<List<Churn>> churn() {
        Arbitrary<Churn> step = Arbitraries.oneOf(
            Arbitraries.just(new Churn(0, 0, true)),
            Arbitraries.integers().between(0, 2000).map(n -> new Churn(n, 0, true)),
            Arbitraries.integers().between(0, 100).map(p -> new Churn(0, p, true)),
            Arbitraries.integers().between(0, 300).flatMap(n -> Arbitraries.integers().between(0, 100)
                .flatMap(p -> Arbitraries.of(true, false).map(t -> new Churn(n, p, t)))));
        return step.list().ofMaxSize(60);
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 600)
    void keysPresentThroughoutAreVisited(@ForAll @IntRange(min = 0, max = 600) int tagged,
                                         @ForAll @IntRange(min = 0, max = 200) int untagged,
                                         @ForAll @IntRange(min = 1, max = 50) int count,
                                         @ForAll("churn") List<Churn> churn,
                                         @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 2000) Integer> early) {
        Keyspace ks = new Keyspace(1, 12345);
        Db db = ks.db(0);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < tagged; i++) {
            stable.add("{t}s" + i);
        }
        for (int i = 0; i < untagged; i++) {
            stable.add("u" + i);
        }
        for (String s : stable) {
            db.add(key(s), "v");
        }
        List<String> live = new ArrayList<>();
        int next = 0;
        // churn keys present at the start (they may go away during the iteration)
        for (int n : early) {
            for (int i = 0; i < n; i++) {
                String k = "{t}c" + next++;
                db.add(key(k), "v");
                live.add(k);
            }
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = db.scan(cursor, count, e -> seen.add(new String(e.key(), StandardCharsets.UTF_8)));
            Churn c = step < churn.size() ? churn.get(step) : new Churn(0, 0, true);
            step++;
            for (int i = 0; i < c.add(); i++) {
                String k = (c.tagged() ? "{t}c" : "c") + next++;
                db.add(key(k), "v");
                live.add(k);
            }
            List<String> keep = new ArrayList<>();
            for (int i = 0; i < live.size(); i++) {
                // deterministic spread of deletions over the list
                if ((i * 37 + step) % 100 < c.deletePercent()) {
                    assertThat(db.delete(key(live.get(i)))).isTrue();
                } else {
                    keep.add(live.get(i));
                }
            }
            live = keep;
            assertThat(step).isLessThan(10_000_000);
        } while (cursor != 0);
        assertThat(seen).containsAll(stable);
        assertThat(db.size()).isEqualTo(stable.size() + live.size());
    }
}
