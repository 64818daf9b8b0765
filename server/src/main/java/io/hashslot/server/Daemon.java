package io.hashslot.server;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** daemonize yes: starts the same command again detached from the terminal (new session), then returns. */
final class Daemon {
    private Daemon() {
    }

    static int detach(String[] args) throws java.io.IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ServerMain.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HASHSLOT_DAEMONIZED", "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.start();
        return 0;
    }
}
