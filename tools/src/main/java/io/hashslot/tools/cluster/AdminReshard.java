package io.hashslot.tools.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code --cluster reshard} (interactive or with --cluster-from/to/slots/yes) and {@code --cluster rebalance}. */
final class AdminReshard {
    private final ClusterAdmin a;
    private final AdminSlots slots;

    AdminReshard(ClusterAdmin a) {
        this.a = a;
        this.slots = new AdminSlots(a);
    }

    /** One planned slot move. */
    record Move(AdminNode source, int slot) {
    }

    /** Takes slots from the sources in proportion to their slot counts (largest first, first one rounded up). */
    static List<Move> reshardTable(List<AdminNode> sources, int numSlots) {
        List<Move> moved = new ArrayList<>();
        int total = 0;
        for (AdminNode n : sources) {
            total += n.slotsCount;
        }
        List<AdminNode> sorted = new ArrayList<>(sources);
        sorted.sort(Comparator.comparingInt((AdminNode n) -> n.slotsCount).reversed());
        for (int i = 0; i < sorted.size(); i++) {
            AdminNode node = sorted.get(i);
            float n = (float) numSlots / total * node.slotsCount;
            int max = (int) (i == 0 ? Math.ceil(n) : Math.floor(n));
            int count = 0;
            for (int s = node.slots.nextSetBit(0); s >= 0; s = node.slots.nextSetBit(s + 1)) {
                if (count >= max || moved.size() >= numSlots) {
                    break;
                }
                moved.add(new Move(node, s));
                count++;
            }
        }
        return moved;
    }

    private AdminNode nodeForResharding(String id, AdminNode target, boolean[] raiseErr) {
        AdminNode node = a.nodeByName(id);
        raiseErr[0] = false;
        if (node == null || node.slave) {
            a.logErr("*** The specified node (" + id + ") is not known or not a master, please retry.\n");
            raiseErr[0] = true;
            return null;
        }
        if (target != null && node.name.equals(target.name)) {
            a.logErr("*** It is not possible to use the target node as source node.\n");
            return null;
        }
        return node;
    }

    boolean reshard(String host, int port) {
        if (!a.loadInfoFromNode(new AdminNode(host, port, 0))) {
            return false;
        }
        a.checkCluster(false);
        if (!a.errors.isEmpty()) {
            a.out.flush();
            a.err.print("*** Please fix your cluster problems before resharding\n");
            return false;
        }
        int numSlots = a.opt.slots;
        while (numSlots <= 0 || numSlots > AdminNode.SLOTS) {
            a.out.print("How many slots do you want to move (from 1 to 16384)? ");
            a.out.flush();
            String line = a.readLine();
            if (line == null) {
                return false;
            }
            numSlots = ClusterAdmin.atoi(line.length() > 5 ? line.substring(0, 5) : line);
        }
        String to = a.opt.to;
        while (to == null) {
            a.out.print("What is the receiving node ID? ");
            a.out.flush();
            String line = a.readLine();
            if (line == null) {
                return false;
            }
            if (!line.isEmpty()) {
                to = line;
            }
        }
        boolean[] raise = new boolean[1];
        AdminNode target = nodeForResharding(to, null, raise);
        if (target == null) {
            return false;
        }
        List<AdminNode> sources = new ArrayList<>();
        boolean all = false;
        if (a.opt.from == null) {
            a.out.print("Please enter all the source node IDs.\n");
            a.out.print("  Type 'all' to use all the nodes as source nodes for the hash slots.\n");
            a.out.print("  Type 'done' once you entered all the source nodes IDs.\n");
            while (true) {
                a.out.print("Source node #" + (sources.size() + 1) + ": ");
                a.out.flush();
                String line = a.readLine();
                if (line == null) {
                    return false;
                }
                if (line.equals("done")) {
                    break;
                } else if (line.equals("all")) {
                    all = true;
                    break;
                }
                AdminNode src = nodeForResharding(line, target, raise);
                if (src != null) {
                    sources.add(src);
                } else if (raise[0]) {
                    return false;
                }
            }
        } else {
            for (String id : a.opt.from.split(",")) {
                if (id.equals("all")) {
                    all = true;
                    break;
                }
                if (id.isEmpty()) {
                    continue;
                }
                AdminNode src = nodeForResharding(id, target, raise);
                if (src != null) {
                    sources.add(src);
                } else if (raise[0]) {
                    return false;
                }
            }
        }
        if (all) {
            sources.clear();
            for (AdminNode n : a.nodes) {
                if (!n.slave && n.replicate == null && !n.name.equals(target.name)) {
                    sources.add(n);
                }
            }
        }
        if (sources.isEmpty()) {
            a.err.print("*** No source nodes given, operation aborted.\n");
            return false;
        }
        a.out.print("\nReady to move " + numSlots + " slots.\n");
        a.out.print("  Source nodes:\n");
        for (AdminNode src : sources) {
            a.out.print(src.info(4) + "\n");
        }
        a.out.print("  Destination node:\n");
        a.out.print(target.info(4) + "\n");
        List<Move> table = reshardTable(sources, numSlots);
        a.out.print("  Resharding plan:\n");
        for (Move m : table) {
            a.out.print("    Moving slot " + m.slot() + " from " + m.source().name + "\n");
        }
        if (!a.opt.yes) {
            a.out.print("Do you want to proceed with the proposed reshard plan (yes/no)? ");
            a.out.flush();
            String line = a.readLine();
            if (line == null || !line.startsWith("yes")) {
                return false;
            }
        }
        AdminProgress progress = AdminProgress.ofSlots(a.out, table.size(), a.opt.progressMillis);
        a.progress = progress;
        int moved = 0;
        for (Move m : table) {
            if (a.stopHere(moved, table.size())) {
                progress.finish();
                return false;
            }
            String[] e = new String[1];
            moved++;
            if (!slots.moveSlot(m.source(), target, m.slot(), AdminSlots.VERBOSE, e)) {
                if (e[0] != null) {
                    a.logErr("clusterManagerMoveSlot failed: " + e[0] + "\n");
                }
                return false;
            }
            progress.slotDone();
            if (moved < table.size()) {
                progress.reportIfDue();
            }
        }
        progress.finish();
        return true;
    }

    boolean rebalance(String host, int port) {
        if (!a.loadInfoFromNode(new AdminNode(host, port, 0))) {
            return false;
        }
        for (String w : a.opt.weights) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                a.logErr("*** invalid input " + w + "\n");
                return false;
            }
            AdminNode n = a.nodeByAbbreviatedName(w.substring(0, eq));
            if (n == null) {
                a.logErr("*** No such master node " + w.substring(0, eq) + "\n");
                return false;
            }
            n.weight = atof(w.substring(eq + 1));
        }
        float totalWeight = 0;
        List<AdminNode> involved = new ArrayList<>();
        for (AdminNode n : a.nodes) {
            if (n.slave || n.replicate != null) {
                continue;
            }
            if (!a.opt.useEmptyMasters && n.slotsCount == 0) {
                n.weight = 0;
                continue;
            }
            totalWeight += (float) n.weight;
            involved.add(n);
        }
        a.checkCluster(true);
        if (!a.errors.isEmpty()) {
            a.logErr("*** Please fix your cluster problems before rebalancing\n");
            return false;
        }
        boolean thresholdReached = false;
        int totalBalance = 0;
        float threshold = (float) a.opt.threshold;
        for (AdminNode n : involved) {
            int expected = (int) ((float) AdminNode.SLOTS / totalWeight * (float) n.weight);
            n.balance = n.slotsCount - expected;
            totalBalance += n.balance;
            boolean over = false;
            if (threshold > 0) {
                if (n.slotsCount > 0) {
                    double errPerc = Math.abs(100 - (100.0 * expected / n.slotsCount));
                    over = errPerc > threshold;
                } else if (expected > 1) {
                    over = true;
                }
            }
            if (over) {
                thresholdReached = true;
            }
        }
        if (!thresholdReached) {
            a.logWarn(String.format(Locale.ROOT, "*** No rebalancing needed! All nodes are within the %.2f%% "
                + "threshold.\n", a.opt.threshold));
            return true;
        }
        while (totalBalance > 0) {
            for (AdminNode n : involved) {
                if (n.balance <= 0 && totalBalance > 0) {
                    n.balance--;
                    totalBalance--;
                }
            }
        }
        List<AdminNode> weighted = new ArrayList<>(involved);
        weighted.sort(Comparator.comparingInt(n -> n.balance));
        a.logInfo(String.format(Locale.ROOT, ">>> Rebalancing across %d nodes. Total weight = %.2f\n",
            involved.size(), totalWeight));
        if (a.opt.verbose) {
            for (AdminNode n : weighted) {
                a.out.print(n.addr() + " balance is " + n.balance + " slots\n");
            }
        }
        int planned = 0;
        for (AdminNode n : weighted) {
            planned += Math.max(0, n.balance);
        }
        AdminProgress progress = a.opt.simulate ? null
            : AdminProgress.ofSlots(a.out, planned, a.opt.progressMillis);
        a.progress = progress;
        int dstIdx = 0;
        int srcIdx = weighted.size() - 1;
        while (dstIdx < srcIdx) {
            AdminNode dst = weighted.get(dstIdx);
            AdminNode src = weighted.get(srcIdx);
            int numSlots = Math.min(Math.abs(dst.balance), Math.abs(src.balance));
            if (numSlots > 0) {
                a.out.print("Moving " + numSlots + " slots from " + src.addr() + " to " + dst.addr() + "\n");
                List<Move> table = reshardTable(List.of(src), numSlots);
                if (table.size() != numSlots) {
                    a.logErr("*** Assertion failed: Reshard table != number of slots");
                    return false;
                }
                if (a.opt.simulate) {
                    a.out.print("#".repeat(table.size()));
                } else {
                    int moved = 0;
                    for (Move m : table) {
                        if (a.stopHere(moved, table.size())) {
                            progress.finish();
                            return false;
                        }
                        moved++;
                        String[] e = new String[1];
                        if (!slots.moveSlot(m.source(), dst, m.slot(), AdminSlots.QUIET | AdminSlots.UPDATE, e)) {
                            a.logErr("*** clusterManagerMoveSlot: " + e[0] + "\n");
                            return false;
                        }
                        a.out.print("#");
                        a.out.flush();
                        progress.slotDone();
                        if (moved < table.size() && progress.due()) {
                            // our summary interrupts the row of #s and the row goes on below it
                            a.out.print("\n");
                            progress.report();
                        }
                    }
                }
                a.out.print("\n");
            }
            dst.balance += numSlots;
            src.balance -= numSlots;
            if (dst.balance == 0) {
                dstIdx++;
            }
            if (src.balance == 0) {
                srcIdx--;
            }
        }
        if (progress != null) {
            progress.finish();
        }
        return true;
    }

    /** C atof: the longest leading decimal number, 0 if none. */
    static double atof(String s) {
        String t = s.trim();
        int end = 0;
        while (end < t.length() && "+-.0123456789eE".indexOf(t.charAt(end)) >= 0) {
            end++;
        }
        while (end > 0) {
            try {
                return Double.parseDouble(t.substring(0, end));
            } catch (NumberFormatException e) {
                end--;
            }
        }
        return 0;
    }
}
