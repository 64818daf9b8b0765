package io.hashslot.tools.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one CLI run printed and returned: ours in-process, or Debian's redis-cli as a process. */
record CliRun(byte[] stdout, byte[] stderr, int exitCode) {

    String out() {
        return new String(stdout, StandardCharsets.ISO_8859_1);
    }

    String err() {
        return new String(stderr, StandardCharsets.ISO_8859_1);
    }

    /** Runs hashslot-cli in this JVM with the given stdin; {@code fakeTty} sets FAKETTY like redis-cli tests do. */
    static CliRun ours(List<String> args, byte[] stdin, boolean fakeTty, Map<String, String> extraEnv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(extraEnv);
        if (fakeTty) {
            env.put("FAKETTY", "1");
        }
        CliIo io = new CliIo(new ByteArrayInputStream(stdin), out, err, env, false, false);
        int code = new Cli().run(args.toArray(new String[0]), io);
        return new CliRun(out.toByteArray(), err.toByteArray(), code);
    }

    static CliRun ours(String... args) {
        return ours(List.of(args), new byte[0], false, Map.of());
    }

    /** Runs redis-cli with the given arguments and stdin. */
    static CliRun redis(List<String> args, byte[] stdin, boolean fakeTty, Map<String, String> extraEnv) {
        List<String> cmd = new ArrayList<>();
        cmd.add(RedisServerProcess.CLI);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("REDISCLI_AUTH");
        pb.environment().putAll(extraEnv);
        if (fakeTty) {
            pb.environment().put("FAKETTY", "1");
        }
        try {
            Process p = pb.start();
            Thread feeder = new Thread(() -> {
                try (var in = p.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // the CLI may exit without reading stdin
                }
            });
            feeder.start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException e) {
                    // ignore
                }
            });
            errReader.start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            errReader.join();
            feeder.join();
            return new CliRun(out, err.toByteArray(), code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
