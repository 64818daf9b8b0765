package io.hashslot.testkit;

import io.hashslot.commands.ServerContext;
import io.hashslot.common.SystemClock;
import io.hashslot.common.config.ConfigException;
import io.hashslot.common.config.ConfigStore;
import io.hashslot.server.HashslotServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** A Hashslot node started in this JVM on a free loopback port, in its own temporary directory. */
public final class TestNode implements RunningNode {
    private final HashslotServer server;
    private final Path dir;

    private TestNode(HashslotServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /** Starts a node; {@code directives} are name/value pairs ("maxclients", "10", ...). */
    public static TestNode start(String... directives) {
        try {
            return startIn(Files.createTempDirectory("hashslot-node-"), directives);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a node working in {@code dir} (e.g. again after {@link #stopKeepingFiles()}, to restart from its
     * files); a "port" directive overrides the free port picked here.
     */
    public static TestNode startIn(Path dir, String... directives) {
        try {
            ConfigStore config = new ConfigStore();
            config.set("port", String.valueOf(FreePorts.find()));
            config.set("bind", "127.0.0.1");
            config.set("logfile", dir.resolve("node.log").toString());
            config.set("enable-debug-command", "yes");
            for (int i = 0; i + 1 < directives.length; i += 2) {
                config.set(directives[i], directives[i + 1]);
            }
            HashslotServer s = new HashslotServer(config, SystemClock.INSTANCE, new SplittableRandom().nextLong(),
                dir, "");
            s.start();
            return new TestNode(s, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public int port() {
        return server.port();
    }

    public HashslotServer server() {
        return server;
    }

    public Path dir() {
        return dir;
    }

    public RawClient client() {
        return new RawClient(port());
    }

    /**
     * Runs {@code query} on the node's execution thread (the only thread that may touch its state) and returns
     * the result, e.g. {@code node.inspect(s -> s.clients().size())}.
     */
    public <T> T inspect(Function<ServerContext, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        server.execute(() -> {
            try {
                result.complete(query.apply(server.context()));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("inspecting the node failed", e);
        }
    }

    /** The node's log so far. */
    public String log() {
        try {
            Path p = dir.resolve("node.log");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the node and leaves its directory (nodes.conf, logs) for a restart with {@link #startIn}. */
    public void stopKeepingFiles() {
        server.stop();
    }

    @Override
    public void close() {
        server.stop();
        TempDirs.deleteQuietly(dir);
    }
}
