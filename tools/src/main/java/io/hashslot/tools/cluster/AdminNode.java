package io.hashslot.tools.cluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admin tool knows about one cluster node: address, id, flags, the master it replicates, the slots it
 * claims in its own CLUSTER NODES "myself" line, its open (migrating/importing) slots, and the working values of
 * create/rebalance (dirty, weight, balance).
 */
final class AdminNode {
    static final int SLOTS = 16384;

    final String ip;
    final int port;
    int busPort;
    String name;
    List<String> flags = new ArrayList<>();
    String replicate;
    final BitSet slots = new BitSet(SLOTS);
    int slotsCount;
    /** slot (as text, as CLUSTER NODES prints it) → target id. */
    final Map<String, String> migrating = new LinkedHashMap<>();
    /** slot → source id. */
    final Map<String, String> importing = new LinkedHashMap<>();
    int replicasCount;
    long currentEpoch;
    boolean dirty;
    boolean slave;
    boolean myself;
    boolean noaddr;
    boolean disconnected;
    boolean fail;
    double weight = 1.0;
    int balance;
    AdminConnection conn;

    AdminNode(String ip, int port, int busPort) {
        this.ip = ip;
        this.port = port;
        this.busPort = busPort != 0 ? busPort : port + 10000;
    }

    boolean isSlave() {
        return slave;
    }

    void setSlot(int slot, boolean on) {
        if (slots.get(slot) != on) {
            slots.set(slot, on);
            slotsCount += on ? 1 : -1;
        }
    }

    void resetSlots() {
        slots.clear();
        slotsCount = 0;
    }

    String addr() {
        return ip + ":" + port;
    }

    /** The flags without "myself", comma separated. */
    String flagString() {
        StringBuilder sb = new StringBuilder();
        for (String f : flags) {
            if (f.equals("myself")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(f);
        }
        return sb.toString();
    }

    /** "[0-5460],[6000]" style ranges. */
    static String slotsString(BitSet slots) {
        StringBuilder sb = new StringBuilder();
        int i = slots.nextSetBit(0);
        while (i >= 0 && i < SLOTS) {
            int end = slots.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append('[').append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            sb.append(']');
            i = slots.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    /** The M:/S: description, indented by {@code indent} spaces. */
    String info(int indent) {
        String sp = " ".repeat(indent);
        StringBuilder sb = new StringBuilder(sp);
        boolean master = !slave;
        if (dirty && replicate != null) {
            sb.append("S: ").append(name).append(' ').append(addr());
        } else {
            sb.append(master ? "M: " : "S: ").append(name).append(' ').append(addr()).append('\n');
            sb.append(sp).append("   slots:").append(slotsString(slots)).append(" (").append(slotsCount)
                .append(" slots) ").append(flagString());
        }
        if (replicate != null) {
            sb.append('\n').append(sp).append("   replicates ").append(replicate);
        } else if (replicasCount > 0) {
            sb.append('\n').append(sp).append("   ").append(replicasCount).append(" additional replica(s)");
        }
        return sb.toString();
    }
}
