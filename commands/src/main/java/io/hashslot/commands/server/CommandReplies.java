package io.hashslot.commands.server;

import io.hashslot.commands.CommandSpec;
import io.hashslot.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * COMMAND INFO and COMMAND DOCS entries, written from the metadata captured from Redis (CommandSpec.raw()) with
 * the reply types Redis uses: flags as sets of status strings, key specs and docs as maps. Containers list only
 * the subcommands Hashslot implements.
 */
final class CommandReplies {
    private CommandReplies() {
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? List.of() : (List<Object>) v;
    }

    private static int num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).intValue();
    }

    private static void statusSet(Reply r, List<Object> items) {
        r.set(items.size());
        for (Object o : items) {
            r.simple((String) o);
        }
    }

    static List<CommandSpec> implementedSubcommands(CommandSpec cmd) {
        List<CommandSpec> subs = new ArrayList<>();
        for (CommandSpec s : cmd.subcommands().values()) {
            if (s.implemented()) {
                subs.add(s);
            }
        }
        return subs;
    }

    /** addReplyCommandInfo. */
    static void info(Reply r, CommandSpec cmd) {
        Map<String, Object> raw = cmd.raw();
        r.array(10);
        r.bulk(cmd.fullName());
        r.integer(cmd.arity());
        statusSet(r, list(raw, "flags"));
        r.integer(num(raw, "first"));
        r.integer(num(raw, "last"));
        r.integer(num(raw, "step"));
        statusSet(r, list(raw, "acl"));
        List<Object> tips = list(raw, "tips");
        r.set(tips.size());
        for (Object t : tips) {
            r.bulk((String) t);
        }
        keySpecs(r, list(raw, "key_specs"));
        if (!cmd.isContainer()) {
            r.set(0);
        } else {
            List<CommandSpec> subs = implementedSubcommands(cmd);
            r.array(subs.size());
            for (CommandSpec s : subs) {
                info(r, s);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void keySpecs(Reply r, List<Object> specs) {
        r.set(specs.size());
        for (Object o : specs) {
            Map<String, Object> ks = (Map<String, Object>) o;
            boolean notes = ks.containsKey("notes");
            r.map(notes ? 4 : 3);
            if (notes) {
                r.bulk("notes");
                r.bulk((String) ks.get("notes"));
            }
            r.bulk("flags");
            statusSet(r, list(ks, "flags"));
            for (String part : new String[] {"begin_search", "find_keys"}) {
                Map<String, Object> m = (Map<String, Object>) ks.get(part);
                r.bulk(part);
                r.map(2);
                r.bulk("type");
                r.bulk((String) m.get("type"));
                r.bulk("spec");
                Map<String, Object> spec = (Map<String, Object>) m.get("spec");
                r.map(spec.size());
                for (Map.Entry<String, Object> e : spec.entrySet()) {
                    r.bulk(e.getKey());
                    if (e.getValue() instanceof Number n) {
                        r.integer(n.longValue());
                    } else {
                        r.bulk(String.valueOf(e.getValue()));
                    }
                }
            }
        }
    }

    private static boolean present(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v != null && !(v instanceof String s && s.isEmpty()) && !(v instanceof List<?> l && l.isEmpty());
    }

    /** addReplyCommandDocs, with Hashslot's own summary and without Redis's complexity and history prose. */
    static void docs(Reply r, CommandSpec cmd) {
        Map<String, Object> raw = cmd.raw();
        List<CommandSpec> subs = cmd.isContainer() ? implementedSubcommands(cmd) : List.of();
        int n = 1;
        for (String k : new String[] {"summary", "since", "doc_flags", "deprecated_since", "arguments"}) {
            if (present(raw, k)) {
                n++;
            }
        }
        if (cmd.isContainer()) {
            n++;
        }
        r.map(n);
        if (present(raw, "summary")) {
            r.bulk("summary");
            r.bulk((String) raw.get("summary"));
        }
        if (present(raw, "since")) {
            r.bulk("since");
            r.bulk((String) raw.get("since"));
        }
        r.bulk("group");
        r.bulk((String) raw.get("group"));
        if (present(raw, "doc_flags")) {
            r.bulk("doc_flags");
            statusSet(r, list(raw, "doc_flags"));
        }
        if (present(raw, "deprecated_since")) {
            r.bulk("deprecated_since");
            r.bulk((String) raw.get("deprecated_since"));
        }
        if (present(raw, "arguments")) {
            r.bulk("arguments");
            arguments(r, list(raw, "arguments"));
        }
        if (cmd.isContainer()) {
            r.bulk("subcommands");
            r.map(subs.size());
            for (CommandSpec s : subs) {
                r.bulk(s.fullName());
                docs(r, s);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void arguments(Reply r, List<Object> args) {
        r.array(args.size());
        for (Object o : args) {
            Map<String, Object> a = (Map<String, Object>) o;
            String type = (String) a.get("type");
            boolean nested = type.equals("oneof") || type.equals("block");
            int n = 2;
            for (String k : new String[] {"key_spec_index", "token", "since", "deprecated_since", "flags"}) {
                if (a.containsKey(k)) {
                    n++;
                }
            }
            if (nested) {
                n++;
            }
            r.map(n);
            r.bulk("name");
            r.bulk((String) a.get("name"));
            r.bulk("type");
            r.bulk(type);
            if (a.containsKey("key_spec_index")) {
                r.bulk("key_spec_index");
                r.integer(num(a, "key_spec_index"));
            }
            for (String k : new String[] {"token", "since", "deprecated_since"}) {
                if (a.containsKey(k)) {
                    r.bulk(k);
                    r.bulk((String) a.get(k));
                }
            }
            if (a.containsKey("flags")) {
                r.bulk("flags");
                statusSet(r, list(a, "flags"));
            }
            if (nested) {
                r.bulk("arguments");
                arguments(r, list(a, "arguments"));
            }
        }
    }
}
