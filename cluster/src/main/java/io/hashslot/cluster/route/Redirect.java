package io.hashslot.cluster.route;

/**
 * The routing decision for one command (Redis's getNodeByQuery error codes). {@link #errorText()} is the error
 * reply without the leading '-' (pass it to the client's error path as is: it carries its own error code).
 */
public sealed interface Redirect {

    /** Execute locally. */
    record None() implements Redirect {
        @Override
        public String errorText() {
            return null;
        }
    }

    /** {@code MOVED <slot> <endpoint>:<port>}. */
    record Moved(int slot, String endpoint, int port) implements Redirect {
        @Override
        public String errorText() {
            return "MOVED " + slot + " " + endpoint + ":" + port;
        }
    }

    /** {@code ASK <slot> <endpoint>:<port>}. */
    record Ask(int slot, String endpoint, int port) implements Redirect {
        @Override
        public String errorText() {
            return "ASK " + slot + " " + endpoint + ":" + port;
        }
    }

    record CrossSlot() implements Redirect {
        @Override
        public String errorText() {
            return "CROSSSLOT Keys in request don't hash to the same slot";
        }
    }

    /** Several keys of a slot being migrated or imported, not all present. */
    record TryAgain() implements Redirect {
        @Override
        public String errorText() {
            return "TRYAGAIN Multiple keys request during rehashing of slot";
        }
    }

    record DownState() implements Redirect {
        @Override
        public String errorText() {
            return "CLUSTERDOWN The cluster is down";
        }
    }

    /** Down, but cluster-allow-reads-when-down lets reads through. */
    record DownReadOnlyState() implements Redirect {
        @Override
        public String errorText() {
            return "CLUSTERDOWN The cluster is down and only accepts read commands";
        }
    }

    record DownUnbound() implements Redirect {
        @Override
        public String errorText() {
            return "CLUSTERDOWN Hash slot not served";
        }
    }

    Redirect NONE = new None();

    /** The error line without '-', or null for {@link None}. */
    String errorText();

    default boolean isNone() {
        return this instanceof None;
    }
}
