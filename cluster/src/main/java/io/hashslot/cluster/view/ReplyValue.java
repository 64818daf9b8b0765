package io.hashslot.cluster.view;

import java.util.ArrayList;
import java.util.List;

/**
 * A reply shape for CLUSTER SLOTS / SHARDS / REPLICAS, independent of RESP: the command layer renders it (maps
 * become flat arrays in RESP2, as everywhere). Strings are byte strings (one char per byte).
 */
public sealed interface ReplyValue {

    record Int(long value) implements ReplyValue {
    }

    record Bulk(String value) implements ReplyValue {
    }

    /** RESP null (CLUSTER SLOTS endpoint with cluster-preferred-endpoint-type unknown-endpoint). */
    record Null() implements ReplyValue {
    }

    record Array(List<ReplyValue> items) implements ReplyValue {
    }

    /** A map as alternating keys and values. */
    record MapValue(List<ReplyValue> keysAndValues) implements ReplyValue {
    }

    static Int integer(long v) {
        return new Int(v);
    }

    static Bulk bulk(String s) {
        return new Bulk(s);
    }

    /** A compact text form for tests and logs: arrays in [], maps in {}, bulks quoted. */
    static String show(ReplyValue v) {
        StringBuilder sb = new StringBuilder();
        show(v, sb);
        return sb.toString();
    }

    private static void show(ReplyValue v, StringBuilder sb) {
        if (v instanceof Int i) {
            sb.append(i.value());
        } else if (v instanceof Bulk b) {
            sb.append('"').append(b.value()).append('"');
        } else if (v instanceof Null) {
            sb.append("null");
        } else {
            List<ReplyValue> items = v instanceof Array a ? a.items() : ((MapValue) v).keysAndValues();
            boolean map = v instanceof MapValue;
            sb.append(map ? '{' : '[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(map && i % 2 == 1 ? ": " : ", ");
                }
                show(items.get(i), sb);
            }
            sb.append(map ? '}' : ']');
        }
    }

    /** Collects pairs into a {@link MapValue}. */
    final class MapBuilder {
        private final List<ReplyValue> kv = new ArrayList<>();

        public MapBuilder put(String key, ReplyValue value) {
            kv.add(new Bulk(key));
            kv.add(value);
            return this;
        }

        public MapValue build() {
            return new MapValue(kv);
        }
    }
}
