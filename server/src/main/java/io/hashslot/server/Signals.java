package io.hashslot.server;

import sun.misc.Signal;

/** SIGTERM and SIGINT shut the node down cleanly, with Redis's log lines. */
final class Signals {
    private Signals() {
    }

    static void install(HashslotServer node) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    node.log().warning("Received SIG" + name + " scheduling shutdown...");
                    node.requestShutdown(String.valueOf(node.config().value("shutdown-on-sig"
                        + name.toLowerCase(java.util.Locale.ROOT))));
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available on this platform: the JVM default applies
            }
        }
    }
}
