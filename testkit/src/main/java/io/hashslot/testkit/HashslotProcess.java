package io.hashslot.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hashslot node running as its own operating-system process ({@code io.hashslot.server.ServerMain}, the class
 * behind bin/hashslot-server, on this JVM's class path), on a free loopback port in its own directory: what a test
 * needs to {@code kill -9} a node, or let DEBUG SEGFAULT end its process, and restart it from its files.
 */
public final class HashslotProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final List<String> directives;

    private HashslotProcess(Process process, int port, Path dir, List<String> directives) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.directives = directives;
    }

    /** Starts a node; {@code directives} are "--name value" pairs as separate arguments, as for redis-server. */
    public static HashslotProcess start(String... directives) {
        try {
            return launch(true, Files.createTempDirectory("hashslot-process-"), FreePorts.find(), List.of(directives));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HashslotProcess launch(boolean await, Path dir, int port, List<String> directives) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss2m",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            "io.hashslot.server.ServerMain", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
            "--dir", dir.toString(), "--enable-debug-command", "yes", "--logfile", dir.resolve("node.log").toString()));
        cmd.addAll(directives);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.resolve("stdout.log").toString())))
                .start();
            HashslotProcess node = new HashslotProcess(p, port, dir, directives);
            if (await) {
                node.awaitReady();
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (RawClient c = new RawClient(port)) {
                if (c.callRawString("PING").equals("+PONG\r\n")) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Hashslot process did not start on port " + port + ":\n" + log());
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The operating-system process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process's exit status, waiting for it to end. */
    public int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The node's log so far. */
    public String log() {
        try {
            Path p = dir.resolve("node.log");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "<no log: " + e + ">";
        }
    }

    /** {@code kill -9}: the process ends at once, nothing saved; the directory stays for {@link #restart()}. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** Starts the node again on the same port, in the same directory (nodes.conf, AOF, RDB), same directives. */
    public HashslotProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        return launch(true, dir, port, directives);
    }

    /**
     * Starts it again on the same port and directory with {@code more} directives added ("--name value"), without
     * waiting until it answers PING (to watch it load its data).
     */
    public HashslotProcess restartWithoutWaiting(String... more) {
        List<String> all = new ArrayList<>(directives);
        all.addAll(List.of(more));
        return launch(false, dir, port, all);
    }

    @Override
    public void close() {
        kill();
        TempDirs.deleteQuietly(dir);
    }
}
