package io.hashslot.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/create-cluster} driven end to end against the jar this module just packaged (run by the
 * integration-test phase, after package): six node processes in a temporary directory, {@code create -f},
 * {@code call}, client traffic through {@code redis-cli -c} and {@code hashslot-cli -c}, {@code tail},
 * {@code watch}, {@code restart}, {@code stop} and {@code clean}. The steps share one cluster and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CreateClusterIT {
    private static final int NODES = 6;
    private static final Duration STEP_LIMIT = Duration.ofSeconds(90);

    // static: one directory for the whole ordered run (an instance field would be a new one per step)
    @TempDir
    static Path dir;
    @TempDir
    static Path outputs;

    private Path home;
    private Path jar;
    private int base;

    @BeforeAll
    void locate() {
        home = Path.of(System.getProperty("hashslot.home", "..")).toAbsolutePath().normalize();
        jar = Path.of(System.getProperty("hashslot.jar", "target/hashslot.jar")).toAbsolutePath().normalize();
        assertThat(home.resolve("bin/create-cluster")).isExecutable();
        assertThat(jar).as("the shaded jar must be packaged before this test runs").isRegularFile();
        base = freeRange();
    }

    @AfterAll
    void killLeftovers() {
        // only processes running our jar as one of this test's node ports (if a step failed before stop)
        List<String> ports = ports().stream().map(String::valueOf).toList();
        ProcessHandle.allProcesses().filter(h -> {
            List<String> args = List.of(h.info().arguments().orElse(new String[0]));
            int i = args.indexOf("--port");
            return args.contains("io.hashslot.server.ServerMain") && args.contains(jar.toString()) && i >= 0
                && i + 1 < args.size() && ports.contains(args.get(i + 1));
        }).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    @Order(1)
    void startLaunchesEveryNodeAsItsOwnProcess() throws Exception {
        Run r = script("start");
        assertThat(r.code).as(r.toString()).isZero();
        for (int p : ports()) {
            assertThat(r.out).contains("Starting " + p);
            assertThat(ping(p)).as("node %d answers", p).isTrue();
        }
        assertThat(nodeProcesses()).as("one JVM per node").hasSize(NODES);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
                .contains(base + 1 + ".log", "nodes-" + (base + 1) + ".conf", "appendonlydir-" + (base + NODES));
        }
    }

    @Test
    @Order(2)
    void createJoinsThemIntoACoveredCluster() throws Exception {
        Run r = script("create", "-f");
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("All 16384 slots covered");
        awaitClusterOk();
        Run infos = script("call", "cluster", "info");
        for (String field : List.of("cluster_slots_assigned:16384", "cluster_slots_ok:16384",
                "cluster_known_nodes:6", "cluster_size:3")) {
            assertThat(infos.out.lines().filter(l -> l.strip().equals(field)).count()).as(field + "\n" + infos)
                .isEqualTo(NODES);
        }
        String nodes = script("call", "cluster", "nodes").out;
        long masters = nodes.lines().filter(l -> l.contains("myself,master")).count();
        long replicas = nodes.lines().filter(l -> l.contains("myself,slave")).count();
        assertThat(masters).isEqualTo(3);
        assertThat(replicas).isEqualTo(3);
    }

    @Test
    @Order(3)
    void callRunsOnEveryNodeWithTheScriptSettings() throws Exception {
        // TIMEOUT and ADDITIONAL_OPTIONS reached every node's command line
        Run timeout = script("call", "config", "get", "cluster-node-timeout");
        assertThat(timeout.out.lines().filter(l -> l.equals("1500")).count()).as(timeout.toString()).isEqualTo(NODES);
        Run policy = script("call", "config", "get", "maxmemory-policy");
        assertThat(policy.out.lines().filter(l -> l.equals("allkeys-lru")).count()).as(policy.toString())
            .isEqualTo(NODES);
    }

    @Test
    @Order(4)
    void redisCliFollowsRedirects() throws Exception {
        Assumptions.assumeTrue(onPath("redis-cli"), "redis-cli is not installed");
        for (int i = 0; i < 20; i++) {
            int from = base + 1 + i % NODES;
            Run set = run(List.of("redis-cli", "-c", "-p", String.valueOf(from), "set", "key:" + i, "v" + i));
            assertThat(set.out.strip()).as(set.toString()).isEqualTo("OK");
        }
        for (int i = 0; i < 20; i++) {
            int from = base + 1 + (i + 3) % NODES;
            Run get = run(List.of("redis-cli", "-c", "-p", String.valueOf(from), "get", "key:" + i));
            assertThat(get.out.strip()).as(get.toString()).isEqualTo("v" + i);
        }
    }

    @Test
    @Order(5)
    void hashslotCliFollowsRedirects() throws Exception {
        String cli = home.resolve("bin/hashslot-cli").toString();
        Run set = run(List.of(cli, "-c", "-p", String.valueOf(base + 1), "set", "{user}:1", "alice"));
        assertThat(set.out.strip()).as(set.toString()).isEqualTo("OK");
        Run get = run(List.of(cli, "-c", "-p", String.valueOf(base + 2), "get", "{user}:1"));
        assertThat(get.out.strip()).as(get.toString()).isEqualTo("alice");
    }

    @Test
    @Order(6)
    void tailFollowsTheNodeLog() throws Exception {
        String out = runFor(Duration.ofSeconds(3), "tail", "2");
        List<String> log = Files.readAllLines(dir.resolve(base + 2 + ".log"));
        List<String> lines = out.lines().toList();
        assertThat(lines).isNotEmpty();
        assertThat(log).containsAll(lines);
    }

    @Test
    @Order(7)
    void watchShowsTheFirstNodesView() throws Exception {
        String out = runFor(Duration.ofSeconds(3), "watch");
        assertThat(out).contains("127.0.0.1:" + (base + 1) + "@" + (base + 1 + 10000) + " myself,master");
    }

    @Test
    @Order(8)
    void restartBringsTheSameClusterBack() throws Exception {
        Run r = script("restart");
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).contains("Stopping " + (base + 1), "Starting " + (base + NODES));
        awaitClusterOk();
        String cli = home.resolve("bin/hashslot-cli").toString();
        // written before the restart, kept by the append-only files
        Run get = run(List.of(cli, "-c", "-p", String.valueOf(base + 3), "get", "{user}:1"));
        assertThat(get.out.strip()).as(get.toString()).isEqualTo("alice");
    }

    @Test
    @Order(9)
    void stopShutsEveryNodeDown() throws Exception {
        Run r = script("stop");
        assertThat(r.code).as(r.toString()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!nodeProcesses().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(nodeProcesses()).isEmpty();
        for (int p : ports()) {
            assertThat(ping(p)).as("node %d is down", p).isFalse();
        }
    }

    @Test
    @Order(10)
    void cleanLogsThenCleanRemoveTheFiles() throws Exception {
        assertThat(script("clean-logs").code).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertThat(names).noneMatch(n -> n.endsWith(".log")).contains("nodes-" + (base + 1) + ".conf");
        }
        assertThat(script("clean").code).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    // ---- helpers ----

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private List<Integer> ports() {
        return IntStream.rangeClosed(base + 1, base + NODES).boxed().toList();
    }

    private ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("HASHSLOT_JAR", jar.toString());
        env.put("PORT", String.valueOf(base));
        env.put("NODES", String.valueOf(NODES));
        env.put("REPLICAS", "1");
        env.put("TIMEOUT", "1500");
        env.put("ADDITIONAL_OPTIONS", "--maxmemory-policy allkeys-lru");
        env.put("TERM", "dumb");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb;
    }

    private Run script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/create-cluster").toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Runs to completion; output goes through files because the daemonized nodes must not hold our pipes. */
    private Run run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(outputs, "out", ".txt");
        Path err = Files.createTempFile(outputs, "err", ".txt");
        Process p = builder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(STEP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in " + STEP_LIMIT);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs a never-ending subcommand (tail, watch) for a while, then stops it and its children. */
    private String runFor(Duration d, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(outputs, "out", ".txt");
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/create-cluster").toString()));
        cmd.addAll(List.of(args));
        Process p = builder(cmd).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        boolean ended = p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        assertThat(ended).as("%s keeps running until stopped", List.of(args)).isFalse();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private void awaitClusterOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Run last;
        do {
            last = script("call", "cluster", "info");
            long ok = last.out.lines().filter(l -> l.strip().equals("cluster_state:ok")).count();
            if (ok == NODES) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("cluster_state:ok not reached on all nodes:\n" + last);
    }

    private List<ProcessHandle> nodeProcesses() {
        List<String> ports = ports().stream().map(String::valueOf).toList();
        return ProcessHandle.allProcesses().filter(h -> {
            List<String> args = List.of(h.info().arguments().orElse(new String[0]));
            int i = args.indexOf("--port");
            return args.contains("io.hashslot.server.ServerMain") && args.contains(jar.toString()) && i >= 0
                && i + 1 < args.size() && ports.contains(args.get(i + 1));
        }).toList();
    }

    private static boolean ping(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[7];
            int n = s.getInputStream().readNBytes(buf, 0, 7);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    /** A base port whose PORT+1..PORT+NODES and their bus ports (+10000) are all free now. */
    private static int freeRange() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 20000 + ThreadLocalRandom.current().nextInt(9000);
            boolean free = true;
            for (int p = candidate + 1; p <= candidate + NODES && free; p++) {
                free = bindable(p) && bindable(p + 10000);
            }
            if (free) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
