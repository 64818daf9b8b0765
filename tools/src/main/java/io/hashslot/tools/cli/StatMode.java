package io.hashslot.tools.cli;

import io.hashslot.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** --stat: one line of INFO figures (keys, memory, clients, requests, connections, children) per interval. */
final class StatMode {
    private static final String HEADER =
        "------- data ------ --------------------- load -------------------- - child -\n"
        + "keys       mem      clients blocked requests            connections          \n";

    private StatMode() {
    }

    /** Runs forever, or for {@code lines} lines when positive (tests). */
    static void run(Session session, long lines) {
        CliIo io = session.io();
        long interval = session.options().intervalUs == 0 ? 1_000_000 : session.options().intervalUs;
        long requests = 0;
        for (long i = 0; lines <= 0 || i < lines; i++) {
            RespValue r = session.reconnectingCall("INFO");
            if (r instanceof RespValue.Error e) {
                io.eprint("ERROR: " + e.text() + "\n");
                throw new CliExit(1);
            }
            String info = r instanceof RespValue.Bulk b ? new String(b.bytes(), StandardCharsets.ISO_8859_1) : "";
            if (i % 20 == 0) {
                io.print(HEADER);
            }
            long keys = 0;
            for (int j = 0; j < 20; j++) {
                long k = field(info, "db" + j + ":keys");
                if (k != Long.MIN_VALUE) {
                    keys += k;
                }
            }
            StringBuilder line = new StringBuilder();
            line.append(pad(String.valueOf(keys), 11));
            line.append(pad(bytesToHuman(field(info, "used_memory")), 8));
            line.append(' ').append(pad(String.valueOf(field(info, "connected_clients")), 8));
            line.append(pad(String.valueOf(field(info, "blocked_clients")), 8));
            long total = field(info, "total_commands_processed");
            line.append(pad(total + " (+" + (requests == 0 ? 0 : total - requests) + ")", 19));
            requests = total;
            line.append(' ').append(pad(String.valueOf(field(info, "total_connections_received")), 12));
            long children = field(info, "bgsave_in_progress") | field(info, "aof_rewrite_in_progress") << 1
                | field(info, "loading") << 2;
            line.append(switch ((int) children) {
                case 1 -> "SAVE";
                case 2 -> "AOF";
                case 3 -> "SAVE+AOF";
                case 4 -> "LOAD";
                default -> "";
            });
            io.print(line.append('\n').toString());
            io.flush();
            Session.sleepMicros(interval);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** redis-cli's getLongInfoField: the number after "field:" (or "field=" in db lines), LONG_MIN if absent. */
    static long field(String info, String name) {
        int p = info.indexOf(name);
        if (p < 0) {
            return Long.MIN_VALUE;
        }
        p += name.length() + 1;
        int end = info.indexOf('\r', p);
        int comma = info.indexOf(',', p);
        if (end < 0) {
            end = info.length();
        }
        if (comma >= 0 && comma < end) {
            end = comma;
        }
        return CNumbers.strtol(p <= end ? info.substring(p, end) : "");
    }

    /** 100B, 4.00K, 1.63M, 2.00G. */
    static String bytesToHuman(long n) {
        String sign = "";
        if (n < 0) {
            sign = "-";
            n = -n;
        }
        if (n < 1024) {
            return sign + n + "B";
        } else if (n < 1024L * 1024) {
            return sign + String.format(Locale.ROOT, "%.2fK", n / 1024.0);
        } else if (n < 1024L * 1024 * 1024) {
            return sign + String.format(Locale.ROOT, "%.2fM", n / (1024.0 * 1024));
        } else if (n < 1024L * 1024 * 1024 * 1024) {
            return sign + String.format(Locale.ROOT, "%.2fG", n / (1024.0 * 1024 * 1024));
        }
        return sign + String.format(Locale.ROOT, "%.2fT", n / (1024.0 * 1024 * 1024 * 1024));
    }
}
