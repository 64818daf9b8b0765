package io.hashslot.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of this process, from /proc/self/statm. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    static long residentBytes() {
        try {
            String[] parts = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(parts[1]) * 4096L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
