package io.hashslot.server.persistence;

import io.hashslot.commands.Client;
import io.hashslot.commands.ClientConnection;
import io.hashslot.commands.CommandProcessor;
import io.hashslot.commands.CommandSpec;
import io.hashslot.commands.ServerContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads a multi-part AOF (base, then incr files) by executing its commands on a fake client, with Redis 7.0's
 * outcomes and log lines: RDB base files and preambles, annotations, incomplete MULTI reverted, a torn last
 * command cut when {@code aof-load-truncated} is on, format errors stopping the load.
 */
final class AofLoader {
    enum Status { OK, EMPTY, NOT_EXIST, OPEN_ERR, TRUNCATED, FAILED }

    /** Redis's AOF_ANNOTATION_LINE_MAX_LEN: the fgets buffer. */
    private static final int LINE_MAX = 1024;

    private final ServerContext server;
    private final CommandProcessor processor;
    private final PersistenceManager manager;
    long totalSize;
    long baseSize;

    AofLoader(ServerContext server, CommandProcessor processor, PersistenceManager manager) {
        this.server = server;
        this.processor = processor;
        this.manager = manager;
    }

    /** loadAppendOnlyFiles. */
    Status loadAll(AofManifest am, Path dir) {
        if (am.isEmpty()) {
            return Status.NOT_EXIST;
        }
        List<AofManifest.Info> files = new ArrayList<>();
        if (am.base != null) {
            files.add(am.base);
        }
        files.addAll(am.incr);
        long total = 0;
        for (AofManifest.Info f : files) {
            Path p = dir.resolve(f.name());
            if (!Files.exists(p)) {
                server.log().warning("The append log file " + f.name() + " doesn't exist: No such file or directory");
                return Status.FAILED;
            }
            try {
                total += Files.size(p);
            } catch (IOException e) {
                return Status.FAILED;
            }
        }
        if (total == 0) {
            return Status.EMPTY;
        }
        Status ret = Status.OK;
        for (int i = 0; i < files.size(); i++) {
            AofManifest.Info f = files.get(i);
            boolean last = i == files.size() - 1;
            long start = System.nanoTime();
            ret = loadFile(dir.resolve(f.name()), f.name());
            if (ret == Status.OK || (ret == Status.TRUNCATED && last)) {
                server.log().notice(String.format(Locale.ROOT, "DB loaded from %s file %s: %.3f seconds",
                    f.type() == 'b' ? "base" : "incr", f.name(), (System.nanoTime() - start) / 1e9));
            }
            if (ret == Status.EMPTY) {
                ret = Status.OK;
            }
            if (ret == Status.TRUNCATED && !last) {
                server.log().warning("Fatal error: the truncated file is not the last file");
                return Status.FAILED;
            }
            if (ret == Status.OPEN_ERR || ret == Status.FAILED) {
                return ret;
            }
        }
        totalSize = total;
        try {
            baseSize = am.base == null ? 0 : Files.size(dir.resolve(am.base.name()));
        } catch (IOException e) {
            baseSize = 0;
        }
        return ret;
    }

    /** loadSingleAppendOnlyFile; no key counts as expired while the commands replay, as in Redis's loading. */
    Status loadFile(Path path, String name) {
        server.keyspace().setLoading(true);
        try {
            return replayFile(path, name);
        } finally {
            server.keyspace().setLoading(false);
        }
    }

    private Status replayFile(Path path, String name) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            server.log().warning("The append log file " + name + " doesn't exist: No such file or directory");
            return Status.NOT_EXIST;
        }
        if (size == 0) {
            return Status.EMPTY;
        }
        Client fake = new Client(server.clients().nextId(), server, ClientConnection.NONE);
        fake.addFlag(Client.FLAG_MASTER | Client.FLAG_NO_PROPAGATE);
        fake.setReplyMode(Client.ReplyMode.OFF);
        long validUpTo = 0;
        long validBeforeMulti = 0;
        List<byte[][]> queued = null;
        boolean eof;
        if (manager.pacer() != null) {
            manager.pacer().nextFile();
        }
        try (Counting in = new Counting(Files.newInputStream(path))) {
            in.mark5();
            byte[] sig = in.readNBytes(5);
            in.reset5();
            if (sig.length == 5 && new String(sig, StandardCharsets.US_ASCII).equals("REDIS")) {
                boolean oldStyle = name.equals(server.config().getString("appendfilename"));
                server.log().notice(oldStyle ? "Reading RDB preamble from AOF file..."
                    : "Reading RDB base file on AOF loading...");
                try {
                    new DataLoader(server).loadRdbStream(in, false, manager);
                } catch (LoadPacer.Abandoned e) {
                    return Status.FAILED;
                } catch (IOException e) {
                    server.log().warning(oldStyle ? "Error reading the RDB preamble of the AOF file " + name
                        + ", AOF loading aborted" : "Error reading the RDB base file " + name
                        + ", AOF loading aborted");
                    if (!(e instanceof EOFException)) {
                        server.log().warning("Unrecoverable error reading the append only file " + name + ": "
                            + e.getMessage());
                        return Status.FAILED;
                    }
                    return unexpectedEof(path, name, validUpTo);
                }
                validUpTo = in.position;
                if (oldStyle) {
                    server.log().notice("Reading the remaining AOF tail...");
                }
            }
            while (true) {
                byte[] line = in.line();
                if (line == null) {
                    eof = true;
                    break;
                }
                if (line[0] == '#') {
                    continue;
                }
                if (line[0] != '*') {
                    return formatError(name);
                }
                if (line.length == 1) {
                    return unexpectedEof(path, name, validUpTo);
                }
                long argc = atoi(line, 1);
                if (argc < 1) {
                    return formatError(name);
                }
                byte[][] argv = new byte[(int) Math.min(argc, Integer.MAX_VALUE)][];
                for (int j = 0; j < argv.length; j++) {
                    byte[] l = in.line();
                    if (l == null) {
                        return unexpectedEof(path, name, validUpTo);
                    }
                    if (l[0] != '$') {
                        return formatError(name);
                    }
                    long len = atoi(l, 1);
                    byte[] arg = in.readNBytes((int) Math.max(0, len));
                    if (arg.length < len || in.readNBytes(2).length < 2) {
                        return unexpectedEof(path, name, validUpTo);
                    }
                    argv[j] = arg;
                }
                CommandSpec cmd = server.commands().lookup(argv);
                if (cmd == null) {
                    server.log().warning("Unknown command '" + new String(argv[0], StandardCharsets.ISO_8859_1)
                        + "' reading the append only file " + name);
                    return Status.FAILED;
                }
                String cmdName = cmd.fullName();
                if (cmdName.equals("multi")) {
                    validBeforeMulti = validUpTo;
                    queued = new ArrayList<>();
                } else if (cmdName.equals("exec") && queued != null) {
                    for (byte[][] q : queued) {
                        run(fake, q);
                    }
                    queued = null;
                } else if (queued != null) {
                    queued.add(argv);
                } else {
                    run(fake, argv);
                }
                validUpTo = in.position;
                if (manager.pacer() != null) {
                    manager.pacer().afterKey(in.position);
                }
            }
        } catch (LoadPacer.Abandoned e) {
            return Status.FAILED;
        } catch (IOException e) {
            server.log().warning("Unrecoverable error reading the append only file " + name + ": " + e.getMessage());
            return Status.FAILED;
        }
        if (queued != null) {
            server.log().warning("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
            return unexpectedEof(path, name, validBeforeMulti);
        }
        return Status.OK;
    }

    private void run(Client fake, byte[][] argv) {
        CommandSpec cmd = server.commands().lookup(argv);
        if (cmd != null) {
            processor.call(fake, cmd, argv);
            fake.output().clear();
        }
    }

    private Status formatError(String name) {
        server.log().warning("Bad file format reading the append only file " + name + ": make a backup of your AOF "
            + "file, then use ./redis-check-aof --fix <filename.manifest>");
        return Status.FAILED;
    }

    private Status unexpectedEof(Path path, String name, long validUpTo) {
        if (server.config().getBool("aof-load-truncated")) {
            server.log().warning("!!! Warning: short read while loading the AOF file " + name + "!!!");
            server.log().warning("!!! Truncating the AOF " + name + " at offset " + validUpTo + " !!!");
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.truncate(validUpTo);
                server.log().warning("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
                return Status.TRUNCATED;
            } catch (IOException e) {
                server.log().warning("Error truncating the AOF file " + name + ": " + e.getMessage());
            }
        }
        server.log().warning("Unexpected end of file reading the append only file " + name + ". You can: 1) Make a "
            + "backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you "
            + "can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        return Status.FAILED;
    }

    /** C atoi/strtol from {@code off}: optional sign, digits, stops at the first other byte. */
    private static long atoi(byte[] b, int off) {
        int i = off;
        boolean neg = false;
        if (i < b.length && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9' && v < Integer.MAX_VALUE) {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        return neg ? -v : v;
    }

    /** A buffered stream that counts the bytes consumed and reads fgets-style lines. */
    static final class Counting extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;
        long position;
        private int markPos = -1;

        Counting(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        void mark5() throws IOException {
            fill();
            markPos = pos;
        }

        void reset5() {
            position -= pos - markPos;
            pos = markPos;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            position++;
            return buf[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            position += n;
            return n;
        }

        /** fgets with a 1024-byte buffer: up to and including '\n', at most 1023 bytes; null at EOF. */
        byte[] line() throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(32);
            while (out.size() < LINE_MAX - 1) {
                int c = read();
                if (c < 0) {
                    break;
                }
                out.write(c);
                if (c == '\n') {
                    break;
                }
            }
            return out.size() == 0 ? null : out.toByteArray();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
