package io.hashslot.tools.cli;

/**
 * A -MOVED or -ASK error seen in cluster mode (-c): where the slot lives now, and whether ASKING must precede the
 * retried command. Parsed the way redis-cli does ("MOVED 3999 127.0.0.1:6381", host up to the last ':').
 */
record ClusterRedirect(int slot, String host, int port, boolean ask) {

    /** The redirect an error reply asks for, or null when it is not a well-formed MOVED/ASK error. */
    static ClusterRedirect parse(String error) {
        boolean ask;
        if (error.startsWith("MOVED ")) {
            ask = false;
        } else if (error.startsWith("ASK ")) {
            ask = true;
        } else {
            return null;
        }
        int s = error.indexOf(' ');
        int p = error.indexOf(' ', s + 1);
        if (p < 0) {
            return null;
        }
        String addr = error.substring(p + 1);
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        return new ClusterRedirect(CNumbers.atoi(error.substring(s + 1, p)), addr.substring(0, colon),
            CNumbers.atoi(addr.substring(colon + 1)), ask);
    }

    /** The line redis-cli prints in interactive mode when it follows the redirect. */
    String message() {
        return "-> Redirected to slot [" + slot + "] located at " + host + ":" + port + "\n";
    }
}
