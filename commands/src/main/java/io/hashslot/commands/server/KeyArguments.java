package io.hashslot.commands.server;

import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.KeySpec;
import io.hashslot.common.NotANumberException;
import io.hashslot.common.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key arguments of a command call with the flags of the key spec that found each (COMMAND GETKEYS /
 * GETKEYSANDFLAGS), as getKeysFromCommandWithSpecs finds them: key specs first; when a spec cannot describe the
 * call (unknown or incomplete specs, variable flags) the command's own key finder is used, and each key found
 * that way takes the flags of the spec that most plausibly covers its position.
 */
final class KeyArguments {
    /** One key: its argument position (0 = command name) and its flags. */
    record Key(int pos, List<String> flags) {
    }

    private KeyArguments() {
    }

    /** doesCommandHaveKeys: at least one key spec that is not marked not_key. */
    static boolean hasKeys(CommandSpec cmd) {
        for (KeySpec ks : cmd.keySpecs()) {
            if (!ks.flags().contains("not_key")) {
                return true;
            }
        }
        return false;
    }

    static List<Key> find(CommandSpec cmd, byte[][] argv) {
        boolean varFlags = false;
        for (KeySpec ks : cmd.keySpecs()) {
            varFlags |= ks.flags().contains("variable_flags");
        }
        if (!varFlags) {
            List<Key> keys = fromSpecs(cmd, argv);
            if (keys != null) {
                return keys;
            }
        }
        int[] positions = CommandTable.keyPositions(cmd, argv);
        if (positions == null) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (int p : positions) {
            keys.add(new Key(p, varFlags ? variableFlags(cmd, argv) : guessFlags(cmd, argv, p)));
        }
        return keys;
    }

    private static final List<String> READ_ONLY = List.of("RO", "access");
    private static final List<String> READ_WRITE = List.of("RW", "access", "update");
    private static final List<String> OVERWRITE = List.of("OW", "update");

    /**
     * The flags of the key of SET and BITFIELD, the two commands whose key spec says the flags depend on the
     * arguments: SET reads the old value only with GET; BITFIELD only reads when every operation is a GET.
     */
    private static List<String> variableFlags(CommandSpec cmd, byte[][] argv) {
        if (cmd.fullName().equals("set")) {
            for (int i = 3; i < argv.length; i++) {
                if (text(argv[i]).equalsIgnoreCase("get")) {
                    return READ_WRITE;
                }
            }
            return OVERWRITE;
        }
        boolean readonly = true;
        for (int i = 2; i < argv.length; i++) {
            int remaining = argv.length - i - 1;
            String arg = text(argv[i]);
            if (arg.equalsIgnoreCase("get") && remaining >= 2) {
                i += 2;
            } else if ((arg.equalsIgnoreCase("set") || arg.equalsIgnoreCase("incrby")) && remaining >= 3) {
                readonly = false;
                break;
            } else if (arg.equalsIgnoreCase("overflow") && remaining >= 1) {
                i += 1;
            } else {
                readonly = false;
                break;
            }
        }
        return readonly ? READ_ONLY : READ_WRITE;
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @SuppressWarnings("unchecked")
    private static int intOf(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(KeySpec ks, String name) {
        return (Map<String, Object>) ks.raw().get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(KeySpec ks, String name) {
        return (Map<String, Object>) part(ks, name).get("spec");
    }

    private static String type(KeySpec ks, String name) {
        return (String) part(ks, name).get("type");
    }

    /** getKeysUsingKeySpecs; null when a spec does not fit (the caller falls back to the key finder). */
    static List<Key> fromSpecs(CommandSpec cmd, byte[][] argv) {
        int argc = argv.length;
        List<Key> keys = new ArrayList<>();
        for (KeySpec ks : cmd.keySpecs()) {
            if (ks.flags().contains("not_key")) {
                continue;
            }
            int first = 0;
            String begin = type(ks, "begin_search");
            if (begin.equals("index")) {
                first = intOf(spec(ks, "begin_search"), "index");
            } else if (begin.equals("keyword")) {
                Map<String, Object> bs = spec(ks, "begin_search");
                String keyword = (String) bs.get("keyword");
                int startfrom = intOf(bs, "startfrom");
                int start = startfrom > 0 ? startfrom : argc + startfrom;
                int end = startfrom > 0 ? argc - 1 : 1;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) {
                        break;
                    }
                    if (new String(argv[i], java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase(keyword)) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) {
                    continue;
                }
            } else {
                return null;
            }
            int last;
            int step;
            String find = type(ks, "find_keys");
            Map<String, Object> fk = spec(ks, "find_keys");
            if (find.equals("range")) {
                step = intOf(fk, "keystep");
                int lastkey = intOf(fk, "lastkey");
                int limit = intOf(fk, "limit");
                if (lastkey >= 0) {
                    last = first + lastkey;
                } else if (limit == 0) {
                    last = argc + lastkey;
                } else {
                    last = first + ((argc - first) / limit + lastkey);
                }
            } else if (find.equals("keynum")) {
                step = intOf(fk, "keystep");
                int keynumidx = intOf(fk, "keynumidx");
                if (keynumidx >= argc || first + keynumidx >= argc) {
                    return null;
                }
                long numkeys;
                try {
                    numkeys = Numbers.parseLong(argv[first + keynumidx]);
                } catch (NotANumberException e) {
                    return null;
                }
                if (numkeys < 0) {
                    return null;
                }
                first += intOf(fk, "firstkey");
                last = first + (int) numkeys - 1;
            } else {
                return null;
            }
            if (last >= argc || last < first || first >= argc) {
                return null;
            }
            for (int i = first; i <= last; i += step) {
                keys.add(new Key(i, ks.flags()));
            }
            if (ks.flags().contains("incomplete")) {
                return null;
            }
        }
        return keys;
    }

    /** The flags of the spec that covers position {@code pos}: by index, by keyword, else the last unknown. */
    private static List<String> guessFlags(CommandSpec cmd, byte[][] argv, int pos) {
        List<KeySpec> specs = cmd.keySpecs();
        KeySpec unknown = null;
        for (KeySpec ks : specs) {
            String begin = type(ks, "begin_search");
            if (begin.equals("index") && intOf(spec(ks, "begin_search"), "index") == pos) {
                return ks.flags();
            }
            if (begin.equals("keyword") && pos >= 2) {
                String keyword = (String) spec(ks, "begin_search").get("keyword");
                if (new String(argv[pos - 1], java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equalsIgnoreCase(keyword)) {
                    return ks.flags();
                }
            }
            if (begin.equals("unknown")) {
                unknown = ks;
            }
        }
        if (unknown != null) {
            return unknown.flags();
        }
        return specs.isEmpty() ? List.of() : specs.get(0).flags();
    }
}
