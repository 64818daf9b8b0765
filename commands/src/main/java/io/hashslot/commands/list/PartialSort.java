package io.hashslot.commands.list;

import java.util.Comparator;

/**
 * The partial quicksort SORT uses when BY and LIMIT are both given (Redis's pqsort): Bentley and McIlroy's
 * three-way partitioning quicksort that only descends into partitions overlapping the requested index range.
 * It is not stable, so with equal weights the order of the returned elements depends on this exact algorithm;
 * reproducing it step for step gives the same order as Redis.
 */
final class PartialSort {
    private PartialSort() {
    }

    /** Sorts enough of {@code x} that positions [lrange, rrange] hold what a full sort would put there. */
    static <T> void sort(T[] x, Comparator<? super T> cmp, long lrange, long rrange) {
        sort(x, 0, x.length, cmp, lrange, rrange);
    }

    private static <T> void sort(T[] x, int a, int n, Comparator<? super T> cmp, long lrange, long rrange) {
        while (true) {
            if (n < 7) {
                for (int pm = a + 1; pm < a + n; pm++) {
                    for (int pl = pm; pl > a && cmp.compare(x[pl - 1], x[pl]) > 0; pl--) {
                        swap(x, pl, pl - 1);
                    }
                }
                return;
            }
            int pm = a + n / 2;
            if (n > 7) {
                int pl = a;
                int pn = a + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = median(x, cmp, pl, pl + d, pl + 2 * d);
                    pm = median(x, cmp, pm - d, pm, pm + d);
                    pn = median(x, cmp, pn - 2 * d, pn - d, pn);
                }
                pm = median(x, cmp, pl, pm, pn);
            }
            swap(x, a, pm);
            int pa = a + 1;
            int pb = pa;
            int pc = a + n - 1;
            int pd = pc;
            while (true) {
                int r;
                while (pb <= pc && (r = cmp.compare(x[pb], x[a])) <= 0) {
                    if (r == 0) {
                        swap(x, pa++, pb);
                    }
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(x[pc], x[a])) >= 0) {
                    if (r == 0) {
                        swap(x, pc, pd--);
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(x, pb++, pc--);
            }
            int pn = a + n;
            int r = Math.min(pa - a, pb - pa);
            swapRuns(x, a, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            swapRuns(x, pb, pn - r, r);
            r = pb - pa;
            if (r > 1 && overlaps(a, r, lrange, rrange)) {
                sort(x, a, r, cmp, lrange, rrange);
            }
            r = pd - pc;
            if (r > 1) {
                a = pn - r;
                n = r;
                if (overlaps(a, n, lrange, rrange)) {
                    continue;
                }
            }
            return;
        }
    }

    /** Whether elements [from, from+count) are not entirely before or entirely after [lrange, rrange]. */
    private static boolean overlaps(int from, int count, long lrange, long rrange) {
        boolean before = lrange < from && rrange < from;
        boolean after = lrange >= from + count && rrange >= from + count;
        return !before && !after;
    }

    private static <T> int median(T[] x, Comparator<? super T> cmp, int a, int b, int c) {
        if (cmp.compare(x[a], x[b]) < 0) {
            return cmp.compare(x[b], x[c]) < 0 ? b : cmp.compare(x[a], x[c]) < 0 ? c : a;
        }
        return cmp.compare(x[b], x[c]) > 0 ? b : cmp.compare(x[a], x[c]) < 0 ? a : c;
    }

    private static <T> void swap(T[] x, int i, int j) {
        T t = x[i];
        x[i] = x[j];
        x[j] = t;
    }

    private static <T> void swapRuns(T[] x, int i, int j, int n) {
        for (int k = 0; k < n; k++) {
            swap(x, i + k, j + k);
        }
    }
}
