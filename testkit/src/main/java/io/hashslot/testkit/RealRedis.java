package io.hashslot.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server 7.0 started by a test on a free loopback port, in its own temporary directory. Tests that
 * need it call {@link #available()} first and skip with a clear message when redis-server is not installed (CI
 * installs it, so CI never skips).
 */
public final class RealRedis implements RunningNode {
    public static final String BINARY = System.getProperty("redis.server", "redis-server");

    private final Process process;
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;

    private RealRedis(Process process, int port, Path dir, List<String> extraArgs) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /** Whether a redis-server binary can be run. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor() == 0 && out.contains("v=7.");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static String unavailableMessage() {
        return "redis-server 7.x not found (install Debian's redis-server: apt-get install -y redis-server); "
            + "comparison against real Redis skipped";
    }

    /** Starts redis-server with extra directives ("--name value" pairs as separate arguments). */
    public static RealRedis start(String... extraArgs) {
        try {
            return launch(true, Files.createTempDirectory("real-redis-"), FreePorts.find(), List.of(extraArgs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RealRedis launch(boolean await, Path dir, int port, List<String> extraArgs) {
        try {
            List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--enable-debug-command", "yes", "--logfile", dir.resolve("redis.log").toString()));
            cmd.addAll(extraArgs);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.resolve("stdout.log").toString())))
                .start();
            RealRedis r = new RealRedis(p, port, dir, extraArgs);
            if (await) {
                r.awaitReady();
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the server with SIGKILL, as a crash would, and keeps its directory (nodes.conf, log). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts redis-server again on the same port, in the same directory, with the same directives. */
    public RealRedis restart() {
        return launch(true, dir, port, extraArgs);
    }

    /**
     * Starts it again on the same port and directory with {@code more} directives added ("--name value"), without
     * waiting until it answers PING (to watch it load its data).
     */
    public RealRedis restartWithoutWaiting(String... more) {
        List<String> all = new ArrayList<>(extraArgs);
        all.addAll(List.of(more));
        return launch(false, dir, port, all);
    }

    private void awaitReady() {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (RawClient c = new RawClient(port)) {
                String reply = c.callRawString("PING");
                if (reply.equals("+PONG\r\n") || reply.startsWith("-NOAUTH")) { // up (requirepass may be set)
                    return;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    public int port() {
        return port;
    }

    /** The server's log file so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "<no log: " + e + ">";
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.deleteQuietly(dir);
    }
}
