package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.geo.GeoHash;
import io.hashslot.commands.geo.GeoShape;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.ScoreRange;
import io.hashslot.store.types.ZSetValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GEORADIUS, GEORADIUSBYMEMBER, their _RO forms, GEOSEARCH and GEOSEARCHSTORE, through one parser as Redis's
 * georadiusGeneric: the shape and options, then a scan of the nine covering geohash boxes, optional sorting by
 * distance, and a reply or a stored sorted set (of geohashes, or of distances with STOREDIST).
 */
final class GeoSearchCommand {
    private static final int COORDS = 1;
    private static final int MEMBER = 1 << 1;
    private static final int NOSTORE = 1 << 2;
    private static final int SEARCH = 1 << 3;
    private static final int SEARCHSTORE = 1 << 4;

    private enum Sort { NONE, ASC, DESC }

    private record Point(byte[] member, double lon, double lat, double dist, double score) {
    }

    void register(CommandTable t) {
        t.register("georadius", (c, argv) -> search(c, argv, 1, COORDS));
        t.register("georadiusbymember", (c, argv) -> search(c, argv, 1, MEMBER));
        t.register("georadius_ro", (c, argv) -> search(c, argv, 1, COORDS | NOSTORE));
        t.register("georadiusbymember_ro", (c, argv) -> search(c, argv, 1, MEMBER | NOSTORE));
        t.register("geosearch", (c, argv) -> search(c, argv, 1, SEARCH));
        t.register("geosearchstore", (c, argv) -> search(c, argv, 2, SEARCH | SEARCHSTORE));
    }

    private void search(Client c, byte[][] argv, int srcIdx, int flags) {
        ZSetValue z = ZSets.read(c, argv[srcIdx]);
        byte[] storeKey = null;
        boolean storeDist = false;
        int base;
        double[] centre = null;
        GeoShape shape = null;
        if ((flags & COORDS) != 0) {
            base = 6;
            centre = GeoArgs.lonLat(c, argv, 2);
            shape = circle(c, centre, argv[4], argv[5]);
        } else if ((flags & MEMBER) != 0) {
            base = 5;
            if (z != null) {
                centre = memberPosition(c, z, argv[2]);
                shape = circle(c, centre, argv[3], argv[4]);
            }
        } else {
            base = 2;
            if ((flags & SEARCHSTORE) != 0) {
                base = 3;
                storeKey = argv[1];
            }
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoord = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        boolean byRadius = false;
        boolean byBox = false;
        Sort sort = Sort.NONE;
        boolean any = false;
        long count = 0;
        double[] box = null; // width, height, toMeters
        double[] radius = null; // radius, toMeters
        boolean search = (flags & SEARCH) != 0;
        int remaining = argv.length - base;
        for (int i = 0; i < remaining; i++) {
            byte[] arg = argv[base + i];
            if (ZSets.option(arg, "withdist")) {
                withDist = true;
            } else if (ZSets.option(arg, "withhash")) {
                withHash = true;
            } else if (ZSets.option(arg, "withcoord")) {
                withCoord = true;
            } else if (ZSets.option(arg, "any")) {
                any = true;
            } else if (ZSets.option(arg, "asc")) {
                sort = Sort.ASC;
            } else if (ZSets.option(arg, "desc")) {
                sort = Sort.DESC;
            } else if (ZSets.option(arg, "count") && i + 1 < remaining) {
                count = Args.longArg(c, argv[base + i + 1]);
                if (count <= 0) {
                    throw Args.fail(c, "ERR COUNT must be > 0");
                }
                i++;
            } else if ((ZSets.option(arg, "store") || ZSets.option(arg, "storedist")) && i + 1 < remaining
                && (flags & NOSTORE) == 0 && !search) {
                storeKey = argv[base + i + 1];
                storeDist = ZSets.option(arg, "storedist");
                i++;
            } else if (ZSets.option(arg, "storedist") && search && (flags & SEARCHSTORE) != 0) {
                storeDist = true;
            } else if (ZSets.option(arg, "frommember") && i + 1 < remaining && search && !fromLonLat) {
                if (z != null) {
                    centre = memberPosition(c, z, argv[base + i + 1]);
                }
                fromMember = true;
                i++;
            } else if (ZSets.option(arg, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                centre = GeoArgs.lonLat(c, argv, base + i + 1);
                fromLonLat = true;
                i += 2;
            } else if (ZSets.option(arg, "byradius") && i + 2 < remaining && search && !byBox) {
                double r = GeoArgs.nonNegative(c, argv[base + i + 1], "radius", "ERR radius cannot be negative");
                radius = new double[] {r, GeoArgs.unit(c, argv[base + i + 2])};
                byRadius = true;
                i += 2;
            } else if (ZSets.option(arg, "bybox") && i + 3 < remaining && search && !byRadius) {
                double w = Args.doubleArg(c, argv[base + i + 1], "ERR need numeric width");
                double h = Args.doubleArg(c, argv[base + i + 2], "ERR need numeric height");
                if (h < 0 || w < 0) {
                    throw Args.fail(c, "ERR height or width cannot be negative");
                }
                box = new double[] {w, h, GeoArgs.unit(c, argv[base + i + 3])};
                byBox = true;
                i += 3;
            } else {
                throw Args.fail(c, Errors.SYNTAX);
            }
        }
        if (storeKey != null && (withDist || withHash || withCoord)) {
            throw Args.fail(c, "ERR " + ((flags & SEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (search && !(fromMember || fromLonLat)) {
            throw Args.fail(c, "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for "
                + Args.text(argv[0]));
        }
        if (search && !(byRadius || byBox)) {
            throw Args.fail(c, "ERR exactly one of BYRADIUS and BYBOX can be specified for " + Args.text(argv[0]));
        }
        if (any && count == 0) {
            throw Args.fail(c, "ERR the ANY argument requires COUNT argument");
        }
        if (z == null) {
            if (storeKey != null) {
                if (c.db().delete(storeKey)) {
                    c.server().keyModified(c.dbIndex(), storeKey);
                    ZSets.notifyGeneric(c, "del", storeKey);
                }
                c.reply().integer(0);
            } else {
                c.reply().array(0);
            }
            return;
        }
        if (search) {
            shape = byRadius ? GeoShape.circle(centre[0], centre[1], radius[0], radius[1])
                : GeoShape.box(centre[0], centre[1], box[0], box[1], box[2]);
        }
        if (count != 0 && sort == Sort.NONE && !any) {
            sort = Sort.ASC;
        }
        List<Point> found = scan(z, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            c.reply().array(0);
            return;
        }
        if (sort != Sort.NONE) {
            Comparator<Point> byDist = Comparator.comparingDouble(Point::dist);
            found.sort(sort == Sort.ASC ? byDist : byDist.reversed());
        }
        int returned = count == 0 || found.size() < count ? found.size() : (int) count;
        if (storeKey == null) {
            reply(c, found.subList(0, returned), shape.toMeters, withDist, withHash, withCoord);
        } else {
            store(c, storeKey, found.subList(0, returned), shape.toMeters, storeDist, search);
        }
    }

    private static GeoShape circle(Client c, double[] centre, byte[] radius, byte[] unit) {
        double r = GeoArgs.nonNegative(c, radius, "radius", "ERR radius cannot be negative");
        return GeoShape.circle(centre[0], centre[1], r, GeoArgs.unit(c, unit));
    }

    private static double[] memberPosition(Client c, ZSetValue z, byte[] member) {
        Double score = z.score(member);
        if (score == null) {
            throw Args.fail(c, "ERR could not decode requested zset member");
        }
        return GeoHash.position(score);
    }

    /** The members inside the shape, box by box; stops at {@code limit} matches when it is not 0 (ANY). */
    private static List<Point> scan(ZSetValue z, GeoShape shape, long limit) {
        List<Point> out = new ArrayList<>();
        GeoHash.Bits[] boxes = shape.boxes();
        int last = 0;
        for (int i = 0; i < boxes.length; i++) {
            GeoHash.Bits b = boxes[i];
            if (b.isNone() || (last != 0 && b.equals(boxes[last]))) {
                continue; // huge radii make neighbours repeat: scan each box once
            }
            if (limit != 0 && out.size() >= limit) {
                break;
            }
            long min = b.align52();
            long max = new GeoHash.Bits(b.bits() + 1, b.step()).align52();
            ScoreRange range = new ScoreRange(min, false, max, true);
            for (ZSetValue.Cursor cur = z.firstInRange(range); cur.valid(); cur.step(false)) {
                double score = cur.score();
                if (!range.belowMax(score)) {
                    break;
                }
                double[] xy = GeoHash.position(score);
                double dist = shape.distanceIfInside(xy[0], xy[1]);
                if (dist >= 0) {
                    out.add(new Point(cur.member(), xy[0], xy[1], dist, score));
                }
                if (limit != 0 && out.size() >= limit) {
                    break;
                }
            }
            last = i;
        }
        return out;
    }

    private static void reply(Client c, List<Point> points, double toMeters, boolean withDist, boolean withHash,
                              boolean withCoord) {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
        Reply r = c.reply();
        r.array(points.size());
        for (Point p : points) {
            if (options > 0) {
                r.array(options + 1);
            }
            r.bulk(p.member());
            if (withDist) {
                r.bulk(GeoArgs.distance(p.dist() / toMeters));
            }
            if (withHash) {
                r.integer((long) p.score());
            }
            if (withCoord) {
                r.array(2);
                r.doubleText(GeoArgs.coordinate(p.lon()));
                r.doubleText(GeoArgs.coordinate(p.lat()));
            }
        }
    }

    private static void store(Client c, byte[] key, List<Point> points, double toMeters, boolean storeDist,
                              boolean search) {
        if (points.isEmpty()) {
            if (c.db().delete(key)) {
                c.server().keyModified(c.dbIndex(), key);
                ZSets.notifyGeneric(c, "del", key);
            }
            c.reply().integer(0);
            return;
        }
        ZSetValue z = ZSetValue.skiplist(c.server().random(), points.size());
        long longest = 0;
        long total = 0;
        for (Point p : points) {
            z.put(p.member(), storeDist ? p.dist() / toMeters : p.score(), Long.MAX_VALUE, Long.MAX_VALUE);
            longest = Math.max(longest, p.member().length);
            total += p.member().length;
        }
        z.convertToListpackIfNeeded(ZSets.maxEntries(c), ZSets.maxValue(c), longest, total);
        ZSets.setKey(c, key, z);
        ZSets.notifyZset(c, search ? "geosearchstore" : "georadiusstore", key);
        c.server().addDirty(points.size() - 1L); // setKey counted one
        c.reply().integer(points.size());
    }
}
