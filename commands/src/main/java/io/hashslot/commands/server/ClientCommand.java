package io.hashslot.commands.server;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.ClientPause;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.commands.connection.ClientNames;
import io.hashslot.protocol.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * CLIENT ID / SETNAME / GETNAME / LIST / INFO / KILL / PAUSE / UNPAUSE / REPLY / NO-EVICT / GETREDIR /
 * TRACKINGINFO / CACHING / HELP. Hashslot has no client-side caching: CLIENT TRACKING is not registered, and the
 * tracking queries answer as Redis does for a client with tracking off.
 */
final class ClientCommand {
    private final ServerContext server;

    ClientCommand(ServerContext server) {
        this.server = server;
    }

    void register(CommandTable t) {
        t.register("client|id", (c, argv) -> c.reply().integer(c.id()));
        t.register("client|setname", this::setname);
        t.register("client|getname", (c, argv) -> {
            if (c.name() == null) {
                c.reply().nullBulk();
            } else {
                c.reply().bulk(c.name());
            }
        });
        t.register("client|list", this::list);
        t.register("client|info", (c, argv) -> c.reply().verbatim(ClientList.line(server, c) + "\n", "txt"));
        t.register("client|kill", this::kill);
        t.register("client|pause", this::pause);
        t.register("client|unpause", (c, argv) -> {
            server.pause().unpause();
            c.reply().ok();
        });
        t.register("client|reply", this::replyMode);
        t.register("client|unblock", this::unblock);
        t.register("client|no-evict", this::noEvict);
        t.register("client|getredir", (c, argv) -> c.reply().integer(-1));
        t.register("client|trackinginfo", this::trackingInfo);
        t.register("client|caching", (c, argv) -> c.error("ERR CLIENT CACHING can be called only when the client "
            + "is in tracking mode with OPTIN or OPTOUT mode enabled"));
        t.register("client|help", (c, argv) -> Help.reply(c, argv,
            "CACHING (YES|NO)",
            "    Tracking is not available in Hashslot, so this always fails.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "GETREDIR",
            "    Show where tracking invalidations go (-1: tracking is off).",
            "GETNAME",
            "    Show the name of this connection.",
            "ID",
            "    Show the id of this connection.",
            "INFO",
            "    Describe this connection in the CLIENT LIST format.",
            "KILL <ip:port>",
            "    Close the connection coming from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Close every connection matching all the filters:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      the address the connection comes from.",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      the local address the connection was made to.",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      the kind of connection.",
            "    * USER <username>",
            "      the user the connection is authenticated as.",
            "    * SKIPME (YES|NO)",
            "      whether to spare this connection (yes by default).",
            "LIST [options ...]",
            "    Describe the connections, one line each. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      only connections of this kind.",
            "    * ID <id> [<id> ...]",
            "      only the connections with these ids.",
            "UNPAUSE",
            "    End a pause started by CLIENT PAUSE.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Hold back the commands of all clients, or only writes, for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Turn replies to this connection on or off, or skip the next one.",
            "SETNAME <name>",
            "    Give this connection a name (an empty name removes it).",
            "TRACKINGINFO",
            "    Show the tracking state of this connection (always off).",
            "NO-EVICT (ON|OFF)",
            "    Exclude this connection from client eviction, or include it again."));
    }

    private void setname(Client c, byte[][] argv) {
        String error = ClientNames.validate(argv[2]);
        if (error != null) {
            c.error(error);
            return;
        }
        c.setName(argv[2].length == 0 ? null : Args.text(argv[2]));
        c.reply().ok();
    }

    /** getClientTypeByName: 0 normal, 1 replica, 2 pubsub, 3 master, -1 unknown. */
    static int typeByName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> 0;
            case "slave", "replica" -> 1;
            case "pubsub" -> 2;
            case "master" -> 3;
            default -> -1;
        };
    }

    private void list(Client c, byte[][] argv) {
        StringBuilder sb = new StringBuilder();
        if (argv.length == 4 && Args.is(argv[2], "type")) {
            int type = typeByName(Args.text(argv[3]));
            if (type == -1) {
                c.error("ERR Unknown client type '" + Args.text(argv[3]) + "'");
                return;
            }
            for (Client other : server.clients().all()) {
                if (other.type() == type) {
                    sb.append(ClientList.line(server, other)).append('\n');
                }
            }
        } else if (argv.length > 3 && Args.is(argv[2], "id")) {
            for (int j = 3; j < argv.length; j++) {
                long id = Args.longArg(c, argv[j], "ERR Invalid client ID");
                Client other = server.clients().get(id);
                if (other != null) {
                    sb.append(ClientList.line(server, other)).append('\n');
                }
            }
        } else if (argv.length != 2) {
            c.error(Errors.SYNTAX);
            return;
        } else {
            for (Client other : server.clients().all()) {
                sb.append(ClientList.line(server, other)).append('\n');
            }
        }
        c.reply().verbatim(sb.toString(), "txt");
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends a blocking command (BLPOP, WAIT ...) early; 1 when one was blocked. */
    private void unblock(Client c, byte[][] argv) {
        if (argv.length > 4) {
            Help.subcommandSyntaxError(c, argv);
            return;
        }
        boolean error = false;
        if (argv.length == 4) {
            if (Args.is(argv[3], "error")) {
                error = true;
            } else if (!Args.is(argv[3], "timeout")) {
                c.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
        }
        long id = Args.longArg(c, argv[2]);
        Client target = server.clients().get(id);
        c.reply().integer(target != null && server.blocking().unblock(target, error) ? 1 : 0);
    }

    private void kill(Client c, byte[][] argv) {
        String addr = null;
        String laddr = null;
        String user = null;
        int type = -1;
        long id = 0;
        boolean skipme = true;
        if (argv.length == 3) {
            addr = Args.text(argv[2]);
            skipme = false;
        } else {
            for (int i = 2; i < argv.length; i += 2) {
                boolean more = argv.length > i + 1;
                if (Args.is(argv[i], "id") && more) {
                    id = Args.longInRange(c, argv[i + 1], 1, Long.MAX_VALUE, "ERR client-id should be greater than 0");
                } else if (Args.is(argv[i], "type") && more) {
                    type = typeByName(Args.text(argv[i + 1]));
                    if (type == -1) {
                        c.error("ERR Unknown client type '" + Args.text(argv[i + 1]) + "'");
                        return;
                    }
                } else if (Args.is(argv[i], "addr") && more) {
                    addr = Args.text(argv[i + 1]);
                } else if (Args.is(argv[i], "laddr") && more) {
                    laddr = Args.text(argv[i + 1]);
                } else if (Args.is(argv[i], "user") && more) {
                    user = Args.text(argv[i + 1]);
                    if (!user.equals("default")) {
                        c.error("ERR No such user '" + user + "'");
                        return;
                    }
                } else if (Args.is(argv[i], "skipme") && more) {
                    if (Args.is(argv[i + 1], "yes")) {
                        skipme = true;
                    } else if (Args.is(argv[i + 1], "no")) {
                        skipme = false;
                    } else {
                        c.error(Errors.SYNTAX);
                        return;
                    }
                } else {
                    c.error(Errors.SYNTAX);
                    return;
                }
            }
        }
        List<Client> victims = new ArrayList<>();
        boolean closeSelf = false;
        for (Client other : server.clients().all()) {
            if (addr != null && !other.connection().remoteAddress().equals(addr)) {
                continue;
            }
            if (laddr != null && !other.connection().localAddress().equals(laddr)) {
                continue;
            }
            if (type != -1 && other.type() != type) {
                continue;
            }
            if (id != 0 && other.id() != id) {
                continue;
            }
            if (user != null && !other.user().equals(user)) {
                continue;
            }
            if (other == c && skipme) {
                continue;
            }
            if (other == c) {
                closeSelf = true;
            } else {
                victims.add(other);
            }
        }
        for (Client v : victims) {
            v.addFlag(Client.FLAG_CLOSE_ASAP);
            v.connection().closeAfterFlush();
            server.replication().clientGone(v);
        }
        int killed = victims.size() + (closeSelf ? 1 : 0);
        if (argv.length == 3) {
            if (killed == 0) {
                c.error("ERR No such client");
            } else {
                c.reply().ok();
            }
        } else {
            c.reply().integer(killed);
        }
        if (closeSelf) {
            c.closeAfterReply();
        }
    }

    private void pause(Client c, byte[][] argv) {
        if (argv.length > 4) {
            Help.subcommandSyntaxError(c, argv);
            return;
        }
        ClientPause.Type type = ClientPause.Type.ALL;
        if (argv.length == 4) {
            if (Args.is(argv[3], "write")) {
                type = ClientPause.Type.WRITE;
            } else if (!Args.is(argv[3], "all")) {
                c.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        long timeout = Args.longArg(c, argv[2], "ERR timeout is not an integer or out of range");
        if (timeout < 0) {
            c.error(Errors.NEGATIVE_TIMEOUT);
            return;
        }
        long now = server.clock().currentTimeMillis();
        long end = timeout > 0 ? timeout + now : 0;
        server.pause().pause(end, type, now);
        c.reply().ok();
    }

    private void replyMode(Client c, byte[][] argv) {
        if (Args.is(argv[2], "on")) {
            Client.ReplyMode was = c.replyMode();
            c.setReplyMode(Client.ReplyMode.ON);
            if (was == Client.ReplyMode.OFF || was == Client.ReplyMode.SKIP) {
                c.setReply(c.encoder());
            }
            c.reply().ok();
        } else if (Args.is(argv[2], "off")) {
            c.setReplyMode(Client.ReplyMode.OFF);
        } else if (Args.is(argv[2], "skip")) {
            if (c.replyMode() != Client.ReplyMode.OFF) {
                c.setReplyMode(Client.ReplyMode.SKIP_NEXT);
            }
        } else {
            c.error(Errors.SYNTAX);
        }
    }

    private void noEvict(Client c, byte[][] argv) {
        if (Args.is(argv[2], "on")) {
            c.addFlag(Client.FLAG_NO_EVICT);
            c.reply().ok();
        } else if (Args.is(argv[2], "off")) {
            c.clearFlag(Client.FLAG_NO_EVICT);
            c.reply().ok();
        } else {
            c.error(Errors.SYNTAX);
        }
    }

    private void trackingInfo(Client c, byte[][] argv) {
        Reply r = c.reply();
        r.map(3);
        r.bulk("flags");
        r.set(1);
        r.bulk("off");
        r.bulk("redirect");
        r.integer(-1);
        r.bulk("prefixes");
        r.array(0);
    }
}
