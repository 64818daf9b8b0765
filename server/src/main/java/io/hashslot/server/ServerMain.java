package io.hashslot.server;

import io.hashslot.commands.ServerContext;
import io.hashslot.common.SystemClock;
import io.hashslot.common.config.ConfigFileException;
import io.hashslot.common.config.ConfigLoader;
import io.hashslot.common.config.ConfigStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code hashslot-server [/path/to/redis.conf] [--directive value ...] [-]}: starts one node in this process, the
 * way redis-server does, and exits when it shuts down.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static void usage() {
        System.err.println("Usage: ./hashslot-server [/path/to/redis.conf] [options] [-]");
        System.err.println("       ./hashslot-server - (read config from stdin)");
        System.err.println("       ./hashslot-server -v or --version");
        System.err.println("       ./hashslot-server -h or --help");
        System.err.println();
        System.err.println("Examples:");
        System.err.println("       ./hashslot-server (run the server with default conf)");
        System.err.println("       ./hashslot-server /etc/redis/6379.conf");
        System.err.println("       ./hashslot-server --port 7777");
        System.err.println("       ./hashslot-server /etc/myredis.conf --loglevel verbose -");
        System.err.println("       ./hashslot-server /etc/myredis.conf --loglevel verbose");
    }

    static int run(String[] args) throws Exception {
        if (args.length >= 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println("Hashslot server v=" + ServerContext.HASHSLOT_VERSION + " redis_version="
                + ServerContext.REDIS_VERSION + " bits=64 java=" + System.getProperty("java.version"));
            return 0;
        }
        if (args.length >= 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            usage();
            return 1;
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path configFile = null;
        int j = 0;
        if (args.length >= 1 && !args[0].startsWith("-")) {
            configFile = cwd.resolve(args[0]).normalize();
            j = 1;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(j, args.length));
        boolean stdin = false;
        if (!rest.isEmpty() && (rest.get(rest.size() - 1).equals("-") || (j == 0 && rest.get(0).equals("-")))) {
            stdin = true;
            rest.remove(rest.get(0).equals("-") && j == 0 ? 0 : rest.size() - 1);
        }
        ConfigStore config = new ConfigStore();
        ConfigLoader loader = new ConfigLoader(config, io.hashslot.common.NodeLog.NONE, cwd);
        try {
            String stdinText = stdin
                ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1) : null;
            loader.load(configFile, stdinText, ConfigLoader.optionsFromArgs(rest));
        } catch (ConfigFileException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        if (config.getBool("daemonize") && System.getenv("HASHSLOT_DAEMONIZED") == null) {
            return Daemon.detach(args);
        }
        HashslotServer node = new HashslotServer(config, SystemClock.INSTANCE, new SplittableRandom().nextLong(),
            cwd, configFile == null ? "" : configFile.toString());
        NodeLogger log = node.log();
        log.setRole('C');
        log.warning("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        log.warning("Redis version=" + ServerContext.REDIS_VERSION + ", bits=64, commit=00000000, modified=0, pid="
            + ProcessHandle.current().pid() + ", just started");
        log.warning("Hashslot version=" + ServerContext.HASHSLOT_VERSION + ", java=" + System.getProperty(
            "java.version"));
        if (args.length == 0) {
            log.warning("Warning: no config file specified, using the default config. In order to specify a "
                + "config file use hashslot-server /path/to/redis.conf");
        } else {
            log.warning("Configuration loaded");
        }
        for (String name : loader.noEffect()) {
            log.verbose("Directive '" + name + "' is accepted for compatibility and has no effect in Hashslot");
        }
        node.setCrashAction(() -> Runtime.getRuntime().halt(139));
        try {
            node.start();
        } catch (HashslotServer.StoppedWhileLoading e) {
            node.terminationFuture().join();
            return 0;
        } catch (IOException e) {
            return 1; // the node logged "Failed listening on port ..." before closing its log
        }
        Signals.install(node);
        node.terminationFuture().join();
        return 0;
    }
}
