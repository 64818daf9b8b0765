package io.hashslot.commands.zset;

import io.hashslot.commands.Args;
import io.hashslot.commands.Client;
import io.hashslot.commands.CommandTable;
import io.hashslot.commands.Errors;
import io.hashslot.commands.geo.GeoHash;
import io.hashslot.protocol.Reply;
import io.hashslot.store.types.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * GEOADD, GEOPOS, GEOHASH, GEODIST and the searches (in {@link GeoSearchCommand}). Places live in a sorted set
 * whose scores are 52-bit geohashes, so every sorted set command works on them too; GEOADD is ZADD with
 * computed scores, and it is what replicas and the AOF receive.
 */
final class GeoCommands {
    private static final byte[] ZADD = "zadd".getBytes(StandardCharsets.US_ASCII);

    void register(CommandTable t) {
        t.register("geoadd", this::geoadd);
        t.register("geopos", this::geopos);
        t.register("geohash", this::geohash);
        t.register("geodist", this::geodist);
        new GeoSearchCommand().register(t);
    }

    private void geoadd(Client c, byte[][] argv) {
        boolean nx = false;
        boolean xx = false;
        int first = 2;
        while (first < argv.length) {
            if (ZSets.option(argv[first], "nx")) {
                nx = true;
            } else if (ZSets.option(argv[first], "xx")) {
                xx = true;
            } else if (!ZSets.option(argv[first], "ch")) {
                break;
            }
            first++;
        }
        if ((argv.length - first) % 3 != 0 || (xx && nx)) {
            throw Args.fail(c, Errors.SYNTAX);
        }
        int elements = (argv.length - first) / 3;
        byte[][] zadd = new byte[first + elements * 2][];
        zadd[0] = ZADD;
        System.arraycopy(argv, 1, zadd, 1, first - 1);
        for (int i = 0; i < elements; i++) {
            int at = first + i * 3;
            double[] xy = GeoArgs.lonLat(c, argv, at);
            zadd[first + i * 2] = Args.bytes(Long.toString(GeoHash.score(xy[0], xy[1])));
            zadd[first + i * 2 + 1] = argv[at + 2];
        }
        c.rewriteArgv(zadd);
        ZAddCommand.zadd(c, zadd, 0);
    }

    private void geopos(Client c, byte[][] argv) {
        eachMember(c, argv, (r, score) -> {
            if (score == null) {
                r.nullArray();
                return;
            }
            double[] xy = GeoHash.position(score);
            r.array(2);
            r.doubleText(GeoArgs.coordinate(xy[0]));
            r.doubleText(GeoArgs.coordinate(xy[1]));
        });
    }

    private void geohash(Client c, byte[][] argv) {
        eachMember(c, argv, (r, score) -> {
            if (score == null) {
                r.nullBulk();
            } else {
                r.bulk(GeoHash.standardString(score));
            }
        });
    }

    /** One reply per member named from argv[2] on, given its score or null (missing member or key). */
    private static void eachMember(Client c, byte[][] argv, BiConsumer<Reply, Double> replyFor) {
        ZSetValue z = ZSets.read(c, argv[1]);
        Reply r = c.reply();
        r.array(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            replyFor.accept(r, z == null ? null : z.score(argv[j]));
        }
    }

    private void geodist(Client c, byte[][] argv) {
        double toMeters = 1;
        if (argv.length == 5) {
            toMeters = GeoArgs.unit(c, argv[4]);
        } else if (argv.length > 5) {
            throw Args.fail(c, Errors.SYNTAX);
        }
        ZSetValue z = ZSets.read(c, argv[1]);
        Double s1 = z == null ? null : z.score(argv[2]);
        Double s2 = z == null || s1 == null ? null : z.score(argv[3]);
        if (s2 == null) {
            c.reply().nullBulk();
            return;
        }
        double[] a = GeoHash.position(s1);
        double[] b = GeoHash.position(s2);
        c.reply().bulk(GeoArgs.distance(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeters));
    }
}
