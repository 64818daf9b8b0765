package io.hashslot.tools.cli;

import io.hashslot.protocol.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns replies into the text redis-cli prints, byte for byte: the terminal format ({@code (integer) 1},
 * {@code 1) "a"} with nested indentation, {@code 1# "k" => "v"}, {@code (empty array)}...), raw, CSV and JSON.
 * Results are Latin-1 byte strings.
 */
final class ReplyFormatter {
    /** hiredis's number for RESP3 big numbers, which redis-cli 7.0 cannot print. */
    static final int BIGNUM_TYPE = 13;

    private final CliIo io;
    private final String mbDelim;
    private final String cmdDelim;

    ReplyFormatter(CliIo io, String mbDelim, String cmdDelim) {
        this.io = io;
        this.mbDelim = mbDelim;
        this.cmdDelim = cmdDelim;
    }

    /** The text printed for one reply in the given mode; {@code verbatim} is redis-cli's raw INFO-like output. */
    String format(RespValue r, OutputMode mode, boolean verbatim) {
        if (verbatim) {
            return raw(r);
        }
        return switch (mode) {
            case STANDARD -> tty(r, "");
            case RAW -> raw(r) + cmdDelim;
            case CSV -> csv(r) + "\n";
            case JSON, QUOTED_JSON -> json(new StringBuilder(), r, mode).append('\n').toString();
        };
    }

    /** The text printed for a push message that arrives outside of a reply (CLIENT TRACKING invalidations...). */
    String formatPush(RespValue r, OutputMode mode) {
        if (mode == OutputMode.STANDARD && r instanceof RespValue.Array a && a.type() == '>' && a.items().size() == 2
            && a.items().get(0) instanceof RespValue.Bulk b && b.format() == null
            && latin1(b.bytes()).startsWith("invalidate") && a.items().get(1) instanceof RespValue.Array keys
            && keys.type() == '*') {
            StringBuilder sb = new StringBuilder("-> invalidate: ");
            for (int i = 0; i < keys.items().size(); i++) {
                RespValue k = keys.items().get(i);
                sb.append('\'').append(k instanceof RespValue.Bulk kb ? cString(kb.bytes()) : "").append('\'');
                if (i < keys.items().size() - 1) {
                    sb.append(", ");
                }
            }
            return sb.append('\n').toString();
        }
        return format(r, mode, false);
    }

    String tty(RespValue r, String prefix) {
        if (r instanceof RespValue.Error e) {
            return "(error) " + cString(e.text()) + "\n";
        } else if (r instanceof RespValue.Simple s) {
            return s.text() + "\n";
        } else if (r instanceof RespValue.Int n) {
            return "(integer) " + n.value() + "\n";
        } else if (r instanceof RespValue.Double d) {
            return "(double) " + d.text() + "\n";
        } else if (r instanceof RespValue.Bulk b) {
            return (b.format() == null ? repr(b.bytes()) : latin1(b.bytes())) + "\n";
        } else if (r instanceof RespValue.Null) {
            return "(nil)\n";
        } else if (r instanceof RespValue.Bool b) {
            return b.value() ? "(true)\n" : "(false)\n";
        } else if (r instanceof RespValue.Array a) {
            return ttyAggregate(a.items(), a.type(), prefix);
        } else if (r instanceof RespValue.MapValue m) {
            return ttyAggregate(m.items(), '%', prefix);
        }
        throw unknownType();
    }

    private String ttyAggregate(List<RespValue> items, char type, String prefix) {
        if (items.isEmpty()) {
            return switch (type) {
                case '*' -> "(empty array)\n";
                case '%' -> "(empty hash)\n";
                case '~' -> "(empty set)\n";
                case '>' -> "(empty push)\n";
                default -> "(empty aggregate type)\n";
            };
        }
        boolean map = type == '%';
        int count = map ? items.size() / 2 : items.size();
        int idxlen = String.valueOf(count).length();
        String childPrefix = prefix + " ".repeat(idxlen + 2);
        char numsep = type == '~' ? '~' : map ? '#' : ')';
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            int human = (map ? i / 2 : i) + 1;
            out.append(i == 0 ? "" : prefix);
            String idx = String.valueOf(human);
            out.append(" ".repeat(Math.max(0, idxlen - idx.length()))).append(idx).append(numsep).append(' ');
            out.append(tty(items.get(i), childPrefix));
            if (map) {
                i++;
                out.setLength(out.length() - 1);
                out.append(" => ");
                if (isMultiline(items.get(i))) {
                    out.append('\n').append(childPrefix);
                }
                out.append(tty(items.get(i), childPrefix));
            }
        }
        return out.toString();
    }

    private static boolean isMultiline(RespValue r) {
        if (r instanceof RespValue.Array a) {
            if (a.items().size() <= 1) {
                return a.items().size() == 1 && isMultiline(a.items().get(0));
            }
            return true;
        } else if (r instanceof RespValue.MapValue m) {
            if (m.items().size() <= 2) {
                return m.items().size() == 2 && isMultiline(m.items().get(1));
            }
            return true;
        }
        return false;
    }

    String raw(RespValue r) {
        if (r instanceof RespValue.Null) {
            return "";
        } else if (r instanceof RespValue.Error e) {
            return e.text() + "\n";
        } else if (r instanceof RespValue.Simple s) {
            return s.text();
        } else if (r instanceof RespValue.Bulk b) {
            return latin1(b.bytes());
        } else if (r instanceof RespValue.Bool b) {
            return b.value() ? "(true)" : "(false)";
        } else if (r instanceof RespValue.Int n) {
            return String.valueOf(n.value());
        } else if (r instanceof RespValue.Double d) {
            return d.text();
        } else if (r instanceof RespValue.Array a) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < a.items().size(); i++) {
                if (i > 0) {
                    out.append(mbDelim);
                }
                out.append(raw(a.items().get(i)));
            }
            return out.toString();
        } else if (r instanceof RespValue.MapValue m) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < m.items().size(); i += 2) {
                if (i > 0) {
                    out.append(mbDelim);
                }
                out.append(raw(m.items().get(i))).append(' ').append(raw(m.items().get(i + 1)));
            }
            return out.toString();
        }
        throw unknownType();
    }

    String csv(RespValue r) {
        if (r instanceof RespValue.Error e) {
            return "ERROR," + repr(cString(e.text()));
        } else if (r instanceof RespValue.Simple s) {
            return repr(s.text());
        } else if (r instanceof RespValue.Int n) {
            return String.valueOf(n.value());
        } else if (r instanceof RespValue.Double d) {
            return d.text();
        } else if (r instanceof RespValue.Bulk b) {
            return repr(b.bytes());
        } else if (r instanceof RespValue.Null) {
            return "NULL";
        } else if (r instanceof RespValue.Bool b) {
            return b.value() ? "true" : "false";
        } else if (r instanceof RespValue.Array || r instanceof RespValue.MapValue) {
            List<RespValue> items = r instanceof RespValue.Array a ? a.items() : ((RespValue.MapValue) r).items();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < items.size(); i++) {
                out.append(csv(items.get(i)));
                if (i != items.size() - 1) {
                    out.append(',');
                }
            }
            return out.toString();
        }
        throw unknownType();
    }

    private StringBuilder json(StringBuilder out, RespValue r, OutputMode mode) {
        if (r instanceof RespValue.Error e) {
            return jsonString(out.append("error:"), cString(e.text()), mode);
        } else if (r instanceof RespValue.Simple s) {
            return jsonString(out, s.text(), mode);
        } else if (r instanceof RespValue.Int n) {
            return out.append(n.value());
        } else if (r instanceof RespValue.Double d) {
            return out.append(d.text());
        } else if (r instanceof RespValue.Bulk b) {
            return jsonString(out, latin1(b.bytes()), mode);
        } else if (r instanceof RespValue.Null) {
            return out.append("null");
        } else if (r instanceof RespValue.Bool b) {
            return out.append(b.value() ? "true" : "false");
        } else if (r instanceof RespValue.Array a) {
            out.append('[');
            for (int i = 0; i < a.items().size(); i++) {
                json(out, a.items().get(i), mode);
                if (i != a.items().size() - 1) {
                    out.append(',');
                }
            }
            return out.append(']');
        } else if (r instanceof RespValue.MapValue m) {
            out.append('{');
            List<RespValue> items = m.items();
            for (int i = 0; i < items.size(); i += 2) {
                RespValue key = items.get(i);
                if (key instanceof RespValue.Error || key instanceof RespValue.Simple
                    || key instanceof RespValue.Bulk) {
                    json(out, key, mode);
                } else {
                    String k = json(new StringBuilder(), key, mode).toString();
                    out.append(k.startsWith("\"") ? k : "\"" + k + "\"");
                }
                out.append(':');
                json(out, items.get(i + 1), mode);
                if (i != items.size() - 2) {
                    out.append(',');
                }
            }
            return out.append('}');
        }
        throw unknownType();
    }

    private static StringBuilder jsonString(StringBuilder out, String s, OutputMode mode) {
        if (mode == OutputMode.QUOTED_JSON) {
            return out.append(repr(s).replace("\\", "\\\\"));
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '"' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c <= 0x1f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private RuntimeException unknownType() {
        io.eprint("Unknown reply type: " + BIGNUM_TYPE + "\n");
        return new CliExit(1);
    }

    /** sdscatrepr: a double-quoted string with C escapes, non-printable bytes as \xNN. */
    static String repr(byte[] b) {
        return repr(latin1(b));
    }

    static String repr(String bytes) {
        StringBuilder sb = new StringBuilder(bytes.length() + 2).append('"');
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            switch (c) {
                case '\\', '"' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\x%02x", c & 0xff));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A C string view: the text up to its first NUL byte (what printf("%s") shows). */
    static String cString(String s) {
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    static String cString(byte[] b) {
        return cString(latin1(b));
    }
}
