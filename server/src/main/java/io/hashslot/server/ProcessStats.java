package io.hashslot.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process figures INFO reports: machine memory and CPU times, from /proc where available. */
final class ProcessStats {
    /** Linux clock ticks per second (USER_HZ), the unit of /proc/self/stat times. */
    private static final long TICK_MICROS = 10_000;

    private ProcessStats() {
    }

    static long totalSystemMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return 0;
    }

    /** {process user, process system, this thread user, this thread total} in microseconds. */
    static long[] cpuMicros() {
        long user;
        long sys;
        long[] ticks = processTicks();
        if (ticks != null) {
            user = ticks[0] * TICK_MICROS;
            sys = ticks[1] * TICK_MICROS;
        } else {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            user = Math.max(0, total / 1000);
            sys = 0;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long threadTotal = Math.max(0, threads.getCurrentThreadCpuTime() / 1000);
        long threadUser = Math.max(0, threads.getCurrentThreadUserTime() / 1000);
        return new long[] {user, sys, threadUser, threadTotal};
    }

    /** Process CPU times in clock ticks from /proc/self/stat: {user, system}, or null. */
    private static long[] processTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
