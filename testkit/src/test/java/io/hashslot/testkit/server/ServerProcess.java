package io.hashslot.testkit.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs hashslot-server (ServerMain) or redis-server as a child process, for tests of process behaviour. */
final class ServerProcess {
    private ServerProcess() {
    }

    /** Exit code and captured output of a process that is expected to exit by itself. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    static List<String> hashslotCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.hashslot.server.ServerMain");
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Outcome run(List<String> cmd, File dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir);
        File out = File.createTempFile("out", ".txt");
        File err = File.createTempFile("err", ".txt");
        pb.redirectOutput(out);
        pb.redirectError(err);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("process did not exit: " + cmd);
        }
        String o = java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8);
        String e = java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8);
        out.delete();
        err.delete();
        return new Outcome(p.exitValue(), o, e);
    }
}
