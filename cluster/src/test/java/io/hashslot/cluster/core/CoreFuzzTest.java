package io.hashslot.cluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashslot.cluster.Golden;
import io.hashslot.cluster.bus.BusLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Mutated frames (real Redis frames and frames of a live cluster) fed to a node of a converged 3-node cluster, on
 * inbound and outbound links: the core never throws, and keeps working afterwards.
 */
class CoreFuzzTest {
    private static final int[] HOT = {4, 5, 6, 7, 9, 13, 15, 16, 23, 24, 31, 39, 40, 41, 79, 80, 81, 2128, 2129, 2167,
        2168, 2214, 2215, 2249, 2250, 2251, 2252, 2253, 2256, 2257, 2259, 2260, 2263, 2264, 2296, 2297, 2298, 2299,
        2304, 2305, 2350, 2351, 2354, 2355, 2356, 2359};

    @Property(tries = 150)
    void mutatedFramesNeverBreakTheCore(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int mutations,
                                        @ForAll @IntRange(min = 1, max = 20) int frames) {
        MiniNet net = new MiniNet(1_700_000_000_000L);
        ClusterNode a = net.addFresh(30001, 1);
        ClusterNode b = net.addFresh(30002, 2);
        ClusterNode c = net.addFresh(30003, 3);
        a.operator().addSlotsRange(List.of("0", "8000"), false);
        b.operator().addSlotsRange(List.of("8001", "16383"), false);
        net.meet(a, b);
        net.meet(a, c);
        net.run(3000);
        List<byte[]> samples = new ArrayList<>();
        for (String name : Golden.FRAMES) {
            samples.add(Golden.frame(name));
        }
        for (ClusterAction x : net.log) {
            if (x instanceof ClusterAction.Send s && samples.size() < 60) {
                samples.add(s.message().bytes());
            }
        }
        Random rnd = new Random(seed);
        List<Link> links = a.links();
        for (int i = 0; i < frames; i++) {
            byte[] f = samples.get(rnd.nextInt(samples.size())).clone();
            for (int m = 0; m < mutations; m++) {
                int at = rnd.nextBoolean() ? HOT[rnd.nextInt(HOT.length)] : rnd.nextInt(f.length);
                if (at < f.length && at >= 8) {
                    f[at] = (byte) rnd.nextInt(256);
                }
            }
            if (rnd.nextInt(3) == 0) {
                // keep the sender a node a knows, so the message gets past the unknown-sender checks
                String known = rnd.nextBoolean() ? b.myself().name() : c.myself().name();
                for (int k = 0; k < 40; k++) {
                    f[BusLayout.SENDER + k] = (byte) known.charAt(k);
                }
            }
            List<Link> live = a.links();
            if (live.isEmpty()) {
                break;
            }
            Link target = live.get(rnd.nextInt(live.size()));
            a.onBytes(target.id, f, 0, f.length, net.now);
            net.settle();
        }
        net.run(2000);
        assertThat(a.myself().isMyself()).isTrue();
        assertThat(a.nodesConf()).endsWith("\n");
        assertThat(links).isNotNull();
    }
}
