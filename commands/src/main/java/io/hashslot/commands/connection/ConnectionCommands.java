package io.hashslot.commands.connection;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.ServerContext;
import io.hashslot.protocol.Reply;
import java.security.MessageDigest;

/** PING, ECHO, QUIT, SELECT, AUTH, HELLO, RESET. */
public final class ConnectionCommands {
    private final ServerContext server;
    private final ConnectionReset reset;

    public ConnectionCommands(ServerContext server, ConnectionReset reset) {
        this.server = server;
        this.reset = reset;
    }

    /** Everything RESET clears besides what this family owns (transactions, subscriptions, monitor...). */
    public interface ConnectionReset {
        void reset(Client c);
    }

    public void register(CommandTable t) {
        t.register("ping", this::ping);
        t.register("echo", (c, argv) -> c.reply().bulk(argv[1]));
        t.register("quit", (c, argv) -> {
            c.reply().ok();
            c.closeAfterReply();
        });
        t.register("select", this::select);
        t.register("auth", this::auth);
        t.register("hello", this::hello);
        t.register("reset", this::reset);
    }

    private void ping(Client c, byte[][] argv) {
        if (argv.length > 2) {
            c.error(Errors.arity("ping"));
            return;
        }
        Reply r = c.reply();
        if (c.hasFlag(Client.FLAG_PUBSUB) && c.protocol() == 2) {
            r.array(2);
            r.bulk("pong");
            r.bulk(argv.length == 1 ? new byte[0] : argv[1]);
        } else if (argv.length == 1) {
            r.simple("PONG");
        } else {
            r.bulk(argv[1]);
        }
    }

    private void select(Client c, byte[][] argv) {
        long id = Args.longArg(c, argv[1], "ERR value is not an integer or out of range");
        if (server.config().getBool("cluster-enabled") && id != 0) {
            c.error("ERR SELECT is not allowed in cluster mode");
            return;
        }
        if (id < 0 || id >= server.keyspace().databases()) {
            c.error(Errors.INVALID_DB);
            return;
        }
        c.select((int) id);
        c.reply().ok();
    }

    /** ACLAuthenticateUser for the only user Hashslot has, "default", guarded by requirepass. */
    private boolean authenticate(Client c, byte[] user, byte[] pass) {
        if (!Args.text(user).equals("default")) {
            return false;
        }
        byte[] required = server.requirePass();
        if (required != null && !MessageDigest.isEqual(required, pass)) {
            return false;
        }
        c.setAuthenticated(true);
        c.setUser("default");
        return true;
    }

    private void auth(Client c, byte[][] argv) {
        if (argv.length > 3) {
            c.error(Errors.SYNTAX);
            return;
        }
        byte[] user;
        byte[] pass;
        if (argv.length == 2) {
            if (!server.authRequired()) {
                c.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
                return;
            }
            user = Args.bytes("default");
            pass = argv[1];
        } else {
            user = argv[1];
            pass = argv[2];
        }
        if (authenticate(c, user, pass)) {
            c.reply().ok();
        } else {
            c.error(Errors.WRONGPASS);
        }
    }

    private void hello(Client c, byte[][] argv) {
        long ver = 0;
        int next = 1;
        if (argv.length >= 2) {
            ver = Args.longArg(c, argv[next++], "ERR Protocol version is not an integer or out of range");
            if (ver < 2 || ver > 3) {
                c.error("NOPROTO unsupported protocol version");
                return;
            }
        }
        for (int j = next; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Args.is(argv[j], "AUTH") && more >= 2) {
                if (!authenticate(c, argv[j + 1], argv[j + 2])) {
                    c.error(Errors.WRONGPASS);
                    return;
                }
                j += 2;
            } else if (Args.is(argv[j], "SETNAME") && more >= 1) {
                String error = ClientNames.validate(argv[j + 1]);
                if (error != null) {
                    c.error(error);
                    return;
                }
                c.setName(argv[j + 1].length == 0 ? null : Args.text(argv[j + 1]));
                j++;
            } else {
                c.error("ERR Syntax error in HELLO option '" + Args.text(argv[j]) + "'");
                return;
            }
        }
        if (!c.authenticated()) {
            c.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH "
                + "<user> <pass> option can be used to authenticate the client and select the RESP protocol "
                + "version at the same time");
            return;
        }
        if (ver != 0) {
            c.setProtocol((int) ver);
        }
        Reply r = c.reply();
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(ServerContext.REDIS_VERSION);
        r.bulk("proto");
        r.integer(c.protocol());
        r.bulk("id");
        r.integer(c.id());
        r.bulk("mode");
        r.bulk(server.config().getBool("cluster-enabled") ? "cluster" : "standalone");
        r.bulk("role");
        r.bulk(server.isReplica() ? "replica" : "master");
        r.bulk("modules");
        r.array(0);
    }

    private void reset(Client c, byte[][] argv) {
        if (c.hasFlag(Client.FLAG_REPLICA) || c.hasFlag(Client.FLAG_MASTER)) {
            c.error("ERR can only reset normal client connections");
            return;
        }
        reset.reset(c);
        c.select(0);
        c.setProtocol(2);
        c.setAuthenticated(!server.authRequired());
        c.setUser("default");
        c.setName(null);
        c.clearFlag(Client.FLAG_ASKING | Client.FLAG_READONLY | Client.FLAG_PUBSUB);
        c.setReplyMode(Client.ReplyMode.ON);
        c.reply().simple("RESET");
    }
}
