package io.hashslot.commands.geo;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/** The geohash arithmetic: exact round trips, neighbours, and search boxes that cover every match. */
class GeoHashPropertyTest {
    private static final double LON_CELL = 360.0 / (1L << GeoHash.STEP_MAX);
    private static final double LAT_CELL = (GeoHash.LAT_MAX - GeoHash.LAT_MIN) / (1L << GeoHash.STEP_MAX);

    @Property
    void aStoredPositionIsTheCentreOfItsCell(
        @ForAll @Scale(9) @DoubleRange(min = -180, max = 180) double lon,
        @ForAll @Scale(9) @DoubleRange(min = -85.05112878, max = 85.05112878) double lat) {
        Assume.that(lon < GeoHash.LONG_MAX && lat < GeoHash.LAT_MAX); // the top edge overflows 52 bits, as in Redis
        long score = GeoHash.score(lon, lat);
        assertThat(score).isBetween(0L, (1L << 52) - 1);
        double[] xy = GeoHash.position(score);
        assertThat(Math.abs(xy[0] - lon)).isLessThanOrEqualTo(LON_CELL / 2 + 1e-12);
        assertThat(Math.abs(xy[1] - lat)).isLessThanOrEqualTo(LAT_CELL / 2 + 1e-12);
        assertThat(GeoHash.score(xy[0], xy[1])).isEqualTo(score);
    }

    @Property
    void neighboursShareAnEdgeAndMoveBack(
        @ForAll @Scale(9) @DoubleRange(min = -179, max = 179) double lon,
        @ForAll @Scale(9) @DoubleRange(min = -84, max = 84) double lat,
        @ForAll @IntRange(min = 1, max = 26) int step) {
        GeoHash.Bits h = GeoHash.encode(lon, lat, step);
        GeoHash.Area a = GeoHash.decode(h);
        GeoHash.Area east = GeoHash.decode(GeoHash.move(h, 1, 0));
        GeoHash.Area north = GeoHash.decode(GeoHash.move(h, 0, 1));
        Assume.that(a.lonMax() < 180 && a.latMax() < GeoHash.LAT_MAX); // no wrap-around at the edges
        assertThat(east.lonMin()).isEqualTo(a.lonMax());
        assertThat(east.latMin()).isEqualTo(a.latMin());
        assertThat(north.latMin()).isEqualTo(a.latMax());
        assertThat(north.lonMin()).isEqualTo(a.lonMin());
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                assertThat(GeoHash.move(GeoHash.move(h, dx, dy), -dx, -dy)).isEqualTo(h);
            }
        }
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void theBoxesOfACircleHoldEveryPointInsideIt(
        @ForAll @Scale(9) @DoubleRange(min = -180, max = 180) double lon,
        @ForAll @Scale(9) @DoubleRange(min = -80, max = 80) double lat,
        @ForAll @Scale(3) @DoubleRange(min = 0, max = 2_000_000) double radius,
        @ForAll @Scale(9) @DoubleRange(min = 0, max = 6.283185307) double bearing,
        @ForAll @Scale(9) @DoubleRange(min = 0, max = 0.999) double fraction) {
        // the point at that bearing and fraction of the radius from the centre (spherical destination formula)
        double angle = fraction * radius / GeoHash.EARTH_RADIUS_METERS;
        double lat1 = GeoHash.toRadians(lat);
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle)
            + Math.cos(lat1) * Math.sin(angle) * Math.cos(bearing));
        double lon2 = GeoHash.toRadians(lon) + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(lat1),
            Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
        double plat = GeoHash.toDegrees(lat2);
        double plon = wrap(GeoHash.toDegrees(lon2));
        assertThat(coveredIfInside(GeoShape.circle(lon, lat, radius, 1), plon, plat)).isLessThanOrEqualTo(radius);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void theBoxesOfARectangleHoldEveryPointInsideIt(
        @ForAll @Scale(9) @DoubleRange(min = -180, max = 180) double lon,
        @ForAll @Scale(9) @DoubleRange(min = -80, max = 80) double lat,
        @ForAll @Scale(3) @DoubleRange(min = 0, max = 2_000_000) double width,
        @ForAll @Scale(3) @DoubleRange(min = 0, max = 2_000_000) double height,
        @ForAll @Scale(9) @DoubleRange(min = -0.999, max = 0.999) double fx,
        @ForAll @Scale(9) @DoubleRange(min = -0.999, max = 0.999) double fy) {
        double plat = lat + fy * GeoHash.toDegrees(height / 2 / GeoHash.EARTH_RADIUS_METERS);
        // along the point's parallel, so the great-circle distance to the centre's meridian is shorter still
        double plon = wrap(lon + fx * GeoHash.toDegrees(width / 2 / GeoHash.EARTH_RADIUS_METERS)
            / Math.cos(GeoHash.toRadians(plat)));
        coveredIfInside(GeoShape.box(lon, lat, width, height, 1), plon, plat);
    }

    /**
     * Stores the point as GEOADD would; when its stored position (the cell centre, which can fall just outside
     * a shape the point was inside) is inside the shape, asserts that a search box holds its score. Returns the
     * stored position's distance from the centre.
     */
    private static double coveredIfInside(GeoShape shape, double plon, double plat) {
        Assume.that(GeoHash.valid(plon, plat));
        long score = GeoHash.score(plon, plat);
        double[] stored = GeoHash.position(score);
        double d = shape.distanceIfInside(stored[0], stored[1]);
        Assume.that(d >= 0);
        assertThat(covered(shape.boxes(), score)).as("score %d at %f,%f", score, stored[0], stored[1]).isTrue();
        return d;
    }

    private static double wrap(double lon) {
        return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
    }

    @Property
    void distanceIsSymmetricAndZeroForTheSamePoint(
        @ForAll @Scale(9) @DoubleRange(min = -180, max = 180) double lon1,
        @ForAll @Scale(9) @DoubleRange(min = -85, max = 85) double lat1,
        @ForAll @Scale(9) @DoubleRange(min = -180, max = 180) double lon2,
        @ForAll @Scale(9) @DoubleRange(min = -85, max = 85) double lat2) {
        assertThat(GeoHash.distance(lon1, lat1, lon1, lat1)).isZero();
        double d = GeoHash.distance(lon1, lat1, lon2, lat2);
        assertThat(d).isBetween(0.0, Math.PI * GeoHash.EARTH_RADIUS_METERS + 1);
        assertThat(GeoHash.distance(lon2, lat2, lon1, lat1)).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-6));
    }

    private static boolean covered(GeoHash.Bits[] boxes, long score) {
        for (GeoHash.Bits b : boxes) {
            if (b.isNone()) {
                continue;
            }
            long min = b.align52();
            long max = new GeoHash.Bits(b.bits() + 1, b.step()).align52();
            if (score >= min && score < max) {
                return true;
            }
        }
        return false;
    }
}
