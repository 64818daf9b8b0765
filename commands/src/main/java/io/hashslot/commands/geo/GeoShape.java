package io.hashslot.commands.geo;

/**
 * What a geo search looks in: a circle of {@code radius} or a box of {@code width} x {@code height} (in the
 * unit, {@code toMeters} converting) around a centre, and the geohash boxes that cover it, in the order Redis
 * scans them: the centre's box, then north, south, east, west, north-east, north-west, south-east, south-west.
 */
public final class GeoShape {
    public final double lon;
    public final double lat;
    public final boolean box;
    public final double radius;
    public final double width;
    public final double height;
    public final double toMeters;

    private GeoShape(double lon, double lat, boolean box, double radius, double width, double height,
                     double toMeters) {
        this.lon = lon;
        this.lat = lat;
        this.box = box;
        this.radius = radius;
        this.width = width;
        this.height = height;
        this.toMeters = toMeters;
    }

    public static GeoShape circle(double lon, double lat, double radius, double toMeters) {
        return new GeoShape(lon, lat, false, radius, 0, 0, toMeters);
    }

    public static GeoShape box(double lon, double lat, double width, double height, double toMeters) {
        return new GeoShape(lon, lat, true, 0, width, height, toMeters);
    }

    /** The distance in meters from the centre to a point inside the shape, or -1 when it lies outside. */
    public double distanceIfInside(double pointLon, double pointLat) {
        if (!box) {
            double d = GeoHash.distance(lon, lat, pointLon, pointLat);
            return d > radius * toMeters ? -1 : d;
        }
        if (GeoHash.latDistance(lat, pointLat) > height * toMeters / 2) {
            return -1;
        }
        if (GeoHash.distance(pointLon, pointLat, lon, pointLat) > width * toMeters / 2) {
            return -1;
        }
        return GeoHash.distance(lon, lat, pointLon, pointLat);
    }

    /** The nine boxes to scan; {@link GeoHash.Bits#NONE} marks a box that cannot hold a match. */
    public GeoHash.Bits[] boxes() {
        double halfHeight = toMeters * (box ? height / 2 : radius);
        double halfWidth = toMeters * (box ? width / 2 : radius);
        double latDelta = GeoHash.toDegrees(halfHeight / GeoHash.EARTH_RADIUS_METERS);
        double lonDeltaTop = GeoHash.toDegrees(halfWidth / GeoHash.EARTH_RADIUS_METERS
            / Math.cos(GeoHash.toRadians(lat + latDelta)));
        double lonDeltaBottom = GeoHash.toDegrees(halfWidth / GeoHash.EARTH_RADIUS_METERS
            / Math.cos(GeoHash.toRadians(lat - latDelta)));
        boolean south = lat < 0; // the wider edge is the one nearer the equator
        double minLon = south ? lon - lonDeltaBottom : lon - lonDeltaTop;
        double maxLon = south ? lon + lonDeltaBottom : lon + lonDeltaTop;
        double minLat = lat - latDelta;
        double maxLat = lat + latDelta;

        double reach = box ? Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2)) : radius;
        int steps = estimateSteps(reach * toMeters, lat);
        GeoHash.Bits centre = GeoHash.encode(lon, lat, steps);
        GeoHash.Area n = GeoHash.decode(GeoHash.move(centre, 0, 1));
        GeoHash.Area s = GeoHash.decode(GeoHash.move(centre, 0, -1));
        GeoHash.Area e = GeoHash.decode(GeoHash.move(centre, 1, 0));
        GeoHash.Area w = GeoHash.decode(GeoHash.move(centre, -1, 0));
        boolean tooCoarse = n.latMax() < maxLat || s.latMin() > minLat || e.lonMax() < maxLon
            || w.lonMin() > minLon;
        if (steps > 1 && tooCoarse) {
            steps--;
            centre = GeoHash.encode(lon, lat, steps);
        }
        GeoHash.Bits[] out = {centre, GeoHash.move(centre, 0, 1), GeoHash.move(centre, 0, -1),
            GeoHash.move(centre, 1, 0), GeoHash.move(centre, -1, 0), GeoHash.move(centre, 1, 1),
            GeoHash.move(centre, -1, 1), GeoHash.move(centre, 1, -1), GeoHash.move(centre, -1, -1)};
        if (steps >= 2) {
            GeoHash.Area area = GeoHash.decode(centre);
            if (area.latMin() < minLat) {
                drop(out, 2, 7, 8);
            }
            if (area.latMax() > maxLat) {
                drop(out, 1, 5, 6);
            }
            if (area.lonMin() < minLon) {
                drop(out, 4, 8, 6);
            }
            if (area.lonMax() > maxLon) {
                drop(out, 3, 7, 5);
            }
        }
        return out;
    }

    private static void drop(GeoHash.Bits[] boxes, int... which) {
        for (int i : which) {
            boxes[i] = GeoHash.Bits.NONE;
        }
    }

    /** The coarsest step whose boxes still hold a range of this many meters (steps by radius, as Redis does). */
    public static int estimateSteps(double meters, double lat) {
        if (meters == 0) {
            return GeoHash.STEP_MAX;
        }
        int step = 1;
        while (meters < GeoHash.MERCATOR_MAX) {
            meters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(GeoHash.STEP_MAX, step));
    }
}
