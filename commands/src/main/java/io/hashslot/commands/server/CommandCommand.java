package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandFlag;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.common.Glob;
import io.hashslot.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** COMMAND, COMMAND COUNT / INFO / DOCS / LIST / GETKEYS / GETKEYSANDFLAGS / HELP over the implemented commands. */
final class CommandCommand {
    private final ServerContext server;

    CommandCommand(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("command", (c, argv) -> allInfo(c));
        t.register("command|count", (c, argv) -> c.reply().integer(server.commands().implementedCount()));
        t.register("command|info", this::info);
        t.register("command|docs", this::docs);
        t.register("command|list", this::list);
        t.register("command|getkeys", (c, argv) -> getKeys(c, argv, false));
        t.register("command|getkeysandflags", (c, argv) -> getKeys(c, argv, true));
        t.register("command|help", (c, argv) -> Help.reply(c, argv,
            "(no subcommand)",
            "    Describe every command of this server.",
            "COUNT",
            "    Show how many commands this server has.",
            "LIST",
            "    Show the names of the commands and subcommands of this server.",
            "INFO [<command-name> ...]",
            "    Describe the named commands (all of them when none is named).",
            "DOCS [<command-name> ...]",
            "    Show the documentation of the named commands (all of them when none is named).",
            "GETKEYS <full-command>",
            "    Show which arguments of a full command call are keys.",
            "GETKEYSANDFLAGS <full-command>",
            "    Show the keys of a full command call and how the command uses each."));
    }

    private Collection<CommandSpec> commands() {
        return server.commands().implemented();
    }

    private void allInfo(Client c) {
        Reply r = c.reply();
        Collection<CommandSpec> all = commands();
        r.array(all.size());
        for (CommandSpec cmd : all) {
            CommandReplies.info(r, cmd);
        }
    }

    /** lookupCommandBySds: "name" or "container|sub", case-insensitive; null when unknown or not implemented. */
    CommandSpec byName(byte[] name) {
        String n = Args.text(name).toLowerCase(Locale.ROOT);
        String[] parts = n.split("\\|", -1);
        if (parts.length > 2) {
            return null;
        }
        CommandSpec top = server.commands().lookupTop(parts[0].getBytes(StandardCharsets.ISO_8859_1));
        if (top == null || parts.length == 1) {
            return top;
        }
        CommandSpec sub = top.subcommands().get(parts[1]);
        return sub != null && sub.implemented() ? sub : null;
    }

    private void info(Client c, byte[][] argv) {
        if (argv.length == 2) {
            allInfo(c);
            return;
        }
        Reply r = c.reply();
        r.array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            CommandSpec cmd = byName(argv[i]);
            if (cmd == null) {
                r.nullBulk();
            } else {
                CommandReplies.info(r, cmd);
            }
        }
    }

    private void docs(Client c, byte[][] argv) {
        Reply r = c.reply();
        List<CommandSpec> chosen = new ArrayList<>();
        if (argv.length == 2) {
            chosen.addAll(commands());
        } else {
            for (int i = 2; i < argv.length; i++) {
                CommandSpec cmd = byName(argv[i]);
                if (cmd != null) {
                    chosen.add(cmd);
                }
            }
        }
        r.map(chosen.size());
        for (CommandSpec cmd : chosen) {
            r.bulk(cmd.fullName());
            CommandReplies.docs(r, cmd);
        }
    }

    private void list(Client c, byte[][] argv) {
        String type = null;
        byte[] arg = null;
        for (int i = 2; i < argv.length; i++) {
            int more = argv.length - 1 - i;
            if (Args.is(argv[i], "filterby") && more == 2) {
                if (Args.is(argv[i + 1], "module") || Args.is(argv[i + 1], "aclcat")
                    || Args.is(argv[i + 1], "pattern")) {
                    type = Args.text(argv[i + 1]).toLowerCase(Locale.ROOT);
                } else {
                    c.error(Errors.SYNTAX);
                    return;
                }
                arg = argv[i + 2];
                i += 2;
            } else {
                c.error(Errors.SYNTAX);
                return;
            }
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec top : commands()) {
            List<CommandSpec> family = new ArrayList<>();
            family.add(top);
            family.addAll(CommandReplies.implementedSubcommands(top));
            for (CommandSpec cmd : family) {
                if (type == null || matches(cmd, type, arg)) {
                    names.add(cmd.fullName());
                }
            }
        }
        Reply r = c.reply();
        r.array(names.size());
        for (String n : names) {
            r.bulk(n);
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(CommandSpec cmd, String type, byte[] arg) {
        switch (type) {
            case "module":
                return false; // Hashslot loads no modules
            case "aclcat": {
                String cat = "@" + Args.text(arg).toLowerCase(Locale.ROOT);
                List<Object> acl = (List<Object>) cmd.raw().getOrDefault("acl", List.of());
                return acl.contains(cat);
            }
            default:
                return Glob.matches(arg, cmd.fullName().getBytes(StandardCharsets.ISO_8859_1), true);
        }
    }

    private void getKeys(Client c, byte[][] argv, boolean withFlags) {
        byte[][] call = java.util.Arrays.copyOfRange(argv, 2, argv.length);
        CommandSpec cmd = server.commands().lookup(call);
        if (cmd == null) {
            c.error("ERR Invalid command specified");
            return;
        }
        if (!KeyArguments.hasKeys(cmd)) {
            c.error("ERR The command has no key arguments");
            return;
        }
        if ((cmd.arity() > 0 && cmd.arity() != call.length) || call.length < -cmd.arity()) {
            c.error("ERR Invalid number of arguments specified for command");
            return;
        }
        List<KeyArguments.Key> keys = KeyArguments.find(cmd, call);
        if (keys == null || keys.isEmpty()) {
            if (cmd.has(CommandFlag.NO_MANDATORY_KEYS)) {
                c.reply().array(0);
            } else {
                c.error("ERR Invalid arguments specified for command");
            }
            return;
        }
        Reply r = c.reply();
        r.array(keys.size());
        for (KeyArguments.Key k : keys) {
            if (withFlags) {
                r.array(2);
                r.bulk(call[k.pos()]);
                r.set(k.flags().size());
                for (String f : k.flags()) {
                    r.simple(f);
                }
            } else {
                r.bulk(call[k.pos()]);
            }
        }
    }
}
