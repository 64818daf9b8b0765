package io.hashslot.server;

import io.hashslot.commands.ServerContext;

/** Memory figures for INFO and the cron's debug line. */
final class MemoryInfo {
    private MemoryInfo() {
    }

    /** Bytes of heap in use by the JVM (shared by all nodes of the process). */
    static long usedMemory(ServerContext server) {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
