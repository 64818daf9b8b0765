package io.hashslot.common.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Directives with their own syntax: save, client-output-buffer-limit, bind, notify-keyspace-events and others. */
public final class SpecialTypes {
    private SpecialTypes() {
    }

    /** A save point: after {@code seconds} if at least {@code changes} writes happened. */
    public record SavePoint(long seconds, long changes) {
    }

    /** save: pairs of seconds/changes; "" clears. Value: List of SavePoint. */
    public static final ConfigType SAVE = new ConfigType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() == 1 && args.get(0).isEmpty()) {
                return List.of();
            }
            if (args.size() % 2 != 0) {
                throw new ConfigException("Invalid save parameters");
            }
            List<SavePoint> points = new ArrayList<>();
            for (int i = 0; i < args.size(); i += 2) {
                // strtoll with a whole-string check, as Redis parses them; changes are kept as a C int
                Long s = ConfigText.strtollWhole(args.get(i));
                Long c = ConfigText.strtollWhole(args.get(i + 1));
                if (s == null || c == null || s < 1 || c < 0) {
                    throw new ConfigException("Invalid save parameters");
                }
                points.add(new SavePoint(s, (int) (long) c));
            }
            return List.copyOf(points);
        }

        @Override
        @SuppressWarnings("unchecked")
        public String format(Object value) {
            StringBuilder sb = new StringBuilder();
            for (SavePoint p : (List<SavePoint>) value) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(p.seconds()).append(' ').append(p.changes());
            }
            return sb.toString();
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> rewrite(Object value) {
            List<SavePoint> points = (List<SavePoint>) value;
            if (points.isEmpty()) {
                return List.of("\"\"");
            }
            List<String> lines = new ArrayList<>();
            for (SavePoint p : points) {
                lines.add(p.seconds() + " " + p.changes());
            }
            return lines;
        }
    };

    /** Output buffer limits of one client class. */
    public record BufferLimit(long hard, long soft, long softSeconds) {
    }

    /** client-output-buffer-limit: class hard soft seconds, repeated. Value: BufferLimit[3] (normal, replica, pubsub). */
    public static final ConfigType CLIENT_OUTPUT_BUFFER_LIMIT = new ConfigType() {
        private final String[] classes = {"normal", "slave", "pubsub"};

        @Override
        public Object parse(List<String> args) throws ConfigException {
            return parse(args, null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object parse(List<String> args, Object current) throws ConfigException {
            if (args.size() % 4 != 0) {
                throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
            }
            BufferLimit[] limits = current == null ? defaults()
                : ((List<BufferLimit>) current).toArray(new BufferLimit[0]);
            for (int i = 0; i < args.size(); i += 4) {
                String cls = args.get(i).toLowerCase(Locale.ROOT);
                int idx = switch (cls) {
                    case "normal" -> 0;
                    case "slave", "replica" -> 1;
                    case "pubsub" -> 2;
                    default -> -1;
                };
                if (idx < 0) {
                    throw new ConfigException("Invalid client class specified in buffer limit configuration.");
                }
                Long hard = ConfigText.memoryValue(args.get(i + 1));
                Long soft = ConfigText.memoryValue(args.get(i + 2));
                Long secs = ConfigText.strtollWhole(args.get(i + 3));
                if (hard == null || soft == null || secs == null || (int) (long) secs < 0) {
                    throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit "
                        + "configuration.");
                }
                limits[idx] = new BufferLimit(hard, soft, (int) (long) secs);
            }
            return List.of(limits);
        }

        private BufferLimit[] defaults() {
            return new BufferLimit[] {new BufferLimit(0, 0, 0), new BufferLimit(256L << 20, 64L << 20, 60),
                new BufferLimit(32L << 20, 8L << 20, 60)};
        }

        @Override
        @SuppressWarnings("unchecked")
        public String format(Object value) {
            List<BufferLimit> l = (List<BufferLimit>) value;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                BufferLimit b = l.get(i);
                sb.append(classes[i]).append(' ').append(Long.toUnsignedString(b.hard())).append(' ')
                    .append(Long.toUnsignedString(b.soft())).append(' ').append(b.softSeconds());
            }
            return sb.toString();
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> rewrite(Object value) {
            List<BufferLimit> l = (List<BufferLimit>) value;
            List<String> lines = new ArrayList<>();
            String[] names = {"normal", "replica", "pubsub"};
            for (int i = 0; i < 3; i++) {
                BufferLimit b = l.get(i);
                lines.add(names[i] + " " + b.hard() + " " + b.soft() + " " + b.softSeconds());
            }
            return lines;
        }
    };

    /** bind: up to 16 addresses; a leading '-' marks an optional address. Value: List of String. */
    public static final ConfigType BIND = new ConfigType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() > 16) {
                throw new ConfigException("Too many bind addresses specified.");
            }
            if (args.size() == 1 && args.get(0).isEmpty()) {
                return List.of();
            }
            return List.copyOf(args);
        }

        @Override
        @SuppressWarnings("unchecked")
        public String format(Object value) {
            return String.join(" ", (List<String>) value);
        }

        @Override
        public List<String> rewrite(Object value) {
            return List.of(format(value));
        }
    };

    /**
     * notify-keyspace-events: class characters. The value is the flags as an Integer; CONFIG GET prints Redis's
     * canonical string, which (like Redis's) does not show 'n' next to 'A' although the flag stays set.
     */
    public static final ConfigType NOTIFY_KEYSPACE_EVENTS = new ConfigType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            int flags = KeyspaceEventFlags.parse(args.get(0));
            if (flags < 0) {
                throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            }
            return flags;
        }

        @Override
        public String format(Object value) {
            return KeyspaceEventFlags.format((Integer) value);
        }
    };

    /** oom-score-adj-values: three integers in [-2000, 2000]. */
    public static final ConfigType OOM_SCORE_ADJ_VALUES = new ConfigType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() != 3) {
                throw new ConfigException("wrong number of arguments");
            }
            long[] v = new long[3];
            for (int i = 0; i < 3; i++) {
                try {
                    v[i] = Long.parseLong(args.get(i));
                } catch (NumberFormatException e) {
                    throw new ConfigException("Invalid oom-score-adj-values, elements must be between -2000 "
                        + "and 2000.");
                }
                if (v[i] < -2000 || v[i] > 2000) {
                    throw new ConfigException("Invalid oom-score-adj-values, elements must be between -2000 "
                        + "and 2000.");
                }
            }
            return v[0] + " " + v[1] + " " + v[2];
        }

        @Override
        public String format(Object value) {
            return (String) value;
        }

        @Override
        public List<String> rewrite(Object value) {
            return List.of((String) value);
        }
    };

    /** replicaof host port (or "no one"). Value: "host port" or null. */
    public static final ConfigType REPLICAOF = new ConfigType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() == 1 && args.get(0).isEmpty()) {
                return null;
            }
            if (args.size() != 2) {
                throw new ConfigException("wrong number of arguments");
            }
            if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
                return null;
            }
            int port;
            try {
                port = Integer.parseInt(args.get(1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new ConfigException("Invalid master port");
            }
            return args.get(0) + " " + port;
        }

        @Override
        public String format(Object value) {
            return value == null ? "" : (String) value;
        }

        @Override
        public List<String> rewrite(Object value) {
            return List.of(format(value));
        }
    };

    /** latency-tracking-info-percentiles: decimals in [0, 100]. */
    public static final ConfigType PERCENTILES = new ConfigType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.size() == 1 && args.get(0).isEmpty()) {
                return List.of();
            }
            List<Double> out = new ArrayList<>();
            for (String a : args) {
                double d;
                try {
                    d = io.hashslot.common.Numbers.parseDouble(a.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                } catch (io.hashslot.common.NotANumberException e) {
                    throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
                }
                if (d < 0 || d > 100) {
                    throw new ConfigException("latency-tracking-info-percentiles parameters should sit between "
                        + "[0.0,100.0]");
                }
                out.add(d);
            }
            return List.copyOf(out);
        }

        @Override
        @SuppressWarnings("unchecked")
        public String format(Object value) {
            StringBuilder sb = new StringBuilder();
            for (Double d : (List<Double>) value) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(percentileText(d));
            }
            return sb.toString();
        }

        @Override
        public List<String> rewrite(Object value) {
            return List.of(format(value));
        }
    };

    /** "%f" with trailing zeros (and a trailing point) removed, as Redis prints percentiles. */
    public static String percentileText(double d) {
        String s = String.format(Locale.ROOT, "%f", d);
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s;
    }

    static List<String> words(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }
}
