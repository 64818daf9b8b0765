package io.hashslot.testkit.sim;

import io.hashslot.cluster.bus.SlotBitmap;
import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.KnownNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Invariants the simulator checks: after every event on the node that handled it (epochs never go backwards,
 * config epoch never above current epoch, one "myself"), and every virtual second on every node (slot table and
 * bitmaps agree, replica links are symmetric) and across nodes (no two nodes name different owners of one slot
 * under the same config epoch). Also after every event: no two nodes have ever claimed the same slot as masters
 * under the same config epoch, and no node sent FAILOVER_AUTH_ACKs to two candidates in one epoch.
 */
final class SimInvariants {
    private final SimCluster sim;
    /** voter index → epoch → candidate it acknowledged. */
    private final Map<Integer, Map<Long, String>> votes = new HashMap<>();
    /** config epoch → master name → slots it claimed as its own under that epoch. */
    private final Map<Long, Map<String, SlotBitmap>> claims = new HashMap<>();

    SimInvariants(SimCluster sim) {
        this.sim = sim;
    }

    void restarted(SimNode n) {
        // a restart may not lose epochs either: the saved config carries them
        check(n, Long.compareUnsigned(n.core.currentEpoch(), n.maxCurrentEpoch) >= 0,
            "currentEpoch went back over a restart");
        if (n.core.myself().isReplica()) {
            // as in Redis, a replica's own config epoch is not loaded from nodes.conf (it serves no slots)
            n.maxConfigEpoch = n.core.myself().configEpoch();
        }
    }

    void afterEvent(SimNode n) {
        ClusterNode c = n.core;
        long cur = c.currentEpoch();
        long conf = c.myself().configEpoch();
        check(n, Long.compareUnsigned(cur, n.maxCurrentEpoch) >= 0,
            "currentEpoch went backwards: " + n.maxCurrentEpoch + " -> " + cur);
        check(n, Long.compareUnsigned(conf, n.maxConfigEpoch) >= 0,
            "configEpoch went backwards: " + n.maxConfigEpoch + " -> " + conf);
        check(n, Long.compareUnsigned(conf, cur) <= 0, "configEpoch " + conf + " above currentEpoch " + cur);
        n.maxCurrentEpoch = cur;
        n.maxConfigEpoch = conf;
        check(n, c.myself().isMyself() && c.lookup(c.myself().name()) == c.myself(), "myself is not in its table");
        KnownNode me = c.myself();
        if (me.isMaster() && me.numSlots() > 0 && (conf != n.claimedEpoch || me.numSlots() != n.claimedSlots)) {
            n.claimedEpoch = conf;
            n.claimedSlots = me.numSlots();
            SlotBitmap mine = me.slotsCopy();
            Map<String, SlotBitmap> inEpoch = claims.computeIfAbsent(conf, k -> new HashMap<>());
            for (Map.Entry<String, SlotBitmap> e : inEpoch.entrySet()) {
                if (!e.getKey().equals(me.name())) {
                    SlotBitmap both = mine.andNot(mine.andNot(e.getValue()));
                    check(n, both.isEmpty(), "two masters claim slots " + both + " under config epoch " + conf
                        + ": " + e.getKey() + " and " + me.name());
                }
            }
            inEpoch.merge(me.name(), mine, (a, b) -> {
                for (int s = b.nextSetBit(0); s >= 0; s = b.nextSetBit(s + 1)) {
                    a.set(s);
                }
                return a;
            });
        }
    }

    /** {@code voter} sends a FAILOVER_AUTH_ACK in {@code epoch} to {@code candidate}. */
    void voted(SimNode voter, long epoch, SimNode candidate) {
        String prev = votes.computeIfAbsent(voter.index, k -> new HashMap<>()).putIfAbsent(epoch, candidate.name());
        check(voter, prev == null || prev.equals(candidate.name()), "voted twice in epoch " + epoch + ": for " + prev
            + " and for " + candidate.name());
    }

    void checkAll() {
        Map<Integer, Map<Long, String>> ownerByEpoch = new HashMap<>();
        for (SimNode n : sim.alive()) {
            ClusterNode c = n.core;
            int myselves = 0;
            int slotsByBitmap = 0;
            for (KnownNode k : c.nodes()) {
                if (k.isMyself()) {
                    myselves++;
                }
                slotsByBitmap += k.numSlots();
                if (k.master() != null && k.isReplica()) {
                    check(n, k.master().replicas().contains(k), k.name() + " not listed by its master");
                }
                for (KnownNode r : k.replicas()) {
                    check(n, r.master() == k, r.name() + " listed by a master it does not follow");
                }
            }
            check(n, myselves == 1, myselves + " nodes flagged myself");
            int assigned = 0;
            for (int s = 0; s < 16384; s++) {
                KnownNode o = c.slotOwner(s);
                if (o == null) {
                    continue;
                }
                assigned++;
                check(n, o.ownsSlot(s), "slot " + s + " bound to " + o.name() + " whose bitmap lacks it");
                if (o.isMaster()) {
                    String prev = ownerByEpoch.computeIfAbsent(s, k -> new HashMap<>()).putIfAbsent(o.configEpoch(),
                        o.name());
                    if (prev != null && !prev.equals(o.name())) {
                        check(n, false, "slot " + s + " has two owners under epoch " + o.configEpoch() + ": " + prev
                            + " and " + o.name() + "\n" + viewsOf(prev, s) + viewsOf(o.name(), s));
                    }
                }
            }
            check(n, assigned == slotsByBitmap, "slot table has " + assigned + " slots, bitmaps " + slotsByBitmap);
        }
    }

    /** How every live node sees {@code name} (role, epoch, whether it owns the slot), for failure messages. */
    private String viewsOf(String name, int slot) {
        StringBuilder sb = new StringBuilder("views of " + name + ":\n");
        for (SimNode v : sim.alive()) {
            KnownNode k = v.core.lookup(name);
            sb.append("  ").append(v).append(": ").append(k == null ? "unknown" : NodeFlagsText.of(k)
                + " epoch=" + k.configEpoch() + " owns=" + (v.core.slotOwner(slot) == k)).append('\n');
        }
        return sb.toString();
    }

    /** A node's flags and master as CLUSTER NODES would show them. */
    private static final class NodeFlagsText {
        static String of(KnownNode k) {
            return io.hashslot.cluster.core.NodeFlags.describe(k.flags()) + " master="
                + (k.master() == null ? "-" : k.master().name().substring(0, 8));
        }
    }

    private void check(SimNode n, boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("invariant broken on " + n + ": " + what + "\n" + sim.describe()
                + "last log lines of " + n + ":\n" + String.join("\n",
                n.log.subList(Math.max(0, n.log.size() - 30), n.log.size())));
        }
    }
}
