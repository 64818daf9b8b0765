package io.hashslot.cluster.core;

import io.hashslot.cluster.conf.NodesConfFile;
import io.hashslot.cluster.util.CNumbers;
import io.hashslot.common.LogLevel;

/**
 * Applies a parsed nodes.conf to a fresh node table line by line, as clusterLoadConfig does: nodes named as masters
 * or in open slots are created (flagless) when not yet seen, the first owner of a slot keeps it, replicas load with
 * config epoch 0, and the current epoch is raised to the greatest config epoch found.
 */
final class ConfigLoader {
    private ConfigLoader() {
    }

    static void load(ClusterNode c, NodesConfFile conf, long now) {
        NodeTable t = c.table;
        for (NodesConfFile.Line line : conf.lines()) {
            if (line instanceof NodesConfFile.Vars vars) {
                for (int i = 0; i < vars.keys().size(); i++) {
                    String key = vars.keys().get(i);
                    if (key.equalsIgnoreCase("currentEpoch")) {
                        t.currentEpoch = CNumbers.strtoull(vars.values().get(i));
                    } else if (key.equalsIgnoreCase("lastVoteEpoch")) {
                        t.lastVoteEpoch = CNumbers.strtoull(vars.values().get(i));
                    } else {
                        c.out.log(LogLevel.WARNING, "Skipping unknown cluster config variable '" + key + "'");
                    }
                }
                continue;
            }
            NodesConfFile.NodeLine nl = (NodesConfFile.NodeLine) line;
            KnownNode n = getOrCreate(t, nl.name(), now);
            if (nl.hostname() != null) {
                n.hostname = nl.hostname();
            } else {
                n.hostname = "";
            }
            n.ip = nl.ip();
            n.port = nl.port();
            n.cport = nl.cport();
            n.flags |= nl.flags();
            if ((nl.flags() & NodeFlags.MYSELF) != 0) {
                t.myself = n;
            }
            if ((nl.flags() & NodeFlags.FAIL) != 0) {
                n.failTime = now;
            }
            if (nl.master() != null) {
                KnownNode master = getOrCreate(t, nl.master(), now);
                n.master = master;
                t.addReplica(master, n);
            }
            if (nl.pingSent()) {
                n.pingSent = now;
            }
            if (nl.pongReceived()) {
                n.pongReceived = now;
            }
            n.configEpoch = n.isReplica() && n.master != null ? 0 : nl.configEpoch();
            for (NodesConfFile.SlotToken tok : nl.slots()) {
                if (tok instanceof NodesConfFile.OpenSlot open) {
                    KnownNode cn = getOrCreate(t, open.node(), now);
                    if (open.migrating()) {
                        t.migrating[open.slot()] = cn;
                    } else {
                        t.importing[open.slot()] = cn;
                    }
                } else {
                    NodesConfFile.SlotRange r = (NodesConfFile.SlotRange) tok;
                    for (int s = r.start(); s <= r.end(); s++) {
                        t.addSlot(n, s);
                    }
                }
            }
        }
        long max = t.maxEpoch();
        if (Long.compareUnsigned(max, t.currentEpoch) > 0) {
            t.currentEpoch = max;
        }
    }

    private static KnownNode getOrCreate(NodeTable t, String name, long now) {
        KnownNode n = t.lookup(name);
        if (n == null) {
            n = new KnownNode(name, 0, now);
            t.add(n);
        }
        return n;
    }
}
