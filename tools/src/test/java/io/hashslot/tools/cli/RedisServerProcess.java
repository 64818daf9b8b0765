package io.hashslot.tools.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server for the CLI tests (the tools module cannot use the Hashslot server), on a free loopback port
 * in its own temporary directory. {@link #assumeAvailable()} skips a test when redis-server/redis-cli are missing.
 */
final class RedisServerProcess implements AutoCloseable {
    static final String SERVER = System.getProperty("redis.server", "redis-server");
    static final String CLI = System.getProperty("redis.cli", "redis-cli");

    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(runs(SERVER) && runs(CLI),
            "redis-server/redis-cli 7.x not installed (apt-get install -y redis-server redis-tools); skipped");
    }

    private static boolean runs(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && out.contains("7.");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static RedisServerProcess start(String... extra) {
        int port = freePort();
        try {
            Path dir = Files.createTempDirectory("cli-test-redis-");
            List<String> cmd = new ArrayList<>(List.of(SERVER, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--enable-debug-command", "yes", "--logfile", dir.resolve("redis.log").toString()));
            cmd.addAll(List.of(extra));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(dir.resolve("stdout.log").toString())).start();
            RedisServerProcess r = new RedisServerProcess(p, port, dir);
            r.awaitReady();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    static int freePort() {
        for (int i = 0; i < 100; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int port = s.getLocalPort();
                if (port + 10000 > 65535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10000)) {
                    return port;
                } catch (IOException busy) {
                    // next
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (call("PING").equals("+PONG\r\n")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            sleep(20);
        }
        close();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** Sends an inline command and returns the first reply line (with CRLF). */
    String call(String inline) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                sb.append((char) b);
                if (sb.length() >= 2 && sb.charAt(sb.length() - 2) == '\r' && b == '\n') {
                    break;
                }
            }
            return sb.toString();
        }
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
