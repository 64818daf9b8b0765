package io.hashslot.tools.cli;

/** --scan: prints every key matching --pattern, one per line (quoted in the formatted output mode). */
final class ScanMode {
    private ScanMode() {
    }

    static void run(Session session) {
        CliIo io = session.io();
        KeyScan scan = new KeyScan(session);
        do {
            for (byte[] key : scan.next()) {
                if (session.options().output == OutputMode.STANDARD) {
                    io.print(ReplyFormatter.repr(key) + "\n");
                } else {
                    io.print(ReplyFormatter.cString(key) + "\n");
                }
            }
            if (session.options().intervalUs > 0) {
                Session.sleepMicros(session.options().intervalUs);
            }
        } while (!scan.finished());
        io.flush();
        throw new CliExit(0);
    }
}
