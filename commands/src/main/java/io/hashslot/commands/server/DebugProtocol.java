package io.hashslot.commands.server;

import io.hashslot.commands.Client;
import io.hashslot.protocol.Reply;

/**
 * DEBUG PROTOCOL &lt;type&gt;: one sample reply of each RESP type, as Redis sends them to test clients (and scripts,
 * through redis.call, to test the RESP to Lua conversion).
 */
final class DebugProtocol {
    private DebugProtocol() {
    }

    static void reply(Client c, String name) {
        Reply r = c.reply();
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "string" -> r.bulk("Hello World");
            case "integer" -> r.integer(12345);
            case "double" -> r.doubleValue(3.141);
            case "bignum" -> r.bigNumber("1234567999999999999999999999999999999");
            case "null" -> r.nullBulk();
            case "array" -> counted(r, 'a');
            case "set" -> counted(r, 's');
            case "map" -> {
                r.map(3);
                for (int j = 0; j < 3; j++) {
                    r.integer(j);
                    r.bool(j == 1);
                }
            }
            case "attrib" -> {
                if (r.protocol() >= 3) {
                    r.attribute(1);
                    r.bulk("key-popularity");
                    r.array(2);
                    r.bulk("key:123");
                    r.integer(90);
                }
                r.bulk("Some real reply following the attribute");
            }
            case "push" -> {
                if (r.protocol() < 3) {
                    c.error("ERR RESP2 is not supported by this command");
                    return;
                }
                r.push(2);
                r.bulk("server-cpu-usage");
                r.integer(42);
                r.bulk("Some real reply following the push reply");
            }
            case "true" -> r.bool(true);
            case "false" -> r.bool(false);
            case "verbatim" -> r.verbatim("This is a verbatim\nstring", "txt");
            default -> c.error("ERR Wrong protocol type name. Please use one of the following: "
                + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    private static void counted(Reply r, char kind) {
        if (kind == 's') {
            r.set(3);
        } else {
            r.array(3);
        }
        for (int j = 0; j < 3; j++) {
            r.integer(j);
        }
    }
}
