package io.hashslot.common.config;

/**
 * Renders docs/configuration.md from the directive table, so the reference cannot drift from what the node
 * accepts: every directive with its aliases, default, whether Hashslot acts on it, and whether CONFIG SET may
 * change it at runtime. A test in this module keeps the file in sync.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration reference\n\n");
        sb.append("Hashslot reads `redis.conf` files and `--directive value` arguments exactly as `redis-server` 7.0 does")
            .append(" and answers CONFIG GET for every directive below.\n")
            .append("\"Acts on it: no\" means the directive is accepted and kept (CONFIG GET, CONFIG REWRITE) but has no")
            .append(" effect in Hashslot; setting it is logged at verbose level.\n")
            .append("\"Runtime\" says whether CONFIG SET may change it.\n\n");
        sb.append("This file is generated from `common/.../config/Directives.java` by `ConfigReference`; ")
            .append("`ConfigReferenceTest` fails when it is out of date (regenerate with ")
            .append("`mvn -q -pl common test -Dtest=ConfigReferenceTest -Dconfig.reference.write=true`).\n\n");
        sb.append("| Directive | Aliases | Default | Acts on it | Runtime |\n");
        sb.append("| --- | --- | --- | --- | --- |\n");
        for (Directive d : Directives.ALL) {
            if (d.has(ConfigFlag.HIDDEN)) {
                continue;
            }
            sb.append("| `").append(d.name()).append("` | ");
            sb.append(d.aliases().isEmpty() ? "" : "`" + String.join("`, `", d.aliases()) + "`").append(" | ");
            String def = d.defaultText();
            sb.append(def.isEmpty() ? "\"\"" : "`" + def.replace("|", "\\|") + "`").append(" | ");
            sb.append(d.effective() ? "yes" : "no").append(" | ");
            sb.append(d.has(ConfigFlag.IMMUTABLE) ? "no (startup only)"
                : d.has(ConfigFlag.PROTECTED) ? "if enable-protected-configs allows" : "yes").append(" |\n");
        }
        sb.append("\n## Accepted for compatibility\n\n");
        sb.append("Accepted in config files and ignored, as Redis 7.0 ignores them: ");
        sb.append("`").append(String.join("`, `", Directives.IGNORED)).append("`.\n\n");
        sb.append("The seeds' Redis 2.x names are aliases of their successors: ");
        for (int i = 0; i < Directives.LEGACY_ALIASES.size(); i++) {
            String[] a = Directives.LEGACY_ALIASES.get(i);
            sb.append(i == 0 ? "" : ", ").append('`').append(a[0]).append("` → `").append(a[1]).append('`');
        }
        sb.append(".\n\nThe `vm-*` directives of Redis 2.4 are refused with Redis's \"Bad directive or wrong number of ")
            .append("arguments\" error, as Redis 3.0 and later refuse them.\n");
        return sb.toString();
    }
}
