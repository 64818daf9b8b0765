package io.hashslot.commands.memory;

/**
 * MEMORY DOCTOR's report: a short human-readable look at the memory figures, in the spirit of Redis's (whose
 * wording is its own). It checks what Hashslot's accounting can tell: a node too empty to judge, a peak far above
 * the current use, large client buffers. Fragmentation is not judged: the JVM's heap sizing, not an allocator,
 * decides how much the process keeps resident.
 */
final class MemoryDoctor {
    /** Below this total there is too little data to say anything useful (Redis uses the same threshold). */
    static final long NEARLY_EMPTY = 5L * 1024 * 1024;
    /** Average per-client buffers above this are worth a look. */
    static final long BIG_CLIENT = 200L * 1024;

    private MemoryDoctor() {
    }

    static String report(MemoryOverview o) {
        if (o.total < NEARLY_EMPTY) {
            return "This node holds very little data (under 5 MB by its own accounting), so there is nothing to "
                + "diagnose yet. Store some data and ask again.\n";
        }
        StringBuilder issues = new StringBuilder();
        if ((float) o.peak / o.total > 1.5) {
            issues.append(" * Peak memory: the node once used more than 1.5 times what it uses now (peak ")
                .append(o.peak).append(" bytes, now ").append(o.total).append(" bytes). The JVM may keep the heap ")
                .append("it grew to; that is harmless and the room is reused as data grows again.\n\n");
        }
        if (o.clients > 0 && o.clientsNormal / o.clients > BIG_CLIENT) {
            issues.append(" * Big client buffers: connections hold more than 200 KB of buffered queries or ")
                .append("replies on average. Slow readers (for example Pub/Sub subscribers) or very large ")
                .append("pipelines and replies cause this; CLIENT LIST shows which connections.\n\n");
        }
        if (issues.length() == 0) {
            return "No memory problems found in this node's accounting: its peak is close to its current use "
                + "and client buffers are small.\n";
        }
        return "A few things stand out in this node's memory:\n\n" + issues
            + "Everything else looks fine.\n";
    }
}
