package io.hashslot.cluster.core;

import io.hashslot.cluster.bus.BusMessage;
import io.hashslot.cluster.conf.NodesConf;
import io.hashslot.cluster.conf.NodesConfException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Test helpers to build cluster cores and pick their actions apart. */
public final class Nodes {
    private Nodes() {
    }

    public static RandomGenerator rng(long seed) {
        return new SplittableRandom(seed);
    }

    public static ClusterNode fresh(int port, long seed, long now) {
        ClusterNode c = ClusterNode.fresh(ClusterSettings.defaults(port), rng(seed), DataProbe.EMPTY, now);
        c.takeActions();
        return c;
    }

    public static ClusterNode load(String nodesConf, ClusterSettings settings, long seed, long now) {
        try {
            ClusterNode c = ClusterNode.fromConfig(NodesConf.parse(nodesConf), settings, rng(seed), DataProbe.EMPTY,
                now);
            c.takeActions();
            return c;
        } catch (NodesConfException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static <T extends ClusterAction> List<T> of(List<ClusterAction> actions, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ClusterAction a : actions) {
            if (type.isInstance(a)) {
                out.add((T) a);
            }
        }
        return out;
    }

    public static List<BusMessage> sent(List<ClusterAction> actions) {
        List<BusMessage> out = new ArrayList<>();
        for (ClusterAction.Send s : of(actions, ClusterAction.Send.class)) {
            out.add(s.message().message());
        }
        return out;
    }
}
