package io.hashslot.cluster.conf;

import java.util.List;

/** A parsed nodes.conf: its lines in file order, checked for syntax but not yet applied to a node table. */
public record NodesConfFile(List<Line> lines) {

    public NodesConfFile {
        lines = List.copyOf(lines);
    }

    /** One meaningful line (blank lines are skipped). */
    public sealed interface Line {
        int lineNumber();
    }

    /** {@code vars key value ...}: known keys are currentEpoch and lastVoteEpoch (case-insensitive). */
    public record Vars(int lineNumber, List<String> keys, List<String> values) implements Line {
    }

    /**
     * A node line.
     *
     * @param hostname    the part after ',' in the address field, or null when there is none
     * @param flags       node flag bits (see {@code NodeFlags})
     * @param master      the master's name, or null for "-"
     * @param pingSent    field 5 is non-zero
     * @param pongReceived field 6 is non-zero
     * @param configEpoch field 7 (strtoull)
     */
    public record NodeLine(int lineNumber, String name, String ip, int port, int cport, String hostname, int flags,
                           String master, boolean pingSent, boolean pongReceived, long configEpoch,
                           List<SlotToken> slots) implements Line {
    }

    /** A slot field: a range (single slot: start == end) or an open slot of myself. */
    public sealed interface SlotToken {
    }

    public record SlotRange(int start, int end) implements SlotToken {
    }

    /** {@code [slot->-node]} (migrating) or {@code [slot-<-node]} (importing). */
    public record OpenSlot(int slot, boolean migrating, String node) implements SlotToken {
    }
}
