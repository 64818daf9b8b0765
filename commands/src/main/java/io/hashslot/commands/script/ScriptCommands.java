package io.hashslot.commands.script;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.ClientConnection;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Help;
import io.hashslot.commands.ServerContext;
import java.util.Arrays;
import java.util.Locale;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT LOAD / EXISTS / FLUSH / KILL / DEBUG / HELP. The engine runs on the
 * node's script thread ({@link ScriptExecutor}); this class does what Redis's eval.c and script.c do around it:
 * argument checks, the script cache, shebang flags and the checks made before a script runs.
 */
public final class ScriptCommands {
    private static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

    private final ServerContext server;
    private final CommandProcessor processor;
    private final ScriptExecutor executor;
    private final ScriptCache cache = new ScriptCache();
    private Client scriptClient;

    public ScriptCommands(ServerContext server, CommandProcessor processor) {
        this.server = server;
        this.processor = processor;
        this.executor = new ScriptExecutor(server, processor);
        server.setScriptStats(new ScriptStats() {
            @Override
            public int cachedScripts() {
                return cache.size();
            }

            @Override
            public long cacheMemory() {
                return cache.memory();
            }

            @Override
            public long vmMemory() {
                return executor.vmMemory();
            }
        });
        server.setScriptOomRule(this::deniesOom);
    }

    /**
     * evalGetCommandFlags for maxmemory: a script that declared flags is denyoom unless it declared allow-oom or
     * no-writes; a script without flags (or not known yet, for EVALSHA) keeps EVAL's own flags, which are not.
     */
    private boolean deniesOom(io.hashslot.commands.CommandSpec cmd, byte[][] argv) {
        String name = cmd.fullName();
        boolean bySha = name.equals("evalsha") || name.equals("evalsha_ro");
        if (!bySha && !name.equals("eval") && !name.equals("eval_ro")) {
            return false;
        }
        if (bySha && argv[1].length != 40) {
            return false;
        }
        String sha = bySha ? Args.text(argv[1]).toLowerCase(Locale.ROOT) : Sha1.hex(argv[1]);
        ScriptCache.Script script = cache.get(sha);
        Shebang flags;
        if (script != null) {
            flags = script.shebang();
        } else if (bySha) {
            return false;
        } else {
            try {
                flags = Shebang.parse(argv[1]);
            } catch (Shebang.Invalid e) {
                return false;
            }
        }
        return !flags.has(Shebang.COMPAT) && !flags.has(Shebang.ALLOW_OOM) && !flags.has(Shebang.NO_WRITES);
    }

    public void register(CommandTable t) {
        t.register("eval", (c, argv) -> eval(c, argv, false, false));
        t.register("evalsha", (c, argv) -> eval(c, argv, true, false));
        t.register("eval_ro", (c, argv) -> eval(c, argv, false, true));
        t.register("evalsha_ro", (c, argv) -> eval(c, argv, true, true));
        t.register("script|load", this::load);
        t.register("script|exists", this::exists);
        t.register("script|flush", this::flush);
        t.register("script|kill", this::kill);
        t.register("script|debug", this::debug);
        t.register("script|help", this::help);
    }

    private Client scriptClient() {
        if (scriptClient == null) {
            scriptClient = new Client(server.clients().nextId(), server, ClientConnection.NONE);
            scriptClient.addFlag(Client.FLAG_SCRIPT | Client.FLAG_DENY_BLOCKING);
            scriptClient.setAuthenticated(true);
        }
        return scriptClient;
    }

    private void eval(Client c, byte[][] argv, boolean bySha, boolean ro) {
        processor.feedMonitors(c, argv);
        // scripts replicate by effects: the commands they run propagate (wrapped in MULTI/EXEC), EVAL itself not
        c.preventPropagation();
        if (server.scriptEngines() == null) {
            c.error("ERR scripting is not available on this node");
            return;
        }
        if (bySha && argv[1].length != 40) {
            c.error(NOSCRIPT);
            return;
        }
        long numkeys = Args.longArg(c, argv[2]);
        if (numkeys > argv.length - 3) {
            c.error("ERR Number of keys can't be greater than number of args");
            return;
        } else if (numkeys < 0) {
            c.error("ERR Number of keys can't be negative");
            return;
        }
        String sha = bySha ? Args.text(argv[1]).toLowerCase(Locale.ROOT) : Sha1.hex(argv[1]);
        ScriptCache.Script script = cache.get(sha);
        boolean compile = false;
        if (script == null) {
            if (bySha) {
                c.error(NOSCRIPT);
                return;
            }
            Shebang shebang;
            try {
                shebang = Shebang.parse(argv[1]);
            } catch (Shebang.Invalid e) {
                c.error("ERR " + e.getMessage());
                return;
            }
            script = new ScriptCache.Script(argv[1], shebang);
            compile = true;
        }
        int n = (int) numkeys;
        byte[][] keys = Arrays.copyOfRange(argv, 3, 3 + n);
        byte[][] args = Arrays.copyOfRange(argv, 3 + n, argv.length);
        ScriptCache.Script s = script;
        boolean needsCompile = compile;
        Shebang flags = s.shebang();
        boolean readOnly = ro || (!flags.has(Shebang.COMPAT) && flags.has(Shebang.NO_WRITES));
        ScriptRun run = new ScriptRun(server, processor, server.busyGate(), c, scriptClient(), sha, readOnly);
        run.setAllowCrossSlot(flags.has(Shebang.COMPAT) || flags.has(Shebang.ALLOW_CROSS_SLOT));
        run.setAllowOom(!flags.has(Shebang.COMPAT) && flags.has(Shebang.ALLOW_OOM));
        executor.runScript(run, engine -> {
            if (needsCompile && !compile(engine, run, sha, s)) {
                return;
            }
            String refused = refuse(run, flags, ro);
            if (refused != null) {
                run.beginReply();
                try {
                    run.error(refused);
                } finally {
                    run.endReply();
                }
                return;
            }
            engine.run(sha, keys, args, run);
        });
    }

    /** Script thread: compiles a new script and caches it, or replies the compile error. */
    private boolean compile(ScriptEngine engine, ScriptRun run, String sha, ScriptCache.Script s) {
        String error = engine.compile(sha, s.body(), s.shebang().length());
        run.beginReply();
        try {
            if (error != null) {
                run.error("ERR Error compiling script (new function): " + error);
                return false;
            }
            cache.put(sha, s);
            return true;
        } finally {
            run.endReply();
        }
    }

    /** scriptPrepareForRun: why a script with these flags may not run now, or null. */
    private String refuse(ScriptRun run, Shebang flags, boolean ro) {
        if (flags.has(Shebang.COMPAT)) {
            return null;
        }
        if (flags.has(Shebang.NO_CLUSTER) && server.config().getBool("cluster-enabled")) {
            return "ERR Can not run script on cluster, 'no-cluster' flag is set.";
        }
        if (!flags.has(Shebang.NO_WRITES)) {
            if (server.isReplica() && server.config().getBool("replica-read-only")
                && !run.caller().hasFlag(Client.FLAG_MASTER)) {
                return "READONLY Can not run script with write flag on readonly replica";
            }
            if (ro) {
                return "ERR Can not execute a script with write flag using *_ro command.";
            }
            if (!server.replication().goodReplicasOk()) {
                return "NOREPLICAS Not enough good replicas to write.";
            }
        }
        if (server.preCommandOomState() && server.config().getLong("maxmemory") > 0
            && !flags.has(Shebang.ALLOW_OOM) && !flags.has(Shebang.NO_WRITES)) {
            return "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";
        }
        return null;
    }

    private void load(Client c, byte[][] argv) {
        if (server.scriptEngines() == null) {
            c.error("ERR scripting is not available on this node");
            return;
        }
        byte[] body = argv[2];
        String sha = Sha1.hex(body);
        if (cache.contains(sha)) {
            c.reply().bulk(sha);
            return;
        }
        Shebang shebang;
        try {
            shebang = Shebang.parse(body);
        } catch (Shebang.Invalid e) {
            c.error("ERR " + e.getMessage());
            return;
        }
        String[] error = new String[1];
        executor.runSync(engine -> error[0] = engine.compile(sha, body, shebang.length()));
        if (error[0] != null) {
            c.error("ERR Error compiling script (new function): " + error[0]);
            return;
        }
        cache.put(sha, new ScriptCache.Script(body, shebang));
        c.reply().bulk(sha);
    }

    private void exists(Client c, byte[][] argv) {
        c.reply().array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            String sha = Args.text(argv[i]).toLowerCase(Locale.ROOT);
            c.reply().integer(cache.contains(sha) ? 1 : 0);
        }
    }

    private void flush(Client c, byte[][] argv) {
        if (argv.length == 3 && !Args.is(argv[2], "sync") && !Args.is(argv[2], "async") || argv.length > 3) {
            c.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
            return;
        }
        cache.clear();
        if (executor.started()) {
            executor.runSync(ScriptEngine::reset);
        }
        c.reply().ok();
    }

    private void kill(Client c, byte[][] argv) {
        String error = executor.kill();
        if (error != null) {
            c.error(error);
            return;
        }
        c.reply().ok();
    }

    private void debug(Client c, byte[][] argv) {
        if (Args.is(argv[2], "no")) {
            c.reply().ok();
        } else if (Args.is(argv[2], "yes") || Args.is(argv[2], "sync")) {
            c.error("ERR SCRIPT DEBUG is not supported: Hashslot has no Lua debugger");
        } else {
            c.error("ERR Use SCRIPT DEBUG YES/SYNC/NO");
        }
    }

    private void help(Client c, byte[][] argv) {
        Help.reply(c, argv,
            "DEBUG (YES|SYNC|NO)",
            "    Set the debug mode for subsequent scripts executed.",
            "EXISTS <sha1> [<sha1> ...]",
            "    Return information about the existence of the scripts in the script cache.",
            "FLUSH [ASYNC|SYNC]",
            "    Flush the Lua scripts cache. Very dangerous on replicas.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the scripts cache.",
            "    * SYNC: Synchronously flush the scripts cache.",
            "KILL",
            "    Kill the currently executing Lua script.",
            "LOAD <script>",
            "    Load a script into the scripts cache without executing it.");
    }
}
