package io.hashslot.commands;

import java.util.Locale;

/** HELP replies and subcommand syntax errors in Redis's shape (addReplyHelp, addReplySubcommandSyntaxError). */
public final class Help {
    private Help() {
    }

    /** "CMD <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", the lines, then the HELP footer. */
    public static void reply(Client c, byte[][] argv, String... lines) {
        String cmd = Args.text(argv[0]).toUpperCase(Locale.ROOT);
        c.reply().array(lines.length + 3);
        c.reply().simple(cmd + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) {
            c.reply().simple(l);
        }
        c.reply().simple("HELP");
        c.reply().simple("    Prints this help.");
    }

    /** "ERR unknown subcommand or wrong number of arguments for 'sub'. Try CMD HELP." */
    public static void syntaxError(Client c, byte[][] argv) {
        String sub = Args.text(argv[1]);
        if (sub.length() > 128) {
            sub = sub.substring(0, 128);
        }
        c.error("ERR unknown subcommand or wrong number of arguments for '" + sub + "'. Try "
            + Args.text(argv[0]).toUpperCase(Locale.ROOT) + " HELP.");
    }
}
