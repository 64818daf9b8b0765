package io.hashslot.commands;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One key specification (Redis 7): where the search for keys begins (an index, or after a keyword) and how keys
 * are found from there (a range, or a count given by an argument). Also kept as its parsed JSON so COMMAND INFO
 * can print it back.
 */
public final class KeySpec {
    final int beginIndex;
    final byte[] keyword;
    final int keywordStart;
    final boolean rangeFind;
    final int lastKey;
    final int keyStep;
    final int limit;
    final int keyNumIdx;
    final int firstKey;
    final boolean unknownFind;
    final boolean unknownBegin;
    final Map<String, Object> raw;
    final List<String> flags;

    @SuppressWarnings("unchecked")
    KeySpec(Map<String, Object> raw) {
        this.raw = raw;
        this.flags = (List<String>) raw.getOrDefault("flags", List.of());
        Map<String, Object> begin = (Map<String, Object>) raw.get("begin_search");
        Map<String, Object> beginSpec = (Map<String, Object>) begin.get("spec");
        String beginType = (String) begin.get("type");
        if (beginType.equals("index")) {
            beginIndex = num(beginSpec, "index");
            keyword = null;
            keywordStart = 0;
            unknownBegin = false;
        } else if (beginType.equals("keyword")) {
            beginIndex = 0;
            keyword = ((String) beginSpec.get("keyword")).getBytes(StandardCharsets.US_ASCII);
            keywordStart = num(beginSpec, "startfrom");
            unknownBegin = false;
        } else {
            beginIndex = 0;
            keyword = null;
            keywordStart = 0;
            unknownBegin = true;
        }
        Map<String, Object> find = (Map<String, Object>) raw.get("find_keys");
        Map<String, Object> findSpec = (Map<String, Object>) find.get("spec");
        String findType = (String) find.get("type");
        rangeFind = findType.equals("range");
        unknownFind = findType.equals("unknown");
        if (rangeFind) {
            lastKey = num(findSpec, "lastkey");
            keyStep = num(findSpec, "keystep");
            limit = num(findSpec, "limit");
            keyNumIdx = 0;
            firstKey = 0;
        } else if (!unknownFind) {
            keyNumIdx = num(findSpec, "keynumidx");
            firstKey = num(findSpec, "firstkey");
            keyStep = num(findSpec, "keystep");
            lastKey = 0;
            limit = 0;
        } else {
            lastKey = 0;
            keyStep = 0;
            limit = 0;
            keyNumIdx = 0;
            firstKey = 0;
        }
    }

    private static int num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).intValue();
    }

    /** The key spec as COMMAND INFO reports it (captured from Redis). */
    public Map<String, Object> raw() {
        return raw;
    }

    /** The key spec's flags ("RW", "access", ...). */
    public List<String> flags() {
        return flags;
    }

    public boolean incomplete() {
        return unknownBegin || unknownFind || flags.contains("incomplete");
    }
}
