package io.hashslot.common.config;

import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The standard config types: yes/no, bounded numbers (plain, memory, percent, octal), enums and strings. */
public final class Types {
    private Types() {
    }

    public static final ConfigType BOOL = new ConfigType() {
        @Override
        public Object parse(List<String> args) throws ConfigException {
            int yn = ConfigText.yesNo(args.get(0));
            if (yn < 0) {
                throw new ConfigException("argument must be 'yes' or 'no'");
            }
            return yn == 1;
        }

        @Override
        public String format(Object value) {
            return (Boolean) value ? "yes" : "no";
        }
    };

    /** A yes/no directive whose "yes" is refused with {@code error} (a feature this server cannot turn on). */
    public static ConfigType boolRefusingYes(String error) {
        return new ConfigType() {
            @Override
            public Object parse(List<String> args) throws ConfigException {
                Object v = BOOL.parse(args);
                if ((Boolean) v) {
                    throw new ConfigException(error);
                }
                return v;
            }

            @Override
            public String format(Object value) {
                return BOOL.format(value);
            }
        };
    }

    /** A bounded integer; values are {@code Long}. Percent values are stored negative, as Redis does. */
    public static final class Num implements ConfigType {
        final long min;
        final long max;
        final boolean memory;
        final boolean percent;
        final boolean octal;
        final boolean unsigned;

        Num(long min, long max, boolean memory, boolean percent, boolean octal, boolean unsigned) {
            this.min = min;
            this.max = max;
            this.memory = memory;
            this.percent = percent;
            this.octal = octal;
            this.unsigned = unsigned;
        }

        @Override
        public Object parse(List<String> args) throws ConfigException {
            String v = args.get(0);
            Long parsed = null;
            if (memory) {
                parsed = ConfigText.memoryValue(v);
            }
            if (parsed == null && percent && v.length() > 1 && v.endsWith("%")) {
                try {
                    long p = Numbers.parseLong(v.substring(0, v.length() - 1).getBytes(StandardCharsets.US_ASCII));
                    if (p >= 0) {
                        parsed = -p;
                    }
                } catch (NotANumberException e) {
                    // fall through to the error
                }
            }
            if (parsed == null && octal) {
                try {
                    parsed = Long.parseLong(v, 8);
                } catch (NumberFormatException e) {
                    // fall through
                }
            }
            if (parsed == null && !memory && !percent && !octal) {
                try {
                    parsed = Numbers.parseLong(v.getBytes(StandardCharsets.ISO_8859_1));
                } catch (NotANumberException e) {
                    // fall through
                }
            }
            if (parsed == null) {
                if (memory && percent) {
                    throw new ConfigException("argument must be a memory or percent value");
                } else if (memory) {
                    throw new ConfigException("argument must be a memory value");
                } else if (octal) {
                    throw new ConfigException("argument couldn't be parsed as an octal number");
                }
                throw new ConfigException("argument couldn't be parsed into an integer");
            }
            long ll = parsed;
            if (percent && ll < 0) {
                if (ll < min) {
                    throw new ConfigException("percentage argument must be less or equal to " + (-min));
                }
            } else if (unsigned ? Long.compareUnsigned(ll, max) > 0 || Long.compareUnsigned(ll, min) < 0
                : ll > max || ll < min) {
                String lo = octal ? Long.toOctalString(min) : unsigned ? Long.toUnsignedString(min) : "" + min;
                String hi = octal ? Long.toOctalString(max) : unsigned ? Long.toUnsignedString(max) : "" + max;
                throw new ConfigException("argument must be between " + lo + " and " + hi + " inclusive");
            }
            return ll;
        }

        @Override
        public String format(Object value) {
            long v = (Long) value;
            if (percent && v < 0) {
                return (-v) + "%";
            }
            if (octal) {
                return Long.toOctalString(v);
            }
            return unsigned || memory ? Long.toUnsignedString(v) : Long.toString(v);
        }

        /** As CONFIG REWRITE writes it: n%, memory with the largest exact unit, octal, or the plain number. */
        @Override
        public List<String> rewrite(Object value) {
            long v = (Long) value;
            if (percent && v < 0) {
                return List.of((-v) + "%");
            }
            if (memory) {
                return List.of(bytesText(v));
            }
            if (octal) {
                return List.of(Long.toOctalString(v));
            }
            return List.of(Long.toString(v));
        }

        /** rewriteConfigFormatMemory: gb, mb or kb when the value is an exact multiple (a C long long). */
        public static String bytesText(long v) {
            long gb = 1024L * 1024 * 1024;
            long mb = 1024L * 1024;
            if (v != 0 && v % gb == 0) {
                return (v / gb) + "gb";
            } else if (v != 0 && v % mb == 0) {
                return (v / mb) + "mb";
            } else if (v != 0 && v % 1024 == 0) {
                return (v / 1024) + "kb";
            }
            return Long.toString(v);
        }
    }

    public static Num integer(long min, long max) {
        return new Num(min, max, false, false, false, false);
    }

    public static Num unsignedInteger(long min, long max) {
        return new Num(min, max, false, false, false, true);
    }

    public static Num memory(long min, long max) {
        return new Num(min, max, true, false, false, false);
    }

    public static Num unsignedMemory(long min, long max) {
        return new Num(min, max, true, false, false, true);
    }

    public static Num memoryOrPercent(long min, long max) {
        return new Num(min, max, true, true, false, false);
    }

    public static Num octal(long min, long max) {
        return new Num(min, max, false, false, true, true);
    }

    /**
     * One name out of a fixed set (the value is the canonical lower-case name), or for flag sets any
     * combination of names (the value is the canonical text: the names of the flags in table order). In a flag
     * set the first name stands for "no flag" and the others for one bit each, as Redis's enum tables do.
     */
    public static final class Enum implements ConfigType {
        final Map<String, Integer> names = new LinkedHashMap<>();
        final Map<String, String> aliases = new LinkedHashMap<>();
        final boolean multi;
        Validator validator;

        /** A check on the combined flags (shutdown-on-sigint: SAVE and NOSAVE exclude each other). */
        public interface Validator {
            void check(int flags) throws ConfigException;
        }

        Enum(boolean multi, String... names) {
            this.multi = multi;
            for (int i = 0; i < names.length; i++) {
                this.names.put(names[i], multi ? (i == 0 ? 0 : 1 << (i - 1)) : i);
            }
        }

        /** A second name for an entry; it is accepted and reported as the entry's own name. */
        public Enum alias(String alias, String of) {
            aliases.put(alias, of);
            return this;
        }

        public Enum validator(Validator v) {
            this.validator = v;
            return this;
        }

        private ConfigException error() {
            List<String> all = new ArrayList<>(names.keySet());
            for (Map.Entry<String, String> a : aliases.entrySet()) {
                int at = all.indexOf(a.getValue());
                all.add(at + 1, a.getKey());
            }
            return new ConfigException("argument(s) must be one of the following: " + String.join(", ", all));
        }

        private String canonical(String arg) throws ConfigException {
            String v = arg.toLowerCase(Locale.ROOT);
            v = aliases.getOrDefault(v, v);
            if (!names.containsKey(v)) {
                throw error();
            }
            return v;
        }

        @Override
        public Object parse(List<String> args) throws ConfigException {
            if (args.isEmpty() || (!multi && args.size() != 1)) {
                throw error();
            }
            if (!multi) {
                return canonical(args.get(0));
            }
            int flags = 0;
            for (String a : args) {
                flags |= names.get(canonical(a));
            }
            if (validator != null) {
                validator.check(flags);
            }
            for (Map.Entry<String, Integer> e : names.entrySet()) {
                if (e.getValue() == flags) {
                    return e.getKey();
                }
            }
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, Integer> e : names.entrySet()) {
                int bit = e.getValue();
                if (bit != 0 && (flags & bit) == bit) {
                    out.add(e.getKey());
                }
            }
            return String.join(" ", out);
        }

        @Override
        public String format(Object value) {
            return (String) value;
        }

        @Override
        public List<String> rewrite(Object value) {
            return List.of((String) value);
        }
    }

    public static Enum oneOf(String... names) {
        return new Enum(false, names);
    }

    public static Enum flagsOf(String... names) {
        return new Enum(true, names);
    }

    /** A string; with {@code emptyIsNull} an empty value means "unset" (stored as null, printed empty). */
    public static final class Str implements ConfigType {
        final boolean emptyIsNull;
        final Validator validator;

        /** Extra checks some string directives make (dbfilename can't be a path...). */
        public interface Validator {
            void check(String value) throws ConfigException;
        }

        Str(boolean emptyIsNull, Validator validator) {
            this.emptyIsNull = emptyIsNull;
            this.validator = validator;
        }

        @Override
        public Object parse(List<String> args) throws ConfigException {
            String v = args.get(0);
            if (validator != null) {
                validator.check(v);
            }
            return emptyIsNull && v.isEmpty() ? null : v;
        }

        @Override
        public String format(Object value) {
            return value == null ? "" : (String) value;
        }

        /** Strings are always written quoted; an unset (null) string writes no line at all. */
        @Override
        public List<String> rewrite(Object value) {
            return value == null ? List.of() : List.of(ConfigText.repr((String) value));
        }
    }

    public static Str string() {
        return new Str(false, null);
    }

    public static Str nullableString() {
        return new Str(true, null);
    }

    public static Str string(Str.Validator validator) {
        return new Str(false, validator);
    }

    public static Str nullableString(Str.Validator validator) {
        return new Str(true, validator);
    }
}
