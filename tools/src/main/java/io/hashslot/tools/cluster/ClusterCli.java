package io.hashslot.tools.cluster;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code hashslot-cli --cluster <command> ...} front end: parses redis-cli's --cluster-* options (and the
 * redis-trib spellings --replicas, --from, --to, --slots, --yes, --slave, --master-id, --weight, ...), checks the
 * command's arity like redis-cli, and runs it with {@link ClusterAdmin}. Returns the exit code.
 */
public final class ClusterCli {
    /** name, arity (negative = at least), args text, options. */
    private static final String[][] COMMANDS = {
        {"create", "-2", "host1:port1 ... hostN:portN", "replicas <arg>"},
        {"check", "-1", "<host:port> or <host> <port> - separated by either colon or space", "search-multiple-owners"},
        {"info", "-1", "<host:port> or <host> <port> - separated by either colon or space", null},
        {"fix", "-1", "<host:port> or <host> <port> - separated by either colon or space",
            "search-multiple-owners,fix-with-unreachable-masters"},
        {"reshard", "-1", "<host:port> or <host> <port> - separated by either colon or space",
            "from <arg>,to <arg>,slots <arg>,yes,timeout <arg>,pipeline <arg>,replace"},
        {"rebalance", "-1", "<host:port> or <host> <port> - separated by either colon or space",
            "weight <node1=w1...nodeN=wN>,use-empty-masters,timeout <arg>,simulate,pipeline <arg>,threshold <arg>,"
                + "replace"},
        {"add-node", "2", "new_host:new_port existing_host:existing_port", "slave,master-id <arg>"},
        {"del-node", "2", "host:port node_id", null},
        {"call", "-2", "host:port command arg arg .. arg", "only-masters,only-replicas"},
        {"set-timeout", "2", "host:port milliseconds", null},
        {"import", "1", "host:port", "from <arg>,from-user <arg>,from-pass <arg>,from-askpass,copy,replace"},
        {"backup", "2", "host:port backup_directory", null},
        {"help", "0", null, null},
    };

    /** redis-trib spellings accepted as aliases of the --cluster-* options. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
        Map.entry("--replicas", "--cluster-replicas"), Map.entry("--from", "--cluster-from"),
        Map.entry("--to", "--cluster-to"), Map.entry("--slots", "--cluster-slots"),
        Map.entry("--yes", "--cluster-yes"), Map.entry("--slave", "--cluster-slave"),
        Map.entry("--master-id", "--cluster-master-id"), Map.entry("--weight", "--cluster-weight"),
        Map.entry("--timeout", "--cluster-timeout"), Map.entry("--pipeline", "--cluster-pipeline"),
        Map.entry("--threshold", "--cluster-threshold"), Map.entry("--simulate", "--cluster-simulate"),
        Map.entry("--use-empty-masters", "--cluster-use-empty-masters"), Map.entry("--copy", "--cluster-copy"),
        Map.entry("--replace", "--cluster-replace"),
        Map.entry("--search-multiple-owners", "--cluster-search-multiple-owners"),
        Map.entry("--fix-with-unreachable-masters", "--cluster-fix-with-unreachable-masters"),
        Map.entry("--only-masters", "--cluster-only-masters"), Map.entry("--only-replicas", "--cluster-only-replicas"),
        Map.entry("--from-user", "--cluster-from-user"), Map.entry("--from-pass", "--cluster-from-pass"),
        Map.entry("--from-askpass", "--cluster-from-askpass"), Map.entry("--auto-weights", "--cluster-auto-weights"));

    private ClusterCli() {
    }

    /** Whether the command line asks for cluster manager mode. */
    public static boolean wants(String[] args) {
        for (String a : args) {
            if (a.equals("--cluster")) {
                return true;
            }
        }
        return false;
    }

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, in, out, err, env, false);
    }

    /**
     * With {@code signals} (the real process), the first Ctrl-C asks a reshard/rebalance to stop after the slot
     * in progress; a second one exits at once.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                          boolean signals) {
        AdminOptions o = new AdminOptions();
        String command = null;
        List<String> positional = new ArrayList<>();
        boolean noAuthWarning = false;
        boolean passOnCommandLine = false;
        for (int i = 0; i < args.length; i++) {
            String a = ALIASES.getOrDefault(args[i], args[i]);
            boolean hasValue = i + 1 < args.length;
            if (a.equals("--cluster")) {
                if (!hasValue || command != null) {
                    err.print("Usage: hashslot-cli --cluster <command> [args...] [opts...] (see --cluster help)\n");
                    return 1;
                }
                command = args[++i];
            } else if ((a.equals("-a") || a.equals("--pass")) && hasValue) {
                o.auth = args[++i];
                passOnCommandLine = true;
            } else if (a.equals("--user") && hasValue) {
                o.user = args[++i];
            } else if (a.equals("--no-auth-warning")) {
                noAuthWarning = true;
            } else if (a.equals("--verbose")) {
                o.verbose = true;
            } else if (a.equals("--cluster-replicas") && hasValue) {
                o.replicas = ClusterAdmin.atoi(args[++i]);
            } else if (a.equals("--cluster-master-id") && hasValue) {
                o.masterId = args[++i];
            } else if (a.equals("--cluster-from") && hasValue) {
                o.from = args[++i];
            } else if (a.equals("--cluster-to") && hasValue) {
                o.to = args[++i];
            } else if (a.equals("--cluster-from-user") && hasValue) {
                o.fromUser = args[++i];
            } else if (a.equals("--cluster-from-pass") && hasValue) {
                o.fromPass = args[++i];
            } else if (a.equals("--cluster-from-askpass")) {
                o.fromAskpass = true;
            } else if (a.equals("--cluster-weight") && hasValue) {
                if (!o.weights.isEmpty()) {
                    err.print("WARNING: you cannot use --cluster-weight more than once.\nYou can set more weights "
                        + "by adding them as a space-separated list, ie:\n--cluster-weight n1=w n2=w\n");
                    return 1;
                }
                while (i + 1 < args.length && !args[i + 1].startsWith("--") && args[i + 1].contains("=")) {
                    o.weights.add(args[++i]);
                }
            } else if (a.equals("--cluster-slots") && hasValue) {
                o.slots = ClusterAdmin.atoi(args[++i]);
            } else if (a.equals("--cluster-timeout") && hasValue) {
                o.timeout = ClusterAdmin.atoi(args[++i]);
            } else if (a.equals("--cluster-pipeline") && hasValue) {
                o.pipeline = ClusterAdmin.atoi(args[++i]);
            } else if (a.equals("--cluster-threshold") && hasValue) {
                o.threshold = AdminReshard.atof(args[++i]);
            } else if (a.equals("--cluster-yes")) {
                o.yes = true;
            } else if (a.equals("--cluster-simulate")) {
                o.simulate = true;
            } else if (a.equals("--cluster-replace")) {
                o.replace = true;
            } else if (a.equals("--cluster-copy")) {
                o.copy = true;
            } else if (a.equals("--cluster-slave")) {
                o.slave = true;
            } else if (a.equals("--cluster-use-empty-masters")) {
                o.useEmptyMasters = true;
            } else if (a.equals("--cluster-search-multiple-owners")) {
                o.searchMultipleOwners = true;
            } else if (a.equals("--cluster-fix-with-unreachable-masters")) {
                o.fixWithUnreachableMasters = true;
            } else if (a.equals("--cluster-only-masters")) {
                o.onlyMasters = true;
            } else if (a.equals("--cluster-only-replicas")) {
                o.onlyReplicas = true;
            } else if (a.equals("--cluster-auto-weights")) {
                // redis-trib declared --auto-weights for rebalance but never read it: accepted (no value) and ignored
                continue;
            } else if (command != null && (positional.isEmpty() || !a.startsWith("-")
                || command.equals("call") && positional.size() >= 1)) {
                positional.add(args[i]);
            } else if (command == null && !a.startsWith("-")) {
                positional.add(args[i]);
            } else {
                err.print("Unrecognized option or bad number of args for: '" + args[i] + "'\n");
                return 1;
            }
        }
        if (passOnCommandLine && !noAuthWarning) {
            err.print("Warning: Using a password with '-a' or '-u' option on the command line interface may not "
                + "be safe.\n");
        }
        if (o.auth == null && env != null && env.get("REDISCLI_AUTH") != null) {
            o.auth = env.get("REDISCLI_AUTH");
        }
        String[] def = null;
        for (String[] c : COMMANDS) {
            if (c[0].equals(command)) {
                def = c;
            }
        }
        if (def == null) {
            err.print("Unknown --cluster subcommand\n");
            return 1;
        }
        int arity = Integer.parseInt(def[1]);
        int argc = positional.size();
        if ((arity > 0 && argc != arity) || (arity < 0 && argc < -arity)) {
            err.print("[ERR] Wrong number of arguments for specified --cluster sub command\n");
            return 1;
        }
        ClusterAdmin admin = new ClusterAdmin(o, in, out, err);
        if (signals) {
            installInterrupt(admin);
        }
        if (o.fromAskpass) {
            out.print("Please input import source node password: ");
            out.flush();
            o.fromPass = admin.readLine();
        }
        String term = env == null ? null : env.get("TERM");
        admin.colors = term != null && term.contains("xterm");
        try {
            boolean ok = dispatch(admin, command, positional, out, err);
            out.flush();
            return ok ? 0 : 1;
        } catch (AdminExit e) {
            out.flush();
            return e.code();
        } finally {
            admin.closeAll();
        }
    }

    private static void installInterrupt(ClusterAdmin admin) {
        boolean[] once = new boolean[1];
        org.jline.utils.Signals.register("INT", () -> {
            if (once[0]) {
                Runtime.getRuntime().halt(130);
            }
            once[0] = true;
            admin.requestStop();
        });
    }

    private static boolean dispatch(ClusterAdmin admin, String command, List<String> p, PrintStream out,
                                    PrintStream err) {
        if (command.equals("help")) {
            printHelp(out);
            return false;
        }
        if (command.equals("create")) {
            return admin.create(p);
        }
        boolean hostOnly = List.of("check", "info", "fix", "reshard", "rebalance", "import").contains(command);
        Object[] host = hostOnly ? hostFrom(p) : hostFrom(p.subList(0, 1));
        if (host == null) {
            err.print("[ERR] Invalid arguments: you need to pass either a valid address (ie. 120.0.0.1:7000) or "
                + "space separated IP and port (ie. 120.0.0.1 7000)\n");
            return false;
        }
        String ip = (String) host[0];
        int port = (Integer) host[1];
        return switch (command) {
            case "check" -> admin.check(ip, port);
            case "info" -> admin.info(ip, port);
            case "fix" -> admin.fix(ip, port);
            case "reshard" -> admin.reshard(ip, port);
            case "rebalance" -> admin.rebalance(ip, port);
            case "import" -> admin.importFrom(ip, port);
            case "add-node" -> {
                Object[] ref = hostFrom(p.subList(1, 2));
                if (ref == null) {
                    err.print("[ERR] Invalid arguments: you need to pass either a valid address (ie. 120.0.0.1:7000) "
                        + "or space separated IP and port (ie. 120.0.0.1 7000)\n");
                    yield false;
                }
                yield admin.addNode(ip, port, (String) ref[0], (Integer) ref[1]);
            }
            case "del-node" -> admin.delNode(ip, port, p.get(1));
            case "set-timeout" -> admin.setTimeout(ip, port, ClusterAdmin.atoi(p.get(1)));
            case "call" -> admin.call(ip, port, p.subList(1, p.size()));
            case "backup" -> admin.backup(ip, port, p.get(1));
            default -> false;
        };
    }

    /** "host:port" (one argument) or "host port" (two). */
    private static Object[] hostFrom(List<String> p) {
        String ip;
        int port;
        if (p.size() == 1) {
            Object[] a = ClusterAdmin.parseAddress(p.get(0));
            if (a == null) {
                return null;
            }
            ip = (String) a[0];
            port = (Integer) a[1];
        } else {
            ip = p.get(0);
            port = ClusterAdmin.atoi(p.get(1));
        }
        return ip.isEmpty() || port == 0 ? null : new Object[] {ip, port};
    }

    static void printHelp(PrintStream out) {
        StringBuilder sb = new StringBuilder("Cluster Manager Commands:\n");
        int padding = 15;
        for (String[] c : COMMANDS) {
            sb.append("  ").append(c[0]).append(" ".repeat(Math.max(0, padding - c[0].length())))
                .append(c[2] == null ? "" : c[2]).append('\n');
            if (c[3] != null) {
                for (String opt : c[3].split(",")) {
                    sb.append(" ".repeat(padding)).append("  --cluster-").append(opt).append('\n');
                }
            }
        }
        sb.append("\nFor check, fix, reshard, del-node, set-timeout, info, rebalance, call, import, backup you can "
            + "specify the host and port of any working node in the cluster.\n");
        sb.append("\nCluster Manager Options:\n");
        sb.append("  --cluster-yes  Automatic yes to cluster commands prompts\n\n");
        out.print(sb);
    }
}
