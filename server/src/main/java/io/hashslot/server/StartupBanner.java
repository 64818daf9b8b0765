package io.hashslot.server;

import io.hashslot.commands.ServerContext;

/**
 * The banner a node logs at startup instead of "Running mode=..." when always-show-logo is yes (or the log goes
 * to a terminal), as redis-server shows its logo: Hashslot's own picture, with the facts tools look for in it
 * (version, mode, port and "PID: n", which Redis's test framework waits for).
 */
final class StartupBanner {
    private StartupBanner() {
    }

    static String text(String mode, int port, long pid) {
        String[] art = {
            "     _______ _______       ",
            "    |  0-   | 5461- |      ",
            "    | 5460  | 10922 |      ",
            "    |_______|_______|      ",
            "    |10923- | {tag} |      ",
            "    | 16383 | CRC16 |      ",
            "    |_______|_______|      ",
        };
        String[] facts = {
            "Hashslot " + ServerContext.HASHSLOT_VERSION + " (Redis " + ServerContext.REDIS_VERSION
                + " compatible) 64 bit",
            "Java " + System.getProperty("java.version"),
            "",
            "Running in " + mode + " mode",
            "Port: " + port,
            "PID: " + pid,
            "",
        };
        StringBuilder sb = new StringBuilder("\n");
        for (int i = 0; i < art.length; i++) {
            sb.append(art[i]).append(facts[i]).append('\n');
        }
        return sb.append('\n').toString();
    }
}
