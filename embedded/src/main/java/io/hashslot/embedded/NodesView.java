package io.hashslot.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One node's CLUSTER NODES view parsed into entries, and the part of it every node must agree on when the cluster is
 * stable: which node is a master, which master each replica follows, and which slots each master serves.
 */
record NodesView(List<Entry> entries) {
    /** One line of CLUSTER NODES. */
    record Entry(String id, int port, Set<String> flags, String masterId, List<int[]> slots, boolean openSlots) {
        boolean master() {
            return flags.contains("master");
        }

        boolean failing() {
            return flags.contains("fail") || flags.contains("fail?");
        }

        int slotCount() {
            int n = 0;
            for (int[] r : slots) {
                n += r[1] - r[0] + 1;
            }
            return n;
        }
    }

    static NodesView parse(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ");
            String addr = f[1];
            int colon = addr.lastIndexOf(':', addr.indexOf('@') < 0 ? addr.length() : addr.indexOf('@'));
            int at = addr.indexOf('@');
            int port = Integer.parseInt(addr.substring(colon + 1, at < 0 ? addr.length() : at));
            Set<String> flags = new TreeSet<>(List.of(f[2].split(",")));
            List<int[]> slots = new ArrayList<>();
            boolean open = false;
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    open = true;
                    continue;
                }
                int dash = f[i].indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(f[i].substring(dash + 1));
                slots.add(new int[] {lo, hi});
            }
            out.add(new Entry(f[0], port, flags, f[3].equals("-") ? null : f[3], slots, open));
        }
        return new NodesView(out);
    }

    Entry myself() {
        for (Entry e : entries) {
            if (e.flags().contains("myself")) {
                return e;
            }
        }
        throw new EmbeddedClusterException("CLUSTER NODES without a myself line");
    }

    Entry byId(String id) {
        for (Entry e : entries) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        return null;
    }

    /** What all nodes must agree on: roles, replica → master and slot ranges, one line per node, sorted. */
    String agreement() {
        TreeSet<String> lines = new TreeSet<>();
        for (Entry e : entries) {
            StringBuilder sb = new StringBuilder(e.id()).append(e.master() ? " master " : " replica ")
                .append(e.masterId() == null ? "-" : e.masterId());
            for (int[] r : e.slots()) {
                sb.append(' ').append(r[0]).append('-').append(r[1]);
            }
            lines.add(sb.toString());
        }
        return String.join("\n", lines);
    }
}
