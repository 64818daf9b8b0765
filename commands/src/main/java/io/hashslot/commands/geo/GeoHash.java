package io.hashslot.commands.geo;

/**
 * The geohash arithmetic of Redis's geo commands: a position is a 52-bit integer (26 bits of latitude in the even
 * bits, 26 of longitude in the odd ones) over latitudes -85.05112878..85.05112878 and longitudes -180..180, stored
 * as a sorted set score. A hash of fewer steps is a box; its neighbours are found by adding to one coordinate.
 * Distances are haversine distances on a sphere of Redis's Earth radius.
 */
public final class GeoHash {
    public static final int STEP_MAX = 26;
    public static final double LAT_MIN = -85.05112878;
    public static final double LAT_MAX = 85.05112878;
    public static final double LONG_MIN = -180;
    public static final double LONG_MAX = 180;
    public static final double EARTH_RADIUS_METERS = 6372797.560856;
    public static final double MERCATOR_MAX = 20037726.37;
    private static final double DEG_TO_RAD = Math.PI / 180.0;

    private static final long EVEN_BITS = 0x5555555555555555L;
    private static final long ODD_BITS = 0xaaaaaaaaaaaaaaaaL;

    private GeoHash() {
    }

    /** A hash of {@code step} bits per coordinate; bits 0 with step 0 stands for "no box". */
    public record Bits(long bits, int step) {
        public static final Bits NONE = new Bits(0, 0);

        public boolean isNone() {
            return bits == 0 && step == 0;
        }

        /** The hash shifted to 52 bits: the lowest score of the box. */
        public long align52() {
            return bits << (52 - step * 2);
        }
    }

    /** A box: longitude and latitude ranges. */
    public record Area(double lonMin, double lonMax, double latMin, double latMax) {
    }

    public static double toRadians(double degrees) {
        return degrees * DEG_TO_RAD;
    }

    public static double toDegrees(double radians) {
        return radians / DEG_TO_RAD;
    }

    /** Whether a position can be indexed (GEOADD and the search centres reject others). */
    public static boolean valid(double lon, double lat) {
        return lon >= LONG_MIN && lon <= LONG_MAX && lat >= LAT_MIN && lat <= LAT_MAX;
    }

    /** The hash of a position over the given ranges; the caller checked {@link #valid}. */
    public static Bits encode(double lon, double lat, int step, double lonMin, double lonMax, double latMin,
                       double latMax) {
        double latOffset = (lat - latMin) / (latMax - latMin) * (1L << step);
        double lonOffset = (lon - lonMin) / (lonMax - lonMin) * (1L << step);
        return new Bits(interleave(toUint32(latOffset), toUint32(lonOffset)), step);
    }

    public static Bits encode(double lon, double lat, int step) {
        return encode(lon, lat, step, LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX);
    }

    /** The 52-bit score GEOADD stores for a position. */
    public static long score(double lon, double lat) {
        return encode(lon, lat, STEP_MAX).align52();
    }

    private static long toUint32(double v) {
        return ((long) v) & 0xffffffffL; // C's conversion to uint32_t of an in-range value
    }

    /** The bits of {@code even} in the even positions, those of {@code odd} in the odd ones. */
    private static long interleave(long even, long odd) {
        return spread(even) | (spread(odd) << 1);
    }

    private static long spread(long v) {
        long x = v & 0xffffffffL;
        x = (x | (x << 16)) & 0x0000ffff0000ffffL;
        x = (x | (x << 8)) & 0x00ff00ff00ff00ffL;
        x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0fL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & EVEN_BITS;
        return x;
    }

    private static long squeeze(long v) {
        long x = v & EVEN_BITS;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0f0f0f0f0f0f0f0fL;
        x = (x | (x >>> 4)) & 0x00ff00ff00ff00ffL;
        x = (x | (x >>> 8)) & 0x0000ffff0000ffffL;
        x = (x | (x >>> 16)) & 0x00000000ffffffffL;
        return x;
    }

    /** The box a hash stands for. */
    public static Area decode(Bits hash) {
        long lat = squeeze(hash.bits());
        long lon = squeeze(hash.bits() >>> 1);
        double cells = 1L << hash.step();
        double latScale = LAT_MAX - LAT_MIN;
        double lonScale = LONG_MAX - LONG_MIN;
        return new Area(LONG_MIN + (lon * 1.0 / cells) * lonScale, LONG_MIN + ((lon + 1) * 1.0 / cells) * lonScale,
            LAT_MIN + (lat * 1.0 / cells) * latScale, LAT_MIN + ((lat + 1) * 1.0 / cells) * latScale);
    }

    /** The position a stored score stands for: the centre of its 26-step box, kept inside the valid ranges. */
    public static double[] position(double score) {
        Area a = decode(new Bits((long) score, STEP_MAX));
        double lon = Math.max(LONG_MIN, Math.min(LONG_MAX, (a.lonMin() + a.lonMax()) / 2));
        double lat = Math.max(LAT_MIN, Math.min(LAT_MAX, (a.latMin() + a.latMax()) / 2));
        return new double[] {lon, lat};
    }

    /** The neighbouring box {@code dx} steps east and {@code dy} steps north (each -1, 0 or 1). */
    public static Bits move(Bits h, int dx, int dy) {
        long bits = h.bits();
        int shift = 64 - h.step() * 2;
        if (dx != 0) {
            bits = (step(bits & ODD_BITS, EVEN_BITS >>> shift, dx) & (ODD_BITS >>> shift)) | (bits & EVEN_BITS);
        }
        if (dy != 0) {
            bits = (step(bits & EVEN_BITS, ODD_BITS >>> shift, dy) & (EVEN_BITS >>> shift)) | (bits & ODD_BITS);
        }
        return new Bits(bits, h.step());
    }

    /** Adds or subtracts one to the coordinate whose bits are in {@code coord}, carrying across the others. */
    private static long step(long coord, long others, int d) {
        return d > 0 ? coord + (others + 1) : (coord | others) - (others + 1);
    }

    /** Great-circle distance in meters (the haversine formula Redis uses). */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        double v = Math.sin((toRadians(lon2) - toRadians(lon1)) / 2);
        if (v == 0.0) {
            return latDistance(lat1, lat2);
        }
        double lat1r = toRadians(lat1);
        double lat2r = toRadians(lat2);
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(a));
    }

    /** Distance along a meridian. */
    public static double latDistance(double lat1, double lat2) {
        return EARTH_RADIUS_METERS * Math.abs(toRadians(lat2) - toRadians(lat1));
    }

    /** GEOHASH's 11-character string: the position re-encoded over the standard -90..90 latitude range. */
    public static String standardString(double score) {
        String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
        double[] xy = position(score);
        long bits = encode(xy[0], xy[1], STEP_MAX, -180, 180, -90, 90).bits();
        StringBuilder sb = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt((int) ((bits >>> (52 - (i + 1) * 5)) & 0x1f)));
        }
        return sb.append('0').toString(); // 52 bits fill ten characters; the 11th is always 0
    }
}
