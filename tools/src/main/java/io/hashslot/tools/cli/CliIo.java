package io.hashslot.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The CLI's standard streams, environment and whether stdin/stdout are terminals. Text written here is a Latin-1
 * "byte string" (each char is one byte), so server data goes out byte for byte; stdout is buffered and flushed
 * where redis-cli flushes, stderr is written through.
 */
final class CliIo {
    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private final Map<String, String> env;
    private final boolean stdinTty;
    private final boolean stdoutTty;

    CliIo(InputStream in, OutputStream out, OutputStream err, Map<String, String> env, boolean stdinTty,
          boolean stdoutTty) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.stdinTty = stdinTty;
        this.stdoutTty = stdoutTty;
    }

    InputStream in() {
        return in;
    }

    String env(String name) {
        return env.get(name);
    }

    boolean stdinTty() {
        return stdinTty;
    }

    boolean stdoutTty() {
        return stdoutTty;
    }

    /** Writes a byte string to stdout (not flushed). */
    void print(String bytes) {
        write(out, bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) {
        write(out, bytes);
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a byte string to stderr, after flushing stdout so the two stay in order on a shared terminal. */
    void eprint(String bytes) {
        flush();
        write(err, bytes.getBytes(StandardCharsets.ISO_8859_1));
        try {
            err.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(OutputStream s, byte[] b) {
        try {
            s.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
