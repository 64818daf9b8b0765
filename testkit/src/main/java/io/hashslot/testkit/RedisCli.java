package io.hashslot.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's redis-cli (a real client binary) against a port. Tests call {@link #available()} first and skip
 * with {@link #unavailableMessage()} when it is not installed.
 */
public final class RedisCli {
    public static final String BINARY = System.getProperty("redis.cli", "redis-cli");

    private RedisCli() {
    }

    /** What one run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && out.startsWith("redis-cli ");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static String unavailableMessage() {
        return "redis-cli not found (install Debian's redis-tools: apt-get install -y redis-tools); "
            + "redis-cli tests skipped";
    }

    /** {@code redis-cli -p PORT args...} with no input. */
    public static Result run(int port, String... args) {
        return run(port, null, args);
    }

    /** {@code redis-cli -p PORT args...} reading {@code stdin} (may be null), at most 120 s. */
    public static Result run(int port, byte[] stdin, String... args) {
        return run(port, stdin, false, args);
    }

    /**
     * As {@link #run(int, byte[], String...)}; with {@code plain} the TERM variable is removed from its
     * environment, so {@code --cluster} commands print no color escapes whatever terminal the tests run in.
     */
    public static Result run(int port, byte[] stdin, boolean plain, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            in = Files.createTempFile("redis-cli-in-", ".bin");
            out = Files.createTempFile("redis-cli-out-", ".txt");
            err = Files.createTempFile("redis-cli-err-", ".txt");
            Files.write(in, stdin == null ? new byte[0] : stdin);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
            if (plain) {
                pb.environment().remove("TERM");
            }
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-cli did not finish in 120 s: " + cmd);
            }
            return new Result(p.exitValue(), read(out.toFile()), read(err.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            for (Path p : new Path[] {in, out, err}) {
                if (p != null) {
                    p.toFile().delete();
                }
            }
        }
    }

    private static String read(File f) throws IOException {
        return Files.readString(f.toPath(), StandardCharsets.ISO_8859_1);
    }
}
