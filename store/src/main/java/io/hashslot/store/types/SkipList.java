package io.hashslot.store.types;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Redis's sorted-set skiplist: nodes ordered by (score, member bytes), each level link carrying a span so that
 * ranks are O(log n). Level of a new node: geometric with p = 1/4, at most 32.
 */
final class SkipList {
    static final int MAX_LEVEL = 32;

    static final class Node {
        final byte[] member;
        double score;
        Node backward;
        final Node[] forward;
        final long[] span;

        Node(int level, double score, byte[] member) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new long[level];
        }
    }

    final Node header = new Node(MAX_LEVEL, 0, null);
    Node tail;
    long length;
    int level = 1;
    private final RandomGenerator random;

    SkipList(RandomGenerator random) {
        this.random = random;
    }

    private int randomLevel() {
        int l = 1;
        while (l < MAX_LEVEL && random.nextInt(4) == 0) {
            l++;
        }
        return l;
    }

    static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        if (s1 < s2) {
            return -1;
        }
        if (s1 > s2) {
            return 1;
        }
        return Arrays.compareUnsigned(m1, m2);
    }

    Node insert(double score, byte[] member) {
        // the level is drawn first so the search arrays can be sized to what is used (less garbage per insert)
        int lvl = randomLevel();
        int top = Math.max(level, lvl);
        Node[] update = new Node[top];
        long[] rank = new long[top];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        Node n = new Node(lvl, score, member);
        for (int i = 0; i < lvl; i++) {
            n.forward[i] = update[i].forward[i];
            update[i].forward[i] = n;
            n.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        n.backward = update[0] == header ? null : update[0];
        if (n.forward[0] != null) {
            n.forward[0].backward = n;
        } else {
            tail = n;
        }
        length++;
        return n;
    }

    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
    }

    /** Removes the node with this score and member; returns it or null. */
    Node delete(double score, byte[] member) {
        Node[] update = new Node[level];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(x.forward[i].score, x.forward[i].member, score, member) < 0) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x != null && x.score == score && Arrays.equals(x.member, member)) {
            unlink(x, update);
            return x;
        }
        return null;
    }

    /** Changes a node's score, moving it only when its position changes (zslUpdateScore). */
    Node updateScore(Node node, double newScore) {
        Node back = node.backward;
        Node fwd = node.forward[0];
        if ((back == null || back.score < newScore || (back.score == newScore
            && Arrays.compareUnsigned(back.member, node.member) < 0))
            && (fwd == null || fwd.score > newScore || (fwd.score == newScore
            && Arrays.compareUnsigned(fwd.member, node.member) > 0))) {
            node.score = newScore;
            return node;
        }
        delete(node.score, node.member);
        return insert(newScore, node.member);
    }

    /** 1-based rank of the node with this score and member, or 0. */
    long rank(double score, byte[] member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null
                && compare(x.forward[i].score, x.forward[i].member, score, member) <= 0) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x.member != null && Arrays.equals(x.member, member)) {
                return rank;
            }
        }
        return 0;
    }

    /** The node at 1-based rank, or null. */
    Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x;
            }
        }
        return null;
    }

    /** First node whose score is within the range (score >= min, or > min when exclusive). */
    Node firstInRange(ScoreRange r) {
        if (length == 0 || !r.overlaps(header.forward[0].score, tail.score)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.aboveMin(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && r.belowMax(x.score) ? x : null;
    }

    /** Last node whose score is within the range. */
    Node lastInRange(ScoreRange r) {
        if (length == 0 || !r.overlaps(header.forward[0].score, tail.score)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && r.belowMax(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        return x != header && r.aboveMin(x.score) ? x : null;
    }

    /** zslIsInLexRange: the range is not empty by construction and overlaps [first member, last member]. */
    private boolean isInLexRange(LexRange r) {
        return length > 0 && !r.isEmpty() && r.aboveMin(tail.member) && r.belowMax(header.forward[0].member);
    }

    /**
     * First node whose member is within the lex range, found the way Redis's zslFirstInLexRange does (members are
     * in lex order only when all scores are equal, as ZRANGEBYLEX requires).
     */
    Node firstInLex(LexRange r) {
        if (!isInLexRange(r)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.aboveMin(x.forward[i].member)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && r.belowMax(x.member) ? x : null;
    }

    Node lastInLex(LexRange r) {
        if (!isInLexRange(r)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && r.belowMax(x.forward[i].member)) {
                x = x.forward[i];
            }
        }
        return x != header && r.aboveMin(x.member) ? x : null;
    }

    /** zslDeleteRangeByScore: removes nodes from the first with score >= min while score <= max. */
    long deleteRangeByScore(ScoreRange r, Consumer<byte[]> removed) {
        Node[] update = new Node[level];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.aboveMin(x.forward[i].score)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        long n = 0;
        while (x != null && r.belowMax(x.score)) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x.member);
            n++;
            x = next;
        }
        return n;
    }

    /** zslDeleteRangeByLex. */
    long deleteRangeByLex(LexRange r, Consumer<byte[]> removed) {
        Node[] update = new Node[level];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !r.aboveMin(x.forward[i].member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        long n = 0;
        while (x != null && r.belowMax(x.member)) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x.member);
            n++;
            x = next;
        }
        return n;
    }

    /** zslDeleteRangeByRank: removes nodes with 1-based rank in [start, end]. */
    long deleteRangeByRank(long start, long end, Consumer<byte[]> removed) {
        Node[] update = new Node[level];
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] < start) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward[0];
        long n = 0;
        while (x != null && traversed <= end) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x.member);
            n++;
            traversed++;
            x = next;
        }
        return n;
    }

    Node first() {
        return header.forward[0];
    }

    Node last() {
        return tail;
    }
}
