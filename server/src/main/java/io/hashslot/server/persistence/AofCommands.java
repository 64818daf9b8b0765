package io.hashslot.server.persistence;

import io.hashslot.common.Numbers;
import io.hashslot.store.Values;
import io.hashslot.store.types.HashValue;
import io.hashslot.store.types.ListValue;
import io.hashslot.store.types.SetValue;
import io.hashslot.store.types.ZSetValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * AOF command encoding: the RESP arrays appended for propagated writes, and the command form of a rewrite
 * without RDB preamble (rewriteAppendOnlyFileRio: SELECT per database, SET / RPUSH / SADD / ZADD / HMSET in
 * batches of 64 items, PEXPIREAT).
 */
final class AofCommands {
    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    static final int ITEMS_PER_CMD = 64;

    private AofCommands() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** catAppendOnlyGenericCommand: {@code *argc\r\n} then {@code $len\r\narg\r\n} per argument. */
    static void append(java.io.ByteArrayOutputStream out, byte[][] argv) {
        byte[] head = ascii("*" + argv.length + "\r\n");
        out.write(head, 0, head.length);
        for (byte[] a : argv) {
            byte[] len = ascii("$" + a.length + "\r\n");
            out.write(len, 0, len.length);
            out.write(a, 0, a.length);
            out.write('\r');
            out.write('\n');
        }
    }

    /** The entries of a snapshot as commands. */
    static SnapshotWriter.Format format(OutputStream out) {
        return new SnapshotWriter.Format() {
            private long written;

            private void cmd(List<byte[]> argv) throws IOException {
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                AofCommands.append(b, argv.toArray(new byte[0][]));
                b.writeTo(out);
                written += b.size();
            }

            @Override
            public void header() {
            }

            @Override
            public void database(int index, long size, long expires) throws IOException {
                cmd(List.of(ascii("SELECT"), ascii(Integer.toString(index))));
            }

            @Override
            public void entry(byte[] key, Object value, long expireAt) throws IOException {
                if (Values.isString(value)) {
                    cmd(List.of(ascii("SET"), key, Values.stringBytes(value)));
                } else if (value instanceof ListValue l) {
                    batches("RPUSH", key, l.toList(), 1);
                } else if (value instanceof SetValue s) {
                    List<byte[]> items = new ArrayList<>();
                    s.forEach(items::add);
                    batches("SADD", key, items, 1);
                } else if (value instanceof ZSetValue z) {
                    List<byte[]> items = new ArrayList<>();
                    z.forEach((m, sc) -> {
                        items.add(ascii(Numbers.formatG17(sc)));
                        items.add(m);
                    });
                    batches("ZADD", key, items, 2);
                } else if (value instanceof HashValue h) {
                    List<byte[]> items = new ArrayList<>();
                    h.forEach((f, v) -> {
                        items.add(f);
                        items.add(v);
                    });
                    batches("HMSET", key, items, 2);
                } else {
                    throw new IOException("cannot rewrite a value of type " + Values.typeName(value));
                }
                if (expireAt >= 0) {
                    cmd(List.of(ascii("PEXPIREAT"), key, ascii(Long.toString(expireAt))));
                }
            }

            private void batches(String name, byte[] key, List<byte[]> items, int width) throws IOException {
                int per = ITEMS_PER_CMD * width;
                for (int i = 0; i < items.size(); i += per) {
                    List<byte[]> argv = new ArrayList<>();
                    argv.add(ascii(name));
                    argv.add(key);
                    argv.addAll(items.subList(i, Math.min(items.size(), i + per)));
                    cmd(argv);
                }
            }

            @Override
            public void footer() {
            }

            @Override
            public void append(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
            }

            @Override
            public long written() {
                return written;
            }
        };
    }
}
