package io.hashslot.testkit.collections;

import io.hashslot.protocol.RespValue;
import io.hashslot.store.Entry;
import io.hashslot.store.Values;
import io.hashslot.testkit.RawClient;
import io.hashslot.testkit.RealRedis;
import io.hashslot.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server and a Hashslot node started with the same directives, with one connection to each: sends
 * the same command to both and renders replies for comparison, exactly or as multisets where Redis's order
 * depends on its hash function. Also reads a key's type and encoding on both (Redis: TYPE and OBJECT ENCODING;
 * Hashslot: the stored value itself, read on the node's execution thread).
 */
final class DualServer implements AutoCloseable {
    final RealRedis redis;
    final TestNode node;
    final RawClient r;
    final RawClient h;

    DualServer(String... directives) {
        String[] redisArgs = new String[directives.length];
        for (int i = 0; i < directives.length; i += 2) {
            redisArgs[i] = "--" + directives[i];
            redisArgs[i + 1] = directives[i + 1];
        }
        redis = RealRedis.start(redisArgs);
        node = TestNode.start(directives);
        r = new RawClient(redis.port());
        h = new RawClient(node.port());
    }

    void flush() {
        r.call("FLUSHALL");
        h.call("FLUSHALL");
    }

    /** Sends one command to both; returns {redis reply, hashslot reply}. */
    RespValue[] call(List<String> args) {
        String[] a = args.toArray(new String[0]);
        return new RespValue[] {r.call(a), h.call(a)};
    }

    /** "type/encoding" of a key on real Redis ("none" when missing). */
    String redisShape(String key) {
        String type = ((RespValue.Simple) r.call("TYPE", key)).text();
        if (type.equals("none")) {
            return "none";
        }
        RespValue enc = r.call("OBJECT", "ENCODING", key);
        return type + "/" + ((RespValue.Bulk) enc).text();
    }

    /** "type/encoding" of a key on the Hashslot node, read on its execution thread. */
    String hashslotShape(String key) {
        CompletableFuture<String> f = new CompletableFuture<>();
        node.server().execute(() -> {
            try {
                Entry e = node.server().context().keyspace().db(0).find(key.getBytes(StandardCharsets.UTF_8));
                f.complete(e == null ? "none" : Values.typeName(e.value()) + "/" + Values.encoding(e.value()));
            } catch (RuntimeException ex) {
                f.completeExceptionally(ex);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A reply rendered with its types, e.g. "*[$a,:1]" (sets "~", maps "%"). */
    static String render(RespValue v) {
        if (v instanceof RespValue.Simple s) {
            return "+" + s.text();
        } else if (v instanceof RespValue.Error e) {
            return "-" + e.text();
        } else if (v instanceof RespValue.Int i) {
            return ":" + i.value();
        } else if (v instanceof RespValue.Bulk b) {
            return "$" + new String(b.bytes(), StandardCharsets.ISO_8859_1);
        } else if (v instanceof RespValue.Null) {
            return "_";
        } else if (v instanceof RespValue.Array a) {
            return a.type() + "[" + String.join(",", items(a.items())) + "]";
        } else if (v instanceof RespValue.MapValue m) {
            return m.type() + "{" + String.join(",", items(m.items())) + "}";
        }
        return v.toString();
    }

    private static List<String> items(List<RespValue> values) {
        List<String> out = new ArrayList<>();
        for (RespValue x : values) {
            out.add(render(x));
        }
        return out;
    }

    /**
     * An aggregate reply rendered with its elements sorted (groups of {@code stride} kept together, e.g. field
     * and value); other replies as {@link #render}.
     */
    static String renderUnordered(RespValue v, int stride) {
        List<RespValue> list;
        String open;
        if (v instanceof RespValue.Array a) {
            list = a.items();
            open = a.type() + "[";
        } else if (v instanceof RespValue.MapValue m) {
            list = m.items();
            open = m.type() + "{";
        } else {
            return render(v);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i + stride <= list.size(); i += stride) {
            groups.add(String.join(",", items(list.subList(i, i + stride))));
        }
        groups.sort(null);
        return open + String.join(",", groups) + (list.size() % stride != 0 ? ",odd" : "") + "]";
    }

    /** The strings of an array reply (bulk items). */
    static List<String> strings(RespValue v) {
        List<String> out = new ArrayList<>();
        for (RespValue x : ((RespValue.Array) v).items()) {
            out.add(new String(((RespValue.Bulk) x).bytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Override
    public void close() {
        r.close();
        h.close();
        node.close();
        redis.close();
    }
}
