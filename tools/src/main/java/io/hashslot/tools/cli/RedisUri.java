package io.hashslot.tools.cli;

import java.io.ByteArrayOutputStream;

/**
 * The -u option: {@code redis://[[user:]password@][host[:port]][/db]} with %XX escapes in user and password.
 * TLS (rediss://) is not supported by hashslot-cli.
 */
final class RedisUri {
    private static final String SCHEME = "redis://";
    private static final String TLS_SCHEME = "rediss://";

    private RedisUri() {
    }

    /** Fills host, port, user, password and db of {@code o} from the URI; exits on a malformed one. */
    static void apply(String uri, CliOptions o, CliIo io) {
        String cur;
        if (uri.regionMatches(true, 0, TLS_SCHEME, 0, TLS_SCHEME.length())) {
            io.eprint("rediss:// is only supported when hashslot-cli is compiled with OpenSSL\n");
            throw new CliExit(1);
        } else if (uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            cur = uri.substring(SCHEME.length());
        } else {
            io.eprint("Invalid URI scheme\n");
            throw new CliExit(1);
        }
        if (cur.isEmpty()) {
            return;
        }
        int at = cur.indexOf('@');
        if (at >= 0) {
            int colon = cur.indexOf(':');
            if (colon >= 0 && colon < at) {
                o.user = percentDecode(cur.substring(0, colon), io);
                cur = cur.substring(colon + 1);
                at = cur.indexOf('@');
            }
            o.auth = percentDecode(cur.substring(0, at), io);
            cur = cur.substring(at + 1);
        }
        if (cur.isEmpty()) {
            return;
        }
        int slash = cur.indexOf('/');
        if (!cur.startsWith("/")) {
            String hostPort = slash >= 0 ? cur.substring(0, slash) : cur;
            int colon = hostPort.indexOf(':');
            if (colon >= 0) {
                o.port = CNumbers.atoi(hostPort.substring(colon + 1));
                hostPort = hostPort.substring(0, colon);
            }
            o.host = hostPort;
        }
        String rest = slash >= 0 ? cur.substring(slash + 1) : "";
        if (!rest.isEmpty()) {
            o.dbnum = CNumbers.atoi(rest);
        }
    }

    private static String percentDecode(String s, CliIo io) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = CliOptions.argBytes(s);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%') {
                if (b.length - i < 3) {
                    io.eprint("Incomplete URI encoding\n");
                    throw new CliExit(1);
                }
                int h = Character.digit(Character.toLowerCase(b[i + 1]), 16);
                int l = Character.digit(Character.toLowerCase(b[i + 2]), 16);
                if (h < 0 || l < 0) {
                    io.eprint("Illegal character in URI encoding\n");
                    throw new CliExit(1);
                }
                out.write(h * 16 + l);
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return new String(out.toByteArray(), CliOptions.ARG_CHARSET);
    }
}
