package io.hashslot.tools.cli;

/** The --help text and version line of hashslot-cli. */
final class Usage {
    static final String VERSION = "0.1.0";
    static final String REDIS_CLI_COMPAT = "7.0.15";

    private Usage() {
    }

    static String versionLine() {
        return "hashslot-cli " + VERSION + " (redis-cli " + REDIS_CLI_COMPAT + " compatible)";
    }

    /** Prints the help to stdout (or stderr when {@code toErr}). */
    static void print(CliIo io, boolean toErr) {
        String text = versionLine() + "\n"
            + "\n"
            + "Usage: hashslot-cli [OPTIONS] [cmd [arg [arg ...]]]\n"
            + "Options go before the command. Without a command, an interactive prompt starts.\n"
            + "\n"
            + "Connection:\n"
            + "  -h <hostname>      Host to connect to (default: 127.0.0.1).\n"
            + "  -p <port>          Port to connect to (default: 6379).\n"
            + "  -s <socket>        Unix socket path (used instead of host and port).\n"
            + "  -a <password>      Password sent with AUTH on connect. The " + CliOptions.AUTH_ENV + "\n"
            + "                     environment variable is a safer way to pass it (-a wins if both are set).\n"
            + "  --user <username>  User name for 'AUTH username password' (use with -a).\n"
            + "  --pass <password>  Same as -a.\n"
            + "  --askpass          Ask for the password on stdin, hiding it; -a and " + CliOptions.AUTH_ENV + "\n"
            + "                     are then ignored.\n"
            + "  --no-auth-warning  Do not warn about a password given on the command line.\n"
            + "  -u <uri>           redis://[[user:]password@][host[:port]][/db]\n"
            + "  -n <db>            Database number to SELECT.\n"
            + "  -2                 Speak RESP2 (the default).\n"
            + "  -3                 Switch to RESP3 with HELLO 3.\n"
            + "  -c                 Cluster mode: follow -MOVED and -ASK redirections.\n"
            + "\n"
            + "Commands:\n"
            + "  -r <repeat>        Run the command this many times (negative: forever).\n"
            + "  -i <interval>      Seconds to wait between repeats (fractions allowed, e.g. -i 0.1); also the\n"
            + "                     period of --stat and --scan, and the pause every 100 SCANs of --bigkeys.\n"
            + "  -x                 Append standard input as the last argument.\n"
            + "  -X <tag>           Replace the argument equal to <tag> with standard input.\n"
            + "  -e                 Exit with code 1 when the command replies with an error.\n"
            + "  --quoted-input     Treat each argument as a quoted string (\"a\\x00b\" style escapes).\n"
            + "  --eval <file>      EVAL the Lua script in <file>: keys, then ',', then arguments.\n"
            + "\n"
            + "Output:\n"
            + "  --raw              Raw replies (the default when stdout is not a terminal).\n"
            + "  --no-raw           Formatted replies even when stdout is not a terminal.\n"
            + "  --csv              CSV replies.\n"
            + "  --json             JSON replies (asks for RESP3 unless -2 is given).\n"
            + "  --quoted-json      Like --json with ASCII-only quoted strings.\n"
            + "  -d <delimiter>     Separator between the items of a raw multi-bulk reply (default: \\n).\n"
            + "  -D <delimiter>     Separator after each raw reply (default: \\n).\n"
            + "  --show-pushes <yn> Print RESP3 push messages (default: yes on a terminal).\n"
            + "\n"
            + "Modes:\n"
            + "  --stat             Print a line of server statistics every second (or -i).\n"
            + "  --latency          Measure PING round trips continuously; with --raw, --csv or a\n"
            + "                     non-terminal stdout, print one summary after a second (or -i) and exit.\n"
            + "  --latency-history  Like --latency, starting a new line every 15 seconds (or -i).\n"
            + "  --pipe             Send the RESP protocol read from stdin (mass insertion).\n"
            + "  --pipe-timeout <n> With --pipe, give up when no reply came for <n> seconds after all was\n"
            + "                     sent (default: " + CliOptions.DEFAULT_PIPE_TIMEOUT + "; 0 waits forever).\n"
            + "  --bigkeys          Scan the keyspace for the keys with the most elements.\n"
            + "  --memkeys          Scan the keyspace for the keys using the most memory.\n"
            + "  --memkeys-samples <n> Like --memkeys, with MEMORY USAGE ... SAMPLES <n>.\n"
            + "  --scan             List the keys with SCAN.\n"
            + "  --pattern <pat>    MATCH pattern for --scan, --bigkeys and --memkeys (default: *).\n"
            + "  --quoted-pattern <pat> Like --pattern, given as a quoted string.\n"
            + "  --count <n>        COUNT hint for the SCAN calls of --scan, --bigkeys and --memkeys.\n"
            + "  --intrinsic-latency <sec> Measure this machine's own scheduling latency for <sec> seconds.\n"
            + "  --verbose          Say more.\n"
            + "  --help             Print this help and exit.\n"
            + "  -v, --version      Print the version and exit.\n"
            + "\n"
            + "Examples:\n"
            + "  cat /etc/hostname | hashslot-cli -x set hostname\n"
            + "  hashslot-cli -r 100 lpush mylist x\n"
            + "  hashslot-cli -r 100 -i 1 info | grep used_memory_human:\n"
            + "  hashslot-cli --scan --pattern 'user:*'\n"
            + "  hashslot-cli --pipe < commands.resp\n"
            + "\n"
            + "In interactive mode, type \"help\" for help on commands.\n"
            + "\n";
        if (toErr) {
            io.eprint(text);
        } else {
            io.print(text);
            io.flush();
        }
    }
}
