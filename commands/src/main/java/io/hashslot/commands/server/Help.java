package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.protocol.Reply;
import java.util.Locale;

/** The reply shapes Redis's container commands share: HELP listings and the generic subcommand error. */
final class Help {
    private Help() {
    }

    /**
     * Replies with a HELP listing: a header naming the command as the client typed it, the given lines (syntax
     * lines and our own descriptions), and the HELP entry itself, each as a status line.
     */
    static void reply(Client c, byte[][] argv, String... lines) {
        Reply r = c.reply();
        r.array(lines.length + 3);
        r.simple(Args.text(argv[0]).toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. "
            + "Subcommands are:");
        for (String l : lines) {
            r.simple(l);
        }
        r.simple("HELP");
        r.simple("    Print this help.");
    }

    /** addReplySubcommandSyntaxError. */
    static void subcommandSyntaxError(Client c, byte[][] argv) {
        String sub = Args.text(argv[1]);
        if (sub.length() > 128) {
            sub = sub.substring(0, 128);
        }
        c.error(sanitize("ERR unknown subcommand or wrong number of arguments for '" + sub + "'. Try "
            + Args.text(argv[0]).toUpperCase(Locale.ROOT) + " HELP."));
    }

    /** Error lines cannot contain newlines: Redis turns them into spaces. */
    static String sanitize(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
