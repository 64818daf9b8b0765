package io.hashslot.cluster.conf;

import io.hashslot.cluster.core.ClusterNode;
import io.hashslot.cluster.core.NodeFlags;
import io.hashslot.cluster.util.CNumbers;
import io.hashslot.cluster.view.ClusterNodesText;
import io.hashslot.common.ArgSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * nodes.conf, written exactly as Redis writes it (the CLUSTER NODES text without HANDSHAKE nodes, then
 * {@code vars currentEpoch N lastVoteEpoch N}) and read with Redis's rules (clusterLoadConfig): quoted-argument
 * splitting, blank lines skipped, lenient atoi/strtoull numbers, case-insensitive flag words, exactly one
 * {@code myself}. Where Redis would exit or crash on a corrupt file, {@link #parse} throws
 * {@link NodesConfException} naming the line.
 */
public final class NodesConf {
    private NodesConf() {
    }

    public static String render(ClusterNode c) {
        return ClusterNodesText.nodes(c, NodeFlags.HANDSHAKE, false) + "vars currentEpoch "
            + Long.toUnsignedString(c.currentEpoch()) + " lastVoteEpoch " + Long.toUnsignedString(c.lastVoteEpoch())
            + "\n";
    }

    /** Parses file content (bytes as Latin-1 chars). An empty text means "no configuration" to the caller. */
    public static NodesConfFile parse(String text) throws NodesConfException {
        List<NodesConfFile.Line> lines = new ArrayList<>();
        int myselfLines = 0;
        int lineNo = 0;
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl + 1;
            String line = text.substring(pos, end);
            pos = end;
            lineNo++;
            if (line.isEmpty() || line.charAt(0) == '\n' || line.charAt(0) == '\0') {
                continue;
            }
            List<byte[]> raw = ArgSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
            if (raw == null) {
                throw new NodesConfException(lineNo, "unbalanced quotes");
            }
            if (raw.isEmpty()) {
                throw new NodesConfException(lineNo, "line without fields");
            }
            List<String> argv = new ArrayList<>(raw.size());
            for (byte[] a : raw) {
                argv.add(new String(a, StandardCharsets.ISO_8859_1));
            }
            if (argv.get(0).equalsIgnoreCase("vars")) {
                if (argv.size() % 2 == 0) {
                    throw new NodesConfException(lineNo, "vars line needs key value pairs");
                }
                List<String> keys = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (int j = 1; j < argv.size(); j += 2) {
                    keys.add(argv.get(j));
                    values.add(argv.get(j + 1));
                }
                lines.add(new NodesConfFile.Vars(lineNo, keys, values));
                continue;
            }
            NodesConfFile.NodeLine node = parseNode(lineNo, argv);
            if ((node.flags() & NodeFlags.MYSELF) != 0) {
                myselfLines++;
                if (myselfLines > 1) {
                    throw new NodesConfException(lineNo, "a second node flagged myself");
                }
            }
            lines.add(node);
        }
        if (myselfLines == 0) {
            throw new NodesConfException(0, "no node is flagged myself");
        }
        return new NodesConfFile(lines);
    }

    private static NodesConfFile.NodeLine parseNode(int lineNo, List<String> argv) throws NodesConfException {
        if (argv.size() < 8) {
            throw new NodesConfException(lineNo, "a node line needs at least 8 fields, got " + argv.size());
        }
        String name = argv.get(0);
        if (!validName(name)) {
            throw new NodesConfException(lineNo, "invalid node name '" + name + "'");
        }
        String addr = argv.get(1);
        String hostname = null;
        int comma = addr.indexOf(',');
        if (comma >= 0) {
            hostname = addr.substring(comma + 1);
            addr = addr.substring(0, comma);
        }
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            throw new NodesConfException(lineNo, "address '" + argv.get(1) + "' has no ':port'");
        }
        String ip = addr.substring(0, colon);
        if (ip.length() > 45) {
            throw new NodesConfException(lineNo, "IP address longer than 45 characters");
        }
        String portPart = addr.substring(colon + 1);
        int at = portPart.indexOf('@');
        int port = CNumbers.atoi(at >= 0 ? portPart.substring(0, at) : portPart);
        int cport = at >= 0 ? CNumbers.atoi(portPart.substring(at + 1)) : port + 10000;

        int flags = 0;
        for (String word : argv.get(2).split(",", -1)) {
            int bit = NodeFlags.parseWord(word);
            if (bit < 0) {
                throw new NodesConfException(lineNo, "Unknown flag in redis cluster config file: '" + word + "'");
            }
            flags |= bit;
        }
        String master = null;
        if (argv.get(3).isEmpty() || argv.get(3).charAt(0) != '-') {
            if (!validName(argv.get(3))) {
                throw new NodesConfException(lineNo, "invalid master name '" + argv.get(3) + "'");
            }
            master = argv.get(3);
        }
        boolean pingSent = CNumbers.atoi(argv.get(4)) != 0;
        boolean pongReceived = CNumbers.atoi(argv.get(5)) != 0;
        long configEpoch = CNumbers.strtoull(argv.get(6));
        List<NodesConfFile.SlotToken> slots = new ArrayList<>();
        for (int j = 8; j < argv.size(); j++) {
            slots.add(parseSlotToken(lineNo, argv.get(j)));
        }
        return new NodesConfFile.NodeLine(lineNo, name, ip, port, cport, hostname, flags, master, pingSent,
            pongReceived, configEpoch, slots);
    }

    private static NodesConfFile.SlotToken parseSlotToken(int lineNo, String tok) throws NodesConfException {
        if (tok.startsWith("[")) {
            int dash = tok.indexOf('-');
            if (dash < 0 || dash + 3 > tok.length()) {
                throw new NodesConfException(lineNo, "bad open slot '" + tok + "'");
            }
            boolean migrating = tok.charAt(dash + 1) == '>';
            int slot = CNumbers.atoi(tok.substring(1, dash));
            if (slot < 0 || slot >= 16384) {
                throw new NodesConfException(lineNo, "slot out of range in '" + tok + "'");
            }
            int close = tok.indexOf(']', dash + 3);
            if (close < 0 || !validName(tok.substring(dash + 3, close))) {
                throw new NodesConfException(lineNo, "bad node name in open slot '" + tok + "'");
            }
            return new NodesConfFile.OpenSlot(slot, migrating, tok.substring(dash + 3, close));
        }
        int start;
        int stop;
        int dash = tok.indexOf('-');
        if (dash >= 0) {
            start = CNumbers.atoi(tok.substring(0, dash));
            stop = CNumbers.atoi(tok.substring(dash + 1));
        } else {
            start = CNumbers.atoi(tok);
            stop = start;
        }
        if (start < 0 || start >= 16384 || stop < 0 || stop >= 16384) {
            throw new NodesConfException(lineNo, "slot out of range in '" + tok + "'");
        }
        return new NodesConfFile.SlotRange(start, stop);
    }

    static boolean validName(String name) {
        if (name.length() != 40) {
            return false;
        }
        for (int i = 0; i < 40; i++) {
            char ch = name.charAt(i);
            if (!(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9')) {
                return false;
            }
        }
        return true;
    }
}
