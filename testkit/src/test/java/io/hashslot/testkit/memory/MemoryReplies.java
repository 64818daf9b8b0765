package io.hashslot.testkit.memory;

import io.hashslot.protocol.RespValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers to read MEMORY replies in tests: field maps and the shape (names and reply types) of MEMORY STATS. */
final class MemoryReplies {
    private MemoryReplies() {
    }

    private static List<RespValue> pairs(RespValue v) {
        if (v instanceof RespValue.MapValue m) {
            return m.items();
        }
        if (v instanceof RespValue.Array a) {
            return a.items();
        }
        throw new IllegalArgumentException("not a map or array: " + v);
    }

    /** The fields of a (possibly RESP2-flattened) map reply; nested maps stay RespValues. */
    static Map<String, RespValue> fields(RespValue v) {
        List<RespValue> items = pairs(v);
        Map<String, RespValue> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            out.put(((RespValue.Bulk) items.get(i)).text(), items.get(i + 1));
        }
        return out;
    }

    static long integer(Map<String, RespValue> fields, String name) {
        return ((RespValue.Int) fields.get(name)).value();
    }

    /** A field replied as a double: RESP2 bulk text or RESP3 double. */
    static double decimal(Map<String, RespValue> fields, String name) {
        RespValue v = fields.get(name);
        String text = v instanceof RespValue.Double d ? d.text() : ((RespValue.Bulk) v).text();
        return java.lang.Double.parseDouble(text);
    }

    private static String kind(RespValue v) {
        if (v instanceof RespValue.Int) {
            return "int";
        } else if (v instanceof RespValue.Bulk) {
            return "bulk";
        } else if (v instanceof RespValue.Double) {
            return "double";
        } else if (v instanceof RespValue.MapValue || v instanceof RespValue.Array) {
            return "map" + shape(v);
        }
        return v.getClass().getSimpleName();
    }

    /** "name:type" for each field, nested maps included: what must match Redis exactly. */
    static List<String> shape(RespValue v) {
        List<String> out = new ArrayList<>();
        fields(v).forEach((name, value) -> out.add(name + ":" + kind(value)));
        return out;
    }
}
