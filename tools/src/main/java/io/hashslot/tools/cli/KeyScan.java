package io.hashslot.tools.cli;

import io.hashslot.protocol.RespValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One SCAN step for --scan, --bigkeys and --memkeys, with redis-cli's checks and messages on bad replies. */
final class KeyScan {
    private final Session session;
    private String cursor = "0";

    KeyScan(Session session) {
        this.session = session;
    }

    boolean finished() {
        return cursor.equals("0");
    }

    /** Sends SCAN from the current cursor (with --pattern and --count) and returns the keys of the batch. */
    List<byte[]> next() {
        CliOptions o = session.options();
        List<byte[]> cmd = new ArrayList<>();
        cmd.add(bytes("SCAN"));
        cmd.add(bytes(cursor));
        if (o.pattern != null) {
            cmd.add(bytes("MATCH"));
            cmd.add(o.pattern);
        }
        if (o.count > 0) {
            cmd.add(bytes("COUNT"));
            cmd.add(bytes(String.valueOf(o.count)));
        }
        RespValue r;
        try {
            r = session.connection().call(cmd);
        } catch (IOException e) {
            session.io().eprint("\nI/O error\n");
            throw new CliExit(1);
        }
        if (r instanceof RespValue.Error e) {
            session.io().eprint("SCAN error: " + e.text() + "\n");
            throw new CliExit(1);
        }
        if (!(r instanceof RespValue.Array a)) {
            session.io().eprint("Non ARRAY response from SCAN!\n");
            throw new CliExit(1);
        }
        if (a.items().size() != 2) {
            session.io().eprint("Invalid element count from SCAN!\n");
            throw new CliExit(1);
        }
        if (!(a.items().get(0) instanceof RespValue.Bulk c) || !(a.items().get(1) instanceof RespValue.Array keys)) {
            session.io().eprint("Invalid reply from SCAN!\n");
            throw new CliExit(1);
        }
        try {
            cursor = Long.toUnsignedString(Long.parseUnsignedLong(c.text()));
        } catch (NumberFormatException e) {
            cursor = "0";
        }
        List<byte[]> out = new ArrayList<>(keys.items().size());
        for (RespValue k : keys.items()) {
            out.add(k instanceof RespValue.Bulk kb ? kb.bytes() : new byte[0]);
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
