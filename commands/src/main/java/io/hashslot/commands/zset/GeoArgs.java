package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.geo.GeoHash;
import io.hashslot.common.LongDouble;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Argument parsing and number formatting shared by the geo commands, with Redis's error texts. */
final class GeoArgs {
    private GeoArgs() {
    }

    /** A longitude and latitude pair starting at {@code argv[i]}: {lon, lat}, or an error reply (aborting). */
    static double[] lonLat(Client c, byte[][] argv, int i) {
        double lon = Args.doubleArg(c, argv[i]);
        double lat = Args.doubleArg(c, argv[i + 1]);
        if (!GeoHash.valid(lon, lat)) {
            throw Args.fail(c, "ERR invalid longitude,latitude pair " + printfF(lon) + "," + printfF(lat));
        }
        return new double[] {lon, lat};
    }

    /** Meters per unit for M, KM, FT or MI (any case), or an error reply (aborting). */
    static double unit(Client c, byte[] arg) {
        if (ZSets.option(arg, "m")) {
            return 1;
        } else if (ZSets.option(arg, "km")) {
            return 1000;
        } else if (ZSets.option(arg, "ft")) {
            return 0.3048;
        } else if (ZSets.option(arg, "mi")) {
            return 1609.34;
        }
        throw Args.fail(c, "ERR unsupported unit provided. please use M, KM, FT, MI");
    }

    /** A distance that must not be negative, with its own "need numeric ..." message. */
    static double nonNegative(Client c, byte[] arg, String what, String negative) {
        double d = Args.doubleArg(c, arg, "ERR need numeric " + what);
        if (d < 0) {
            throw Args.fail(c, negative);
        }
        return d;
    }

    /** C's printf("%f"): six decimals of the exact binary value. */
    static String printfF(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        boolean negativeZero = s.charAt(0) != '-' && (d < 0 || (d == 0 && 1 / d < 0));
        return negativeZero ? "-" + s : s;
    }

    /** A distance as Redis replies it: four decimals, rounded half to even (fixedpoint_d2string). */
    static String distance(double d) {
        long scaled = (long) Math.rint(d * 10000.0);
        String sign = scaled < 0 ? "-" : "";
        long v = Math.abs(scaled);
        return sign + (v / 10000) + "." + String.format("%04d", v % 10000);
    }

    /** A coordinate as addReplyHumanLongDouble writes it (%.17Lf without trailing zeros). */
    static String coordinate(double d) {
        return LongDouble.of(new BigDecimal(d)).toHumanString();
    }
}
